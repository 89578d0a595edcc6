"""Shared fixtures (the project copies and builds are in sitebuild.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitebuild import Project, copy_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh copy of the project for one test to change."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample site, built once for every test that only reads it."""
    project = copy_project(tmp_path_factory.mktemp("sample") / "project")
    built = project.build()
    assert built.returncode == 0, built.output
    yield built.site


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Workers for ``-n auto``: two per core. Most tests wait (on a build in a subprocess,
    on Chromium, on a page going idle) rather than compute, so one worker a core leaves
    the cores idle about half the time (measured: 4.7 CPU-minutes in 8 minutes on 2 cores)."""
    return 2 * (os.cpu_count() or 1)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int) -> None:
    """Nothing here may pass by being skipped: say so loudly if a test was skipped."""
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} test(s) were SKIPPED: a skip counts as a failure here", red=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Turn any skip into a failing exit status."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and reporter.stats.get("skipped") and session.exitstatus == 0:
        session.exitstatus = 1
