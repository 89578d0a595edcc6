"""Fixtures for the unit tests of hooks/storysite (helpers live in unit_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unit_fixtures import Project


@pytest.fixture
def tmp_project(tmp_path: Path) -> Project:
    """A minimal project root with data/ and stories/photos/ in tmp_path."""
    return Project(tmp_path / "site")
