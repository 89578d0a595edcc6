"""tools/lock_requirements.py: two pin files, resolved for the oldest Python, checked on the newer ones.

pip's resolution is replaced by a table here (the real one needs the package index);
``make lock`` and the fresh-machine check run the real thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from tool_scripts import load_tool

lock_requirements = load_tool("lock_requirements")

SITE = {"mkdocs": "1.6.1", "pymdown-extensions": "12.3", "Jinja2": "3.1.6"}
TESTS = {"pytest": "9.2.0", "soupsieve": "2.10"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "requirements.in").write_text("mkdocs>=1.6.1,<1.7\n", encoding="utf-8")
    (tmp_path / "requirements-dev.in").write_text("pytest>=9,<10\n", encoding="utf-8")
    (tmp_path / "requirements.txt").write_text("old\n", encoding="utf-8")
    (tmp_path / "requirements-dev.txt").write_text("old\n", encoding="utf-8")
    return tmp_path


def fake_pip(newer_needs: dict[str, str] | None = None):
    asked: list[tuple[str, tuple[str, ...]]] = []

    def resolve(arguments: Sequence[str], python_version: str) -> dict[str, str]:
        asked.append((python_version, tuple(Path(a).name if "/" in a else a for a in arguments)))
        if python_version != lock_requirements.OLDEST:
            return {**SITE, **TESTS, **(newer_needs or {})}
        if "requirements-dev.in" in " ".join(arguments):
            return {**SITE, "jinja2": "3.1.6", **TESTS}  # the site's pins come back too
        return dict(SITE)

    return resolve, asked


def test_both_files_are_pinned_for_the_oldest_python_and_checked_on_each_newer_one(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    resolve, asked = fake_pip()
    monkeypatch.setattr(lock_requirements, "resolve", resolve)
    site, tests = lock_requirements.lock(root)
    assert site == SITE
    assert tests == TESTS  # nothing requirements.txt already pins, in any spelling
    site_lines = (root / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in site_lines if not line.startswith("#")] == ["Jinja2==3.1.6", "mkdocs==1.6.1", "pymdown-extensions==12.3"]
    assert "soupsieve==2.10" in (root / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
    assert [version for version, _ in asked] == ["3.11.2", "3.11.2", "3.12", "3.13", "3.14"]
    assert asked[1][1][-2:] == ("-c", "site.txt")  # the tests' set resolved against the site's pins


def test_a_package_only_a_newer_python_needs_stops_the_lock(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    resolve, _ = fake_pip(newer_needs={"audioop-lts": "0.2.1"})
    monkeypatch.setattr(lock_requirements, "resolve", resolve)
    with pytest.raises(lock_requirements.LockError, match="Python 3.12 also needs audioop-lts"):
        lock_requirements.lock(root)
    assert (root / "requirements.txt").read_text(encoding="utf-8") == "old\n"
    assert (root / "requirements-dev.txt").read_text(encoding="utf-8") == "old\n"


def test_names_compare_as_package_indexes_compare_them() -> None:
    assert lock_requirements.canonical("PyYAML") == lock_requirements.canonical("pyyaml")
    assert lock_requirements.canonical("pyyaml_env_tag") == lock_requirements.canonical("pyyaml-env-tag")
    assert lock_requirements.canonical("typing.extensions") == "typing-extensions"
