"""tools/setup_env.py: a .venv is reused only when it is whole and made by this Python.

Installs are replaced by recorders here (the fresh-machine check, tools/fresh_machine_check.sh,
runs the real ones); venvs are folders with a ``bin/python`` that really runs.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path

import pytest

from tool_scripts import load_tool

setup_env = load_tool("setup_env")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project folder with both requirement files."""
    (tmp_path / "requirements.txt").write_text("mkdocs==1.6.1\n", encoding="utf-8")
    (tmp_path / "requirements-dev.txt").write_text("pytest==9.2.0\n", encoding="utf-8")
    return tmp_path


def fake_venv(venv: Path) -> None:
    """A venv whose python is this test's interpreter (so it runs, as the same version)."""
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)


@pytest.fixture
def installs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """What ensure_venv made and installed, instead of doing it."""
    done: list[tuple[str, ...]] = []

    def make_venv(venv: Path) -> None:
        done.append(("venv",))
        fake_venv(venv)

    def pip_install(venv: Path, files: list[Path], why: str) -> None:
        done.append(("pip", *[path.name for path in files]))

    monkeypatch.setattr(setup_env, "make_venv", make_venv)
    monkeypatch.setattr(setup_env, "pip_install", pip_install)
    return done


def test_a_new_venv_gets_a_record_of_this_python_and_of_what_it_installed(root: Path, installs: list) -> None:
    venv = root / ".venv"
    setup_env.ensure_venv(venv, ["requirements.txt"], root)
    assert installs == [("venv",), ("pip", "requirements.txt")]
    record = json.loads((venv / "storysite-setup.json").read_text(encoding="utf-8"))
    assert record["version"] == platform.python_version()
    assert record["python"] == os.path.realpath(getattr(sys, "_base_executable", sys.executable))
    assert record["installed"] == {"requirements.txt": setup_env.digest(root / "requirements.txt")}


def test_a_whole_venv_is_reused_without_installing(root: Path, installs: list) -> None:
    venv = root / ".venv"
    setup_env.ensure_venv(venv, ["requirements.txt", "requirements-dev.txt"], root)
    installs.clear()
    setup_env.ensure_venv(venv, ["requirements.txt", "requirements-dev.txt"], root)
    setup_env.ensure_venv(venv, ["requirements.txt"], root)  # make serve after make test
    assert installs == []


def test_make_test_after_make_serve_adds_only_the_tests_set(root: Path, installs: list) -> None:
    venv = root / ".venv"
    setup_env.ensure_venv(venv, ["requirements.txt"], root)
    installs.clear()
    setup_env.ensure_venv(venv, ["requirements.txt", "requirements-dev.txt"], root)
    assert installs == [("pip", "requirements-dev.txt")]


def test_a_changed_site_set_is_installed_again_and_the_tests_set_after_it(root: Path, installs: list) -> None:
    venv = root / ".venv"
    setup_env.ensure_venv(venv, ["requirements.txt", "requirements-dev.txt"], root)
    (root / "requirements.txt").write_text("mkdocs==1.6.1\nPillow==13.0.0\n", encoding="utf-8")
    installs.clear()
    setup_env.ensure_venv(venv, ["requirements.txt"], root)
    assert installs == [("pip", "requirements.txt")]
    setup_env.ensure_venv(venv, ["requirements.txt", "requirements-dev.txt"], root)
    assert installs == [("pip", "requirements.txt"), ("pip", "requirements-dev.txt")]


def test_a_venv_without_a_record_is_made_again(root: Path, installs: list) -> None:
    venv = root / ".venv"
    fake_venv(venv)  # as `python3 -m venv` leaves it when ensurepip is missing, or an older Makefile
    (venv / "left-over").write_text("", encoding="utf-8")
    setup_env.ensure_venv(venv, ["requirements.txt"], root)
    assert installs == [("venv",), ("pip", "requirements.txt")]
    assert not (venv / "left-over").exists()


def test_a_venv_made_by_another_python_is_made_again(root: Path, installs: list) -> None:
    venv = root / ".venv"
    setup_env.ensure_venv(venv, ["requirements.txt"], root)
    record = json.loads((venv / "storysite-setup.json").read_text(encoding="utf-8"))
    (venv / "storysite-setup.json").write_text(json.dumps({**record, "version": "3.99.1", "python": "/opt/other/bin/python3.99"}), encoding="utf-8")
    assert "made by Python 3.99.1 at /opt/other/bin/python3.99" in setup_env.stale_reason(venv)
    installs.clear()
    setup_env.ensure_venv(venv, ["requirements.txt"], root)
    assert installs == [("venv",), ("pip", "requirements.txt")]


def test_a_venv_whose_python_no_longer_runs_is_made_again(root: Path, installs: list) -> None:
    venv = root / ".venv"
    setup_env.ensure_venv(venv, ["requirements.txt"], root)
    (venv / "bin" / "python").unlink()
    (venv / "bin" / "python").symlink_to(root / "no-such-python")
    assert setup_env.stale_reason(venv) == "its python no longer runs"


def test_a_failed_install_leaves_no_record(root: Path, installs: list, monkeypatch: pytest.MonkeyPatch) -> None:
    venv = root / ".venv"
    setup_env.ensure_venv(venv, ["requirements.txt"], root)

    def failing(venv: Path, files: list[Path], why: str) -> None:
        raise setup_env.SetupError("pip could not install requirements-dev.txt")

    monkeypatch.setattr(setup_env, "pip_install", failing)
    with pytest.raises(setup_env.SetupError):
        setup_env.ensure_venv(venv, ["requirements.txt", "requirements-dev.txt"], root)
    assert not (venv / "storysite-setup.json").exists()
    assert "no record" in setup_env.stale_reason(venv)


def test_without_ensurepip_the_venv_package_is_installed_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    asked: list[list[str]] = []

    def apt_install(packages: list[str], why: str) -> None:
        asked.append(packages)
        raise setup_env.SetupError("stop here")

    monkeypatch.setattr(setup_env, "can_make_venvs", lambda: False)
    monkeypatch.setattr(setup_env, "apt_install", apt_install)
    with pytest.raises(setup_env.SetupError):
        setup_env.make_venv(tmp_path / ".venv")
    assert asked == [[f"python{sys.version_info[0]}.{sys.version_info[1]}-venv"]]


def test_not_root_and_no_sudo_says_what_to_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(setup_env.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(setup_env.shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None)
    with pytest.raises(setup_env.SetupError) as refused:
        setup_env.apt_install(["python3.11-venv"], "installing python3.11-venv (a few MB)")
    assert "this system has no sudo" in str(refused.value)
    assert "as root, type  apt-get install python3.11-venv" in str(refused.value)


def test_no_apt_get_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(setup_env.shutil, "which", lambda name: None)
    with pytest.raises(setup_env.SetupError) as refused:
        setup_env.apt_install(["chromium"], "installing Chromium for the browser tests (about 800 MB)")
    assert "the system package(s) chromium" in str(refused.value) and "no apt-get" in str(refused.value)


def test_a_too_old_python_is_refused_with_what_to_do(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(setup_env, "OLDEST_PYTHON", (99, 0))
    assert setup_env.main(["site", "--venv", "/nonexistent/.venv"]) == 1
    assert "needs 99.0 or newer" in capsys.readouterr().err


def test_every_command_of_the_makefile_runs_the_setup_first() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    rules = [line for line in makefile.splitlines() if ":" in line and not line.startswith(("\t", "#", " ")) and "=" not in line]
    needing_venv = {"serve", "build", "test", "consent-report", "story", "schema", "bench", "lock"}
    for rule in rules:
        target, prerequisites = rule.split(":", 1)
        if target in needing_venv:
            assert prerequisites.split() in (["$(STAMP)"], ["test-setup"]), rule
    assert "\t@$(SETUP) site" in makefile and "\t@$(SETUP) test" in makefile
    assert "--silent" not in makefile and "--quiet" not in makefile


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == "make test"
    assert "make test    # run the whole test suite" in (REPO / "README.md").read_text(encoding="utf-8")


def test_playwrights_driver_without_libatomic_asks_for_libatomic1(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Debian 12: chromium is there, but Playwright's Node.js cannot load libatomic.so.1.
    monkeypatch.setattr(setup_env, "CHROMIUM", Path(sys.executable))
    monkeypatch.setattr(setup_env, "playwright_driver_error", lambda venv: (
        "driver/node: error while loading shared libraries: libatomic.so.1: cannot open shared object file"))
    assert setup_env.browser_packages(tmp_path) == ["libatomic1"]
    monkeypatch.setattr(setup_env, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setattr(setup_env, "playwright_driver_error", lambda venv: None)
    assert setup_env.browser_packages(tmp_path) == ["chromium"]


def test_the_playwright_driver_of_this_venv_starts() -> None:
    assert setup_env.playwright_driver_error(Path(sys.prefix)) is None


def test_a_linked_venv_is_never_removed(root: Path, installs: list, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "env"
    fake_venv(elsewhere)
    (root / ".venv").symlink_to(elsewhere)
    with pytest.raises(setup_env.SetupError, match="is a link to"):
        setup_env.ensure_venv(root / ".venv", ["requirements.txt"], root)
    assert (elsewhere / "bin" / "python").exists() and installs == []


def test_make_cms_installs_node_with_the_tests_set_then_the_form(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(setup_env, "ensure_venv", lambda venv, files: calls.append(("venv", *files)))
    for step in ("ensure_cms", "ensure_actionlint", "ensure_browser"):
        monkeypatch.setattr(setup_env, step, lambda venv, step=step: calls.append((step,)))
    assert setup_env.main(["cms", "--venv", "/nonexistent/.venv"]) == 0
    assert calls == [("venv", "requirements.txt", "pyproject.toml", "requirements-dev.txt"), ("ensure_cms",)]
    calls.clear()
    assert setup_env.main(["test", "--venv", "/nonexistent/.venv"]) == 0
    assert ("ensure_cms",) in calls and ("ensure_browser",) in calls


def test_npm_ci_runs_once_per_lock_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "cms"
    (folder / "node_modules").mkdir(parents=True)
    (folder / "package-lock.json").write_text("{}", encoding="utf-8")
    runs: list[list[str]] = []

    class Done:
        returncode = 0

    monkeypatch.setattr(setup_env, "node_folder", lambda venv: tmp_path / "node")
    monkeypatch.setattr(setup_env.subprocess, "run", lambda command, **_: runs.append(command) or Done())
    setup_env.npm_ci(tmp_path / ".venv", folder, "installing")
    setup_env.npm_ci(tmp_path / ".venv", folder, "installing")
    assert len(runs) == 1 and runs[0][-3:] == ["ci", "--no-audit", "--no-fund"]
    (folder / "package-lock.json").write_text('{"changed": true}', encoding="utf-8")
    setup_env.npm_ci(tmp_path / ".venv", folder, "installing")
    assert len(runs) == 2
