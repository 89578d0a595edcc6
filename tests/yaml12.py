"""Read YAML the way the editors' tools do: YAML 1.2's core schema, not PyYAML's YAML 1.1.

yaml-language-server (VS Code's YAML extension) and GitHub Actions read YAML 1.2, where
``yes``, ``NO`` and ``on`` are text and ``2024-03-08`` is text, while PyYAML's safe loader
(YAML 1.1) turns them into booleans and dates. Tests that check what an editor's tool
sees, or what GitHub reads in a workflow (whose ``on:`` key PyYAML reads as ``True``),
load files with :func:`load` from here.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

# The resolvers of YAML 1.2's core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_CORE_RESOLVERS = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
)


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core-schema resolution: no timestamps, no yes/no."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in _CORE_RESOLVERS:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    # YAML 1.1 reads 0142 as octal; 1.2 reads it as decimal and spells octal 0o142.
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    return float(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def load(text: str) -> Any:
    """The single document in ``text``, as a YAML 1.2 tool reads it."""
    return yaml.load(text, Loader=Yaml12Loader)  # noqa: S506  (a safe loader subclass)
