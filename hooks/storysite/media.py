"""The photo stage for a build: which photos and share cards the published stories need.

The heavy lifting (intake, sanitising, renditions, cache, drawing) is in :mod:`photos`
and :mod:`share_cards`; this module decides what to ask of them and turns a refused
photo into a content error at its story's line. Every story's photo is checked, published
today or not, so that a story whose consent starts next month cannot carry a photo that
would fail every build from that day on; only the published stories' photos and cards
reach the site.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError
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


@dataclass(frozen=True)
class MediaCheck:
    """The outcome of :func:`prepare_media`.

    ``errors`` names every refused photo of the checked stories; ``refused`` holds the
    slugs of those stories. ``media`` covers the published stories whose photo (if any)
    passed: a published story in ``refused`` has nothing in it and must not be published.
    """

    media: Media
    errors: tuple[ContentError, ...]
    refused: frozenset[str]


def stories_to_check(stories: tuple[Story, ...], on: dt.date) -> tuple[Story, ...]:
    """The stories whose photos a build checks on ``on``: all but the withdrawn and the
    expired.

    Those can only come back through an edit, which is checked then; until then nothing
    of them is processed, not even the photo (and a Pillow upgrade that refuses an old
    photo cannot turn every daily build of an unchanged site into a failure). A story
    whose consent starts later is checked: it goes online on its day without an edit.
    """
    return tuple(story for story in stories if not story.consent.withdrawn and story.consent.expires > on)


def prepare_media(
    checked: tuple[Story, ...],
    published: tuple[Story, ...],
    root: Path,
    programme: str,
    progress: Callable[[Progress], None] | None = None,
    *,
    prune: bool = True,
) -> MediaCheck:
    """Check the photos of ``checked`` and prepare those of ``published`` for the site,
    with share cards for the published stories whose consent includes ``social``.

    ``published`` stories not in ``checked`` are checked too. With ``prune``, cache
    entries that no checked story uses any more are deleted; a live preview keeps them,
    since after a bad edit it goes on showing the last good content and its files.
    """
    everyone = {story.slug: story for story in (*checked, *published)}
    jobs: dict[str, PhotoJob] = {}
    for slug, story in everyone.items():
        if story.photo is not None:
            jobs[slug] = PhotoJob(root / "stories" / story.photo.file, story.photo.file, story.photo.focus)
    batch = process_photos(jobs.values(), root / PHOTO_CACHE, progress=progress, prune=prune)
    errors: list[ContentError] = []
    refused: set[str] = set()
    for slug, job in jobs.items():
        problem = batch.problems.get(job)
        if problem is not None:
            story = everyone[slug]
            assert story.photo is not None
            errors.append(ContentError(story.source, story.photo.line, "photo.file", problem.message, problem.hint))
            refused.add(slug)

    shown = [story for story in published if story.slug not in refused]
    photos = {story.slug: batch.photos[jobs[story.slug]] for story in shown if story.slug in jobs}
    card_jobs = {
        story.slug: share_card_job(story, programme, photos.get(story.slug), story.photo.focus if story.photo else None)
        for story in shown
        if wants_share_card(story)
    }
    cards = render_share_cards(card_jobs.values(), root / SHARE_CACHE, progress=progress, prune=prune)
    photo_files = {r.src_uri: r.path for photo in photos.values() for r in photo.files()}
    media = Media(
        photos=photos,
        cards={slug: cards.cards[job] for slug, job in card_jobs.items()},
        files=dict(sorted({**photo_files, **cards.site_files()}.items())),
        reports=(str(batch.report), str(cards.report)),
    )
    return MediaCheck(media, tuple(errors), frozenset(refused))


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
