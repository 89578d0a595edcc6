"""Load all content at once and fail with every error of every file together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalogue import load_catalogue
from .errors import ContentError, ContentErrors
from .impact import load_figures
from .model import Catalogue, Figure, Story
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
    errors: list[ContentError] = []
    catalogue = load_catalogue(root, errors)
    if errors:
        # Stories and figures name countries and themes: with a broken catalogue every
        # story would report a misleading "unknown country", so stop at the data files.
        raise ContentErrors(errors)
    stories = load_stories(root, catalogue, errors)
    figures = load_figures(root, catalogue, errors)
    if errors:
        raise ContentErrors(errors)
    return Content(catalogue, tuple(stories), figures)
