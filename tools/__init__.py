"""The project's commands, each run as ``python -m tools.<name>`` (the Makefile's recipes).

The project's install (pyproject.toml, set up by ``make``) makes this package and ``storysite``
importable by name, so a command imports the pipeline and its sibling commands without
editing ``sys.path``. Only ``setup_env`` runs before that install exists, with the system's
Python and the standard library alone, as the script ``python3 tools/setup_env.py``.
"""
