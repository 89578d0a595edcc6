"""One build, as plain data: what it read and chose, and what each of its steps makes.

The MkDocs adapter (``hooks/mkdocs_adapter.py``) makes a :class:`BuildState` at the start
of every build and hands it each event's plain data (paths, addresses, HTML); the state
answers in plain data too (pages, file decisions, HTML, lines for the log) and raises
:class:`BuildStopped` where the build must stop. Nothing here imports MkDocs.

Content is read and checked in :meth:`BuildState.prepare`, which the adapter calls
before MkDocs empties the output folder, so a bad pull request never destroys the last
good site. In a safe build (``make build``'s second try) whatever has an error is left
out and the rest is published, so that a broken file never keeps a lapsed story online;
in a live preview the last good content stands in until the file is fixed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment

from .blocks import REGISTRY, block_data
from .home_blocks import hero
from .listing_blocks import listing_page
from .site_data import SiteData
from .stylesheet import SITE_SHEET, site_stylesheet
from .story_blocks import next_stories, related_stories, story_page
from .cms import publish_admin
from .content import Content, read_content
from .docs_guard import PAGE_SUFFIX, DocsCheck, check_docs, default_render
from .docs_markup import unsafe_html
from .errors import ContentError, ContentErrors, PipelineError
from .feed import FEED_PATH, feed_entries, feed_notes
from .impact import show_figure
from .media import Media, prepare_media, publish_files, stories_to_check
from .model import Story
from .open_figures import open_figure_files
from .link_targets import CurrentPage, LinkContext
from .page_html import clean_page_html
from .unpublished_links import UnpublishedLinks
from .block_markers import MARKER, Marker, fill_markers
from .pages import GeneratedPage, escape_settings, plan_pages
from .parallel_work import Progress
from .page_images import sanitise_page_image
from .photo_settings import PhotoRefused
from .renderer import COUNTRY_ART, FEED, ROBOTS, STORY_PAGE, Renderer, autoescape_ours
from .selection import TodayError, select, today
from .site_settings import site_root
from .story_order import newest_first

# What a safe build shows in place of a hand-written page that has an error.
PAGE_LEFT_OUT = "# This page is being updated\n\nPlease come back soon.\n"
# Lines for the build log, in order: (a level of the logging module, the line).
Log = list[tuple[int, str]]


class BuildStopped(Exception):
    """The build must stop. ``report`` is what the editor reads; ``errors`` are the
    content errors behind it, if any (the adapter annotates them on GitHub)."""

    def __init__(self, report: str, errors: Sequence[ContentError] = ()) -> None:
        super().__init__(report)
        self.report = report
        self.errors = tuple(errors)


@dataclass
class LivePreview:
    """What a ``mkdocs serve`` process keeps between rebuilds: the last good content."""

    last_good: tuple[Content, Media] | None = None


@dataclass(frozen=True)
class Prepared:
    """The outcome of :meth:`BuildState.prepare` when the build goes on: lines for the log,
    and the content errors that a strict build reports without stopping (a live preview
    showing the last good version), for annotations."""

    log: Log
    errors: tuple[ContentError, ...] = ()


@dataclass(frozen=True)
class FileDecision:
    """What happens to one file MkDocs found: kept, dropped, or dropped and replaced at
    the same address by ``replacement`` (a page's Markdown, or an image's bytes)."""

    keep: bool
    replacement: str | bytes | None = None


KEEP = FileDecision(True)
DROP = FileDecision(False)


@dataclass(frozen=True)
class Drawn:
    """A page's content as it is published, and what its templates get besides."""

    content: str | None
    context: dict[str, object] = field(default_factory=dict)


@dataclass
class BuildState:
    """What one build knows; the adapter makes a new one at every ``on_config``.

    ``docs_dir`` and ``overrides`` are the folders MkDocs reads (absolute), ``page_links``
    the Markdown extension that turns links to unpublished pages into text, and
    ``render_markdown`` converts Markdown exactly as the site's pages are converted.
    """

    root: Path
    docs_dir: Path
    overrides: Path
    page_links: UnpublishedLinks
    render_markdown: Callable[[str], str] = default_render
    safe_mode: bool = False
    today: dt.date | None = None  # the publication date of this build (selection.today)
    site: SiteData | None = None
    media: Media | None = None
    generated: dict[str, GeneratedPage] = field(default_factory=dict)
    # What docs/ may publish: its checked pages, and its images' sanitised bytes by path.
    docs: DocsCheck | None = None
    docs_images: dict[str, bytes] = field(default_factory=dict)
    # Files (as errors name them, e.g. "docs/index.md") that a safe build leaves out.
    left_out_files: set[str] = field(default_factory=set)
    renderer: Renderer | None = None
    # The names a link's text may not keep when its story is not published, by story slug
    # (every story read, published or not; () for an anonymous one): see link_targets.
    hidden_names: dict[str, tuple[str, ...]] = field(default_factory=dict)

    # --- before the build: read, check, select ----------------------------------------------

    def prepare(
        self, *, programme: str, locale: str, site_url: str | None, preview: LivePreview | None,
        progress: Callable[[Progress], None] | None = None,
    ) -> Prepared:
        """Load and check everything, choose what is published today, prepare the photos
        and share images, and plan the generated pages. Raises :class:`BuildStopped` with
        the full report when content has errors (unless this is a safe build, or a live
        preview that has a last good version to show).

        Every story is checked in full, its photo included, whether or not it is
        published today; ``programme`` is printed on the share images, ``locale`` formats
        the figures, ``site_url`` is the site's address (mkdocs.yml).
        """
        try:
            on = today()
        except TodayError as error:
            raise BuildStopped(str(error)) from None
        content, errors = read_content(self.root)
        self.hidden_names = _names_of(content.stories)
        log: Log = []
        errors += self._check_docs(content, log)
        selection = select(content.stories, on)
        try:
            checked = prepare_media(
                stories_to_check(content.stories, on), selection.published, self.root, programme, progress,
                prune=preview is None,
            )
        except PipelineError as error:
            raise BuildStopped(f"The photo stage failed: {error}") from None
        errors += checked.errors
        media = checked.media
        published = tuple(story for story in selection.published if story.slug not in checked.refused)
        annotate: tuple[ContentError, ...] = ()
        if errors:
            report = ContentErrors(errors)
            if self.safe_mode:
                # The strict build before this one has already annotated each error.
                log.append((logging.ERROR, report.report("left out of this safe build")))
                self.left_out_files = {error.path for error in report.errors}
            elif preview is None or preview.last_good is None:
                raise BuildStopped(report.report(), errors)
            else:
                annotate = tuple(errors)
                log.append((logging.ERROR, f"{report.report()}\nThe preview shows the last good version until this is fixed."))
                content, media = preview.last_good
                selection = select(content.stories, on)
                published = selection.published
                # When in doubt, hide more: the names of both versions.
                self.hidden_names = {**_names_of(content.stories), **self.hidden_names}
        elif preview is not None:
            preview.last_good = (content, media)
        log += [(logging.INFO, line) for line in media.reports]
        log += [(logging.INFO, f"Left out {left.story.source}: {left.reason}") for left in selection.left_out]
        log += [
            (logging.INFO, f"Consent for {story.source} ends on {story.consent.expires.isoformat()}: renew it or the story goes offline")
            for story in selection.expiring
        ]
        stories = newest_first(published)
        self.today, self.media = on, media
        self.site = SiteData(
            stories=stories,
            figures=tuple(show_figure(figure, locale) for figure in content.figures),
            countries=content.catalogue.countries,
            themes=content.catalogue.themes,
            site_url=site_address(site_url),
            locale=locale,
            related=related_stories(stories),
            following=next_stories(stories),
            photographed=frozenset(media.photos),
        )
        self.generated = {page.src_uri: page for page in plan_pages(published, self.site.page_size)}
        log.append((logging.INFO, f"{len(published)} stories published, {len(content.stories) - len(published)} left out"))
        return Prepared(log, annotate)

    def _check_docs(self, content: Content, log: Log) -> list[ContentError]:
        """The errors of docs/ (storysite.docs_guard: its files, and each page's blocks,
        raw HTML and links), and of its images through the photo stage, now, before MkDocs
        empties the output folder; notes go to ``log``."""
        known = {
            "story": [story.slug for story in content.stories],
            "country": [country.slug for country in content.catalogue.countries],
            "theme": [theme.id for theme in content.catalogue.themes],
        }
        checked = check_docs(self.docs_dir, self.root, known, render=self.render_markdown)
        log += [(logging.INFO, str(note)) for note in checked.notes]
        self.docs = checked
        errors = list(checked.errors)
        for path in checked.images:
            shown_as = self.shown_as(path)
            try:
                image = sanitise_page_image(path, shown_as)
            except PhotoRefused as refused:
                errors.append(ContentError(shown_as, 1, "file", refused.problem.message, refused.problem.hint))
                continue
            # Published under its own name: the name must say what the bytes are.
            named = path.suffix.lower().lstrip(".").replace("jpeg", "jpg")
            if named != image.extension:
                errors.append(ContentError(
                    shown_as, 1, "file", f"is a {image.extension.upper()} image named .{path.suffix.lstrip('.')}",
                    f"rename it to {path.stem}.{image.extension} (and the pages that show it)",
                ))
                continue
            self.docs_images[os.path.abspath(path)] = image.data
        return errors

    def shown_as(self, path: Path) -> str:
        """How errors name a file: relative to the project, e.g. ``docs/index.md``."""
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    # --- the files of the site ------------------------------------------------------------------

    def source_file(self, abs_src_path: str, src_uri: str) -> FileDecision:
        """What becomes of a file MkDocs found (of docs/ or of the theme).

        Of docs/, only the pages the checks accepted and the images the photo stage
        sanitised are published (the image as the stage made it, never the original),
        whether or not the build stopped for the rest; a page a safe build leaves out
        gives way to a generated page of its address or to :data:`PAGE_LEFT_OUT`. Our
        templates under overrides/storysite/ are never published as they are (MkDocs
        copies every theme file that is not HTML, the feed's template included).
        """
        # abspath, never resolve(): a link in docs/ must not pass for what it points to.
        source = os.path.abspath(abs_src_path)
        if Path(source).is_relative_to(self.overrides / "storysite"):
            return DROP
        if not Path(source).is_relative_to(self.docs_dir):
            return KEEP
        if source in self.docs_images:
            return FileDecision(False, self.docs_images[source])
        pages = {os.path.abspath(path) for path in self.docs.pages} if self.docs else set()
        if source not in pages:
            return DROP
        if self.shown_as(Path(source)) in self.left_out_files:
            standing_in = src_uri.endswith(PAGE_SUFFIX) and src_uri not in self.generated
            return FileDecision(False, PAGE_LEFT_OUT) if standing_in else DROP
        return KEEP

    def pages_to_add(self, exists: Callable[[str], bool]) -> list[GeneratedPage]:
        """The generated pages whose address no real file has taken (``exists``): a page
        of docs/ at the same address wins, and is then no generated page of this build."""
        for src_uri in [src_uri for src_uri in self.generated if exists(src_uri)]:
            del self.generated[src_uri]
        return list(self.generated.values())

    # --- pages ------------------------------------------------------------------------------------

    def start_page(self, src_uri: str, url: str, meta: MutableMapping[str, Any]) -> None:
        """The page ``src_uri`` (at ``url``) is converted next: its settings (``meta``) for
        Material's templates, which print its title and description without escaping.

        A generated page gets its own (:meth:`GeneratedPage.settings`). A hand-written
        page's title and description are escaped, and its links to unpublished generated
        pages become text as it is converted (the notes about them name it)."""
        generated = self.generated.get(src_uri)
        self.page_links.page = None
        if generated is not None:
            meta.update(generated.settings())
            return
        escape_settings(meta)
        self.page_links.page = CurrentPage(self.shown_as(self.docs_dir / src_uri), self.link_context(src_uri, url))

    def link_context(self, src_uri: str, url: str) -> LinkContext:
        """Where the links of the hand-written page ``src_uri`` (at ``url``) lead."""
        assert self.site is not None, "prepare() ran"
        return LinkContext(src_uri, url, frozenset(self.generated), self.site.site_url, self.hidden_names)

    def finish_page_html(self, html: str) -> tuple[str, Log]:
        """A hand-written page's HTML as it may be published (no HTML comment but block
        markers, no raw link to an unpublished generated page), and notes for the log.

        Refused markup that got this far (the checks of docs/ stop it before the build)
        stops the build (:class:`BuildStopped`) rather than reach a reader; a safe build
        publishes :data:`PAGE_LEFT_OUT` in its place."""
        current, self.page_links.page = self.page_links.page, None
        if current is None:
            return html, []
        cleaned = clean_page_html(html, current)
        log: Log = [(logging.INFO, note) for note in current.unlinked]
        refused = unsafe_html(cleaned)
        if not refused:
            return cleaned, log
        report = "\n".join(f"{current.shown_as}: {problem}" for problem in refused)
        if not self.safe_mode:
            raise BuildStopped(report)
        log.append((logging.ERROR, f"{report}\nLeft out of this safe build: the page shows that it is being updated."))
        return self.render_markdown(PAGE_LEFT_OUT), log

    def start_rendering(self, env: Environment, config: Mapping[str, Any]) -> None:
        """Our templates autoescape from now on, and are drawn by this build's renderer."""
        autoescape_ours(env, self.overrides)
        assert self.media is not None, "prepare() ran"
        self.renderer = Renderer(env, config, self.media.photos)

    def draw(self, src_uri: str, content: str | None, page: object, base_url: str) -> Drawn:
        """The content of the page ``src_uri`` as published, drawn on ``page`` (for MkDocs'
        ``url`` filter) whose way back to the site's root is ``base_url``.

        A story's page and a country's or theme's are drawn whole from the story or block
        their generated page carries, a list's at its page number. A story's page is one
        template of two parts: its testimony is the content (what search reads), the rest goes to its templates as
        ``after_content``, with the story (``page_story``) and its share image
        (``share_card``). Any other page has each of
        its block markers replaced by its block; a marker of no block (only a live preview
        gets that far: the checks of docs/ stop the others) draws nothing.
        """
        assert self.renderer is not None and self.site is not None and self.media is not None, "prepare() and start_rendering() ran"
        renderer, site = self.renderer, self.site
        generated = self.generated.get(src_uri)
        if generated is not None and generated.story is not None:
            story = generated.story
            parts = renderer.render_blocks(STORY_PAGE, page, base_url, story_page(story, site))
            context = {"page_story": story, "share_card": self.media.cards.get(story.slug), "after_content": parts["surroundings"]}
            # Plain text, not Markup: Material's search parses the content, and every slice of
            # a Markup is wrapped again (a quarter of the search plugin's time with 1,000 stories).
            return Drawn(str(parts["testimony"]), context)

        def render(marker: Marker) -> str:
            block = REGISTRY.get(marker.name)
            if block is None:
                return ""
            return renderer.render(block.template, page, base_url, block_data(marker.name, marker.argument, site))

        if generated is not None and generated.block is not None:
            # A list's page (the stories index's further pages, a country's, a theme's): its
            # block drawn at the page's number.
            marker = generated.block
            data = listing_page(marker.name, marker.argument, site, generated.page_number)
            return Drawn(renderer.render(REGISTRY[marker.name].template, page, base_url, data))
        # A hand-written page's templates may open with a testimony (home.html's hero).
        context = {"hero": hero(site, self.media.photos)}
        if content is None or not MARKER.search(content):
            return Drawn(content, context)
        return Drawn(fill_markers(content, render), context)

    # --- after the build ---------------------------------------------------------------------

    def publish(self, site_dir: Path) -> Log:
        """Publish the photos and share images, and write the Atom feed, robots.txt, the site's
        one stylesheet (storysite.stylesheet: the theme's parts and the countries' card art)
        and the open figures (storysite.open_figures)."""
        assert self.renderer is not None and self.site is not None and self.media is not None, "the build ran"
        # Sanitised and named by content, straight from the cache: an original photo is
        # never copied into the site.
        publish_files(self.media.files, site_dir)
        site_url = self.site.site_url
        updated, entries = feed_entries(self.site.stories, site_url, self.today)
        feed = self.renderer.render_file(FEED, {"site_url": site_url, "updated": updated, "entries": entries})
        (site_dir / FEED_PATH).write_text(feed + "\n", encoding="utf-8")
        robots = self.renderer.render_file(ROBOTS, {"site_url": site_url})
        (site_dir / "robots.txt").write_text(robots + "\n", encoding="utf-8")
        art = self.renderer.render_file(COUNTRY_ART, {"countries": self.site.countries})
        (site_dir / SITE_SHEET).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / SITE_SHEET).write_text(site_stylesheet(self.overrides / "assets" / "stylesheets", art), encoding="utf-8")
        for path, text in open_figure_files(self.site.figures, self.renderer.config["extra"]).items():
            (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / path).write_text(text, encoding="utf-8", newline="")
        # The editors' form (storysite.cms): written last, so no sitemap, search index or feed has it.
        admin = publish_admin(self.root, site_dir, self.renderer.config, self.today or today(), self.renderer.render_file)
        return [(logging.INFO, note) for note in feed_notes(entries)] + admin


def site_address(site_url: str | None) -> str:
    """The site's absolute address, ending in '/' (share links and the feed need it)."""
    address = site_root(site_url)
    if address is None:
        raise BuildStopped("mkdocs.yml: site_url: missing (the address the site is published at, e.g. https://stories.example.org/)")
    return address


def _names_of(stories: tuple[Story, ...]) -> dict[str, tuple[str, ...]]:
    """Each story's name, by slug, for links to it that must not keep it (() when anonymous)."""
    return {story.slug: (story.name,) if story.name else () for story in stories}
