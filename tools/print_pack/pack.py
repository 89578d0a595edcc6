"""The pack's pages, decided from the content: which stories, in which order, with what.

:func:`plan_pack` reads ``data/`` and ``stories/`` with the build's strict reader
(:func:`storysite.content.read_content`): any content error stops the pack, reported in
the build's words. The stories that may be printed today (:mod:`.eligibility`) come in
the site's order (newest first), as the site shows them that day (without updates dated
later: :func:`storysite.selection.as_shown_on`); their photos go through the build's photo pipeline
(:func:`storysite.photos.process_photos`, with the build's cache), which turns each
photo upright, strips its metadata and converts it to sRGB: the pack prints the widest
JPEG rendition the site publishes, never the original file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date

from storysite.content import read_content
from storysite.errors import ContentError, ContentErrors
from storysite.media import PHOTO_CACHE
from storysite.model import Story
from storysite.photo_renditions import FULL, JPEG
from storysite.photos import PhotoJob, Rendition, process_photos
from storysite.selection import as_shown_on
from storysite.speaker import Speaker
from storysite.story_order import newest_first

from .eligibility import last_day_of_print, on_the_web, printable
from .site_facts import SiteFacts

# A date as the pack prints it: "5 May 2028".
DATE_PATTERN = "d MMMM y"


class NothingToPrint(Exception):
    """No story may be printed today; the message says why."""


@dataclass(frozen=True)
class PackPage:
    """One story's page: the story, who speaks as the site shows them, and what goes on paper."""

    story: Story
    speaker: Speaker
    photo: Rendition | None  # the sanitised rendition to print; None when the story has no photo
    web_address: str | None  # the story's page when it is on the site today, else None
    print_ends: dt.date  # the last day the page may be used (:func:`last_day_of_print`)
    print_ends_text: str  # the same, as printed: "11 May 2028"


@dataclass(frozen=True)
class Pack:
    """Everything the pack prints: its cover's facts and its pages, in order."""

    site: SiteFacts
    made_on: dt.date
    made_on_text: str
    pages: tuple[PackPage, ...]

    @property
    def earliest_end(self) -> PackPage:
        """The page whose consent for print ends first (the cover names its date)."""
        return min(self.pages, key=lambda page: (page.print_ends, page.story.slug))


def long_date(day: dt.date, language: str) -> str:
    """``day`` as the pack prints it: "5 May 2028", month names in the site's language."""
    return format_date(day, DATE_PATTERN, locale=language)


def plan_pack(root: Path, site: SiteFacts, on: dt.date) -> Pack:
    """The pack of the project at ``root`` on ``on``.

    Raises :class:`ContentErrors` (every error of every file, and every refused photo of
    a printed story, at its ``photo.file`` line), :class:`NothingToPrint` when no story
    may be printed, and the photo pipeline's ``PipelineError`` when its cache cannot be
    written.
    """
    content, errors = read_content(root)
    if errors:
        raise ContentErrors(errors)
    # As the site shows them that day: an update dated later neither travels with its
    # story nor moves it up the order before its day.
    stories = newest_first(as_shown_on(story, on) for story in printable(content.stories, on))
    if not stories:
        raise NothingToPrint(
            "no story may be printed today: a story is printed when its consent.scope has print "
            "and its consent holds (not withdrawn, not expired)"
        )
    photos = _sanitised_photos(root, stories)
    pages = tuple(
        PackPage(
            story=story,
            speaker=story.speaker,
            photo=photos.get(story.slug),
            web_address=site.site_url + story.url if site.site_url and on_the_web(story, on) else None,
            print_ends=last_day_of_print(story),
            print_ends_text=long_date(last_day_of_print(story), site.language),
        )
        for story in stories
    )
    return Pack(site, on, long_date(on, site.language), pages)


def _sanitised_photos(root: Path, stories: tuple[Story, ...]) -> dict[str, Rendition]:
    """The rendition to print of each story's photo, by slug; ContentErrors for refused ones.

    The build's cache is shared and never pruned here: the build keeps what it needs, and
    after a build every photo of a printable story is already in it (the build checks
    every story that is not withdrawn or expired), so a warm pack decodes no image.
    """
    jobs = {
        story.slug: PhotoJob(root / "stories" / story.photo.file, story.photo.file, story.photo.focus)
        for story in stories
        if story.photo is not None
    }
    batch = process_photos(jobs.values(), root / PHOTO_CACHE, prune=False)
    errors: list[ContentError] = []
    chosen: dict[str, Rendition] = {}
    for story in stories:
        job = jobs.get(story.slug)
        if job is None or story.photo is None:
            continue
        problem = batch.problems.get(job)
        if problem is not None:
            errors.append(ContentError(story.source, story.photo.line, "photo.file", problem.message, problem.hint))
        else:
            chosen[story.slug] = batch.photos[job].largest(FULL, JPEG)
    if errors:
        raise ContentErrors(errors)
    return chosen
