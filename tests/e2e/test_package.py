"""The project as an installed package: ``storysite`` and the commands import by name from any
folder, nothing edits ``sys.path``, make's set-up installs it, and photo workers start without
forking the (threaded) process that asks for them."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import subprocess
import sys
import sysconfig
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from PIL import Image

from storysite import parallel_work
from storysite.photos import PhotoJob, process_photos
from tool_scripts import load_tool

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "hooks" / "storysite"
setup_env = load_tool("setup_env")


def python_files() -> list[Path]:
    return sorted(path for folder in ("hooks", "tools", "bench", "tests") for path in (REPO / folder).rglob("*.py")
                  if "node_modules" not in path.parts)


def commands() -> list[str]:
    """Every command module of tools/ and bench/, as ``python -m`` names it."""
    modules = [f"{path.parent.name}.{path.stem}" for folder in ("tools", "bench")
               for path in sorted((REPO / folder).glob("*.py")) if path.stem != "__init__"]
    packages = [f"tools.{path.parent.name}" for path in sorted((REPO / "tools").glob("*/__main__.py"))]
    return modules + packages


# --- no sys.path edits ------------------------------------------------------------------------


def test_no_module_reads_or_edits_sys_path() -> None:
    touching = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Attribute) and node.attr == "path" and isinstance(node.value, ast.Name) and node.value.id == "sys":
                touching.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert touching == [], "import by name (the project is installed); do not edit sys.path"


def test_pytest_adds_no_import_path() -> None:
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "pythonpath" not in settings


# --- the install --------------------------------------------------------------------------------


def installed() -> importlib.metadata.Distribution:
    """The project as pip installed it into this environment (not a build's leftover egg-info)."""
    found = list(importlib.metadata.distributions(name="storysite", path=[sysconfig.get_paths()["purelib"]]))
    assert len(found) == 1, "run make: the set-up installs the project into .venv"
    return found[0]


def test_the_virtual_environment_holds_this_checkout_in_editable_mode() -> None:
    distribution = installed()
    direct_url = json.loads(distribution.read_text("direct_url.json") or "{}")
    assert direct_url.get("dir_info", {}).get("editable") is True, "run make: the set-up installs the project with pip install -e"
    assert direct_url["url"] == REPO.as_uri()


def test_the_declared_dependencies_are_the_ranges_of_requirements_in() -> None:
    def ranges(lines: list[str]) -> set[tuple[str, str]]:
        return {(requirement.name.lower(), str(requirement.specifier)) for requirement in map(Requirement, lines)}

    lines = [line.split("#")[0].strip() for line in (REPO / "requirements.in").read_text(encoding="utf-8").splitlines()]
    declared = installed().requires or []
    assert ranges(declared) == ranges([line for line in lines if line]), "run make: the install reads them from requirements.in"


def test_the_pins_satisfy_every_declared_range() -> None:
    done = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_fresh_interpreter_in_another_folder_imports_the_checkout(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import storysite.photos, tools.new_story, bench.photo_benchmark; print(storysite.photos.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == PACKAGE / "photos.py"
    assert parallel_work.fresh_import_folder() == PACKAGE


@pytest.mark.parametrize("module", commands())
def test_every_command_runs_as_a_module_from_any_folder(module: str, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", module, "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:")


def test_the_makefile_runs_commands_as_modules() -> None:
    recipes = [line.strip() for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines() if line.startswith("\t$(BIN)/python")]
    assert recipes and all(recipe.startswith(("$(BIN)/python -m tools.", "$(BIN)/python -m bench.", "$(BIN)/python -m pytest")) for recipe in recipes), recipes


# --- the set-up installs the project ------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project folder with what the set-up installs from."""
    for name, text in {
        "requirements.txt": "mkdocs==1.6.1\n", "requirements-dev.txt": "pytest==9.2.0\n",
        "requirements.in": "mkdocs>=1.6.1,<1.7\n", "pyproject.toml": "[project]\nname = 'storysite'\n",
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def installs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """What ensure_venv made and installed, in order, instead of doing it."""
    done: list[tuple[str, ...]] = []

    def make_venv(venv: Path) -> None:
        done.append(("venv",))
        (venv / "bin").mkdir(parents=True)
        (venv / "bin" / "python").symlink_to(sys.executable)

    monkeypatch.setattr(setup_env, "make_venv", make_venv)
    monkeypatch.setattr(setup_env, "pip_install", lambda venv, files, why: done.append(("pip", *[path.name for path in files])))
    monkeypatch.setattr(setup_env, "install_project", lambda venv, root: done.append(("project", root.name)))
    return done


SITE = ["requirements.txt", "pyproject.toml"]
TEST = ["requirements.txt", "pyproject.toml", "requirements-dev.txt"]


def test_the_project_is_installed_after_the_pinned_packages(root: Path, installs: list) -> None:
    setup_env.ensure_venv(root / ".venv", TEST, root)
    assert installs == [("venv",), ("pip", "requirements.txt", "requirements-dev.txt"), ("project", root.name)]
    record = json.loads((root / ".venv" / "storysite-setup.json").read_text(encoding="utf-8"))
    assert set(record["installed"]) == set(TEST) and record["checkout"] == os.path.realpath(root)
    installs.clear()
    setup_env.ensure_venv(root / ".venv", SITE, root)
    assert installs == []


@pytest.mark.parametrize("changed", ["pyproject.toml", "requirements.in"])
def test_a_changed_pyproject_or_range_installs_the_project_again(root: Path, installs: list, changed: str) -> None:
    setup_env.ensure_venv(root / ".venv", SITE, root)
    with (root / changed).open("a", encoding="utf-8") as file:
        file.write("# changed\n")
    installs.clear()
    setup_env.ensure_venv(root / ".venv", SITE, root)
    assert installs == [("project", root.name)]


def test_a_failed_project_install_leaves_no_record(root: Path, installs: list, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(venv: Path, root: Path) -> None:
        raise setup_env.SetupError("pip could not install this project")

    monkeypatch.setattr(setup_env, "install_project", failing)
    with pytest.raises(setup_env.SetupError):
        setup_env.ensure_venv(root / ".venv", SITE, root)
    assert "no record" in setup_env.stale_reason(root / ".venv", root)


def test_a_venv_made_for_another_checkout_is_made_again(root: Path, installs: list, tmp_path_factory: pytest.TempPathFactory) -> None:
    # A copied or moved checkout: its .venv would import the other checkout's code.
    setup_env.ensure_venv(root / ".venv", SITE, root)
    record_file = root / ".venv" / "storysite-setup.json"
    record = json.loads(record_file.read_text(encoding="utf-8"))
    record_file.write_text(json.dumps({**record, "checkout": "/elsewhere/main"}), encoding="utf-8")
    assert setup_env.stale_reason(root / ".venv", root) == f"it was made for the checkout at /elsewhere/main, not {os.path.realpath(root)}"
    installs.clear()
    setup_env.ensure_venv(root / ".venv", SITE, root)
    assert installs == [("venv",), ("pip", "requirements.txt"), ("project", root.name)]
    # A link to another checkout's venv is never removed or taken over.
    other = tmp_path_factory.mktemp("other")
    (other / ".venv").symlink_to(root / ".venv")
    for name in ("requirements.txt", "requirements.in", "pyproject.toml"):
        (other / name).write_bytes((root / name).read_bytes())
    installs.clear()
    with pytest.raises(setup_env.SetupError, match="is a link to .* made for the checkout at"):
        setup_env.ensure_venv(other / ".venv", SITE, other)
    assert installs == []


def test_a_record_without_a_checkout_is_kept_and_gains_the_project(root: Path, installs: list) -> None:
    # What make left before the project was installable: reused, not made again.
    setup_env.ensure_venv(root / ".venv", ["requirements.txt"], root)
    record_file = root / ".venv" / "storysite-setup.json"
    record = json.loads(record_file.read_text(encoding="utf-8"))
    del record["checkout"]
    record_file.write_text(json.dumps(record), encoding="utf-8")
    installs.clear()
    setup_env.ensure_venv(root / ".venv", SITE, root)
    assert installs == [("project", root.name)]


def test_both_set_ups_install_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[str]] = []
    monkeypatch.setattr(setup_env, "ensure_venv", lambda venv, files, root=REPO: asked.append(list(files)))
    monkeypatch.setattr(setup_env, "ensure_actionlint", lambda venv: None)
    monkeypatch.setattr(setup_env, "ensure_browser", lambda venv: None)
    assert setup_env.main(["site"]) == 0 and setup_env.main(["test"]) == 0
    assert asked == [SITE, TEST]


# --- workers ------------------------------------------------------------------------------------


@pytest.fixture
def serving_threads() -> Iterator[threading.Event]:
    """Another thread running, as in ``mkdocs serve``, until the test ends."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    yield stop
    stop.set()
    thread.join()


def refuse_fork() -> None:
    raise AssertionError("os.fork() in the process that asked for workers")


def test_workers_are_never_forked_from_a_threaded_process(monkeypatch: pytest.MonkeyPatch, serving_threads: threading.Event) -> None:
    monkeypatch.setattr(parallel_work, "workers_run_this_code", lambda: True)
    monkeypatch.setattr(os, "fork", refuse_fork)
    ran_in: list[int] = []
    parallel_work.run_parallel([(), (), ()], os.getpid, 2, lambda index, pid: ran_in.append(pid))
    assert len(ran_in) == 3 and os.getpid() not in ran_in, "the tasks should run in worker processes"
    assert parallel_work.worker_context().get_start_method() == ("forkserver" if sys.platform.startswith("linux") else "spawn")


def test_photos_in_worker_processes_equal_those_made_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serving_threads: threading.Event) -> None:
    jobs = []
    for index in range(3):
        path = tmp_path / f"photo-{index}.jpg"
        Image.new("RGB", (900, 600), (40 * index, 90, 140)).save(path, quality=90)
        jobs.append(PhotoJob(path, f"photos/photo-{index}.jpg"))
    monkeypatch.setattr(os, "fork", refuse_fork)
    assert parallel_work.pool_pays(2, len(jobs)), "the installed storysite should be the one this process runs"
    pooled = process_photos(jobs, tmp_path / "pooled", workers=2)
    here = process_photos(jobs, tmp_path / "here", workers=1)
    assert not pooled.problems and len(pooled.photos) == 3
    assert [[r.name for r in photo.files()] for photo in pooled.photos.values()] == [[r.name for r in photo.files()] for photo in here.photos.values()]


def test_other_code_than_this_process_runs_keeps_the_work_here(monkeypatch: pytest.MonkeyPatch) -> None:
    # A copied project whose storysite differs from the installed one, or a file edited
    # while mkdocs serve runs: workers would import other code.
    monkeypatch.setattr(parallel_work, "_LOADED", "the digest of other files")
    assert not parallel_work.workers_run_this_code() and not parallel_work.pool_pays(2, 5)
    ran_in: list[int] = []
    parallel_work.run_parallel([(), ()], os.getpid, 2, lambda index, pid: ran_in.append(pid))
    assert ran_in == [os.getpid(), os.getpid()]


def test_the_package_digest_follows_every_byte_but_not_the_caches(tmp_path: Path) -> None:
    package = tmp_path / "storysite"
    (package / "__pycache__").mkdir(parents=True)
    (package / "photos.py").write_text("A = 1\n", encoding="utf-8")
    first = parallel_work.package_digest(package)
    (package / "__pycache__" / "photos.cpython-311.pyc").write_bytes(b"\0")
    assert parallel_work.package_digest(package) == first
    (package / "photos.py").write_text("A = 2\n", encoding="utf-8")
    assert parallel_work.package_digest(package) != first
    assert parallel_work.package_digest(PACKAGE) == parallel_work._LOADED
    assert parallel_work.fresh_import_folder("storysite_no_such_package") is None
