"""The project's commands (tools/) as modules, for tests."""

from __future__ import annotations

import importlib
from types import ModuleType


def load_tool(name: str) -> ModuleType:
    """The command ``tools/<name>.py`` as the module ``tools.<name>``, imported once, as the
    project's install makes it importable (``python -m tools.<name>`` runs the same module)."""
    return importlib.import_module(f"tools.{name}")
