"""Load all content at once, with every error of every file together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalogue import load_catalogue
from .errors import ContentError, ContentErrors
from .impact import load_figures
from .model import Catalogue, Figure, Story, make_catalogue
from .stories import load_stories


@dataclass(frozen=True)
class Content:
    """Everything editors wrote, validated: catalogue, every story (published or not), figures."""

    catalogue: Catalogue
    stories: tuple[Story, ...]
    figures: tuple[Figure, ...]


def load_content(root: Path) -> Content:
    """Read ``data/`` and ``stories/`` under ``root``.

    Raises :class:`ContentErrors` listing every problem found, in file and line order.
    """
    content, errors = read_content(root)
    if errors:
        raise ContentErrors(errors)
    return content


def read_content(root: Path) -> tuple[Content, list[ContentError]]:
    """What passed every check under ``root``, and every error found (unsorted).

    A story with any error is not in the content at all. When ``data/countries.yml`` or
    ``data/themes.yml`` has an error, no story and no figure is: the catalogue decides
    who may be named (a country's ``at_risk``), and a story checked against a damaged one
    could pass rules it breaks. Its errors alone are reported, since with a broken
    catalogue every story would also report a misleading "unknown country".
    """
    errors: list[ContentError] = []
    catalogue = load_catalogue(root, errors)
    if errors:
        return Content(make_catalogue((), ()), (), ()), errors
    stories = load_stories(root, catalogue, errors)
    figures = load_figures(root, catalogue, errors)
    return Content(catalogue, tuple(stories), figures), errors
