"""The photo stage for a build: which photos and share cards the published stories need.

The heavy lifting (intake, sanitising, renditions, cache, drawing) is in :mod:`photos`
and :mod:`share_cards`; this module decides what to ask of them and turns a refused
photo into a content error at its story's line. Only published stories are passed in,
so nothing of a story left out by its consent is ever processed or published.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, ContentErrors
from .model import Story
from .parallel_work import Progress
from .photos import PhotoJob, ProcessedPhoto, process_photos
from .share_cards import ShareCard, render_share_cards, share_card_job, wants_share_card

PHOTO_CACHE = ".cache/photos"
SHARE_CACHE = ".cache/share-cards"


@dataclass(frozen=True)
class Media:
    """What the site publishes of the stories' photos: by story slug, and as files."""

    photos: dict[str, ProcessedPhoto]
    cards: dict[str, ShareCard]
    files: dict[str, Path]  # site address (assets/photos/..., assets/share/...) -> cached file
    reports: tuple[str, ...]  # one line each for the build log


def prepare_media(
    stories: tuple[Story, ...], root: Path, programme: str, progress: Callable[[Progress], None] | None = None
) -> Media:
    """Process the photos of ``stories`` and draw their share cards (``social`` consent).

    Raises :class:`ContentErrors` naming each refused photo at its story's ``photo.file``
    line. Cache entries that no published story uses any more are pruned.
    """
    jobs: dict[str, PhotoJob] = {}
    for story in stories:
        if story.photo is not None:
            jobs[story.slug] = PhotoJob(root / "stories" / story.photo.file, story.photo.file, story.photo.focus)
    batch = process_photos(jobs.values(), root / PHOTO_CACHE, progress=progress)
    errors = [
        ContentError(story.source, story.photo.line, "photo.file", problem.message, problem.hint)
        for story in stories
        if story.photo is not None and (problem := batch.problems.get(jobs[story.slug])) is not None
    ]
    if errors:
        raise ContentErrors(errors)
    photos = {slug: batch.photos[job] for slug, job in jobs.items()}

    card_jobs = {
        story.slug: share_card_job(story, programme, photos.get(story.slug), story.photo.focus if story.photo else None)
        for story in stories
        if wants_share_card(story)
    }
    cards = render_share_cards(card_jobs.values(), root / SHARE_CACHE, progress=progress)
    return Media(
        photos=photos,
        cards={slug: cards.cards[job] for slug, job in card_jobs.items()},
        files={**batch.site_files(), **cards.site_files()},
        reports=(str(batch.report), str(cards.report)),
    )


def publish_files(files: dict[str, Path], site_dir: Path) -> None:
    """Put each cached file at its address under ``site_dir``.

    A hard link where the cache and the site share a disk, else a copy: a thousand share
    images are 70 MB, and copying them took more time than anything else the build adds.
    Cache files are written once under their content's hash and never changed in place,
    so a link can never show a different picture than the one the build chose.
    """
    for folder in {(site_dir / src_uri).parent for src_uri in files}:
        folder.mkdir(parents=True, exist_ok=True)
    for src_uri, source in files.items():
        target = site_dir / src_uri
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
