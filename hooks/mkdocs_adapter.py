"""The only module that knows MkDocs: it feeds MkDocs' events to the storysite stages.

MkDocs loads this file once per process (``mkdocs serve`` never reloads it), so every
build starts from a fresh :class:`_Build` made in ``on_config``. The one thing kept
between builds is a live preview's last good content (:class:`_Preview`). Content is
validated in ``on_pre_build``, before MkDocs empties the output folder, so a bad pull
request never destroys the last good site.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from markdown import Markdown
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from storysite.blocks import SiteData, block_data, next_stories, related_stories, story_page_extras
from storysite.content import Content, read_content
from storysite.csp import fill_policy
from storysite.docs_guard import DocsCheck, check_docs, default_render, unsafe_html
from storysite.errors import ContentError, ContentErrors, PipelineError
from storysite.feed import FEED_PATH, feed_entries, feed_notes
from storysite.impact import show_figure
from storysite.media import Media, prepare_media, publish_files, stories_to_check
from storysite.model import Story
from storysite.page_html import CurrentPage, LinkContext, UnpublishedLinks, clean_page_html
from storysite.pages import BLOCKS, MARKER, GeneratedPage, Marker, fill_markers, newest_first, plan_pages
from storysite.parallel_work import Progress
from storysite.photos import PhotoRefused, sanitise_page_image
from storysite.selection import TodayError, select, today
from storysite.site_settings import check_site_settings

log = get_plugin_logger("storysite")
# Set to 1 by make build (tools/build_site.py) for its second, safe build: see on_pre_build.
SAFE_MODE_VARIABLE = "STORYSITE_SAFE_MODE"
# What a safe build shows in place of a hand-written page that has an error.
_PAGE_LEFT_OUT = "# This page is being updated\n\nPlease come back soon.\n"


@dataclass
class _Build:
    """What one build knows; replaced at every ``on_config``."""

    root: Path
    overrides: Path
    safe_mode: bool = False  # see on_pre_build
    today: dt.date | None = None  # the publication date of this build (selection.today)
    # Files (as errors name them, e.g. "docs/index.md") that a safe build leaves out.
    left_out_files: set[str] = field(default_factory=set)
    site: SiteData | None = None
    media: Media | None = None
    generated: dict[str, GeneratedPage] = field(default_factory=dict)
    env: Environment | None = None
    # Rendered story cards by (slug, heading level), see _card_renderer.
    cards: dict[tuple[str, str], str] = field(default_factory=dict)
    # What docs/ may publish (its checked pages and images), from _check_docs, and the
    # sanitised bytes of its images by path: only those are published.
    docs: DocsCheck | None = None
    docs_images: dict[str, bytes] = field(default_factory=dict)
    # Links of hand-written pages to unpublished generated pages become text; and the
    # site's Markdown, for the checks of docs/ (see _register_page_links).
    page_links: UnpublishedLinks = field(default_factory=UnpublishedLinks)
    render_markdown: Callable[[str], str] | None = None


@dataclass
class _Preview:
    """What a ``mkdocs serve`` process keeps between rebuilds: the last good content."""

    last_good: tuple[Content, Media] | None = None


_build: _Build | None = None
_preview: _Preview | None = None  # set in on_startup, only while serving


def _current() -> _Build:
    if _build is None:
        raise PluginError("storysite: on_config did not run; is hooks/mkdocs_adapter.py listed under hooks:?")
    return _build


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process serves a live preview (once per process)."""
    global _preview
    _preview = _Preview() if command == "serve" else None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start a new build: paths come from mkdocs.yml's folder, never the working directory."""
    global _build
    # The site's own settings (extra:) are printed on every page: check them first.
    problems = check_site_settings(config.extra)
    if problems:
        raise PluginError("\n".join(problems))
    root = Path(config.config_file_path).resolve().parent
    _build = _Build(root=root, overrides=root / "overrides", safe_mode=os.environ.get(SAFE_MODE_VARIABLE) == "1")
    _register_page_links(_build, config)
    return config


def _register_page_links(build: _Build, config: MkDocsConfig) -> None:
    """Add the extension that unlinks unpublished pages to the site's Markdown (MkDocs
    makes every page's ``Markdown`` from this list), and keep a way to convert Markdown
    exactly as pages are converted, for the checks of docs/."""
    config.markdown_extensions.append(build.page_links)
    extensions, configs = config.markdown_extensions, config.mdx_configs

    def render(source: str) -> str:
        return Markdown(extensions=extensions, extension_configs=configs or {}).convert(source)

    build.render_markdown = render


def on_pre_build(config: MkDocsConfig) -> None:
    """Load and validate everything; raise before MkDocs touches the output folder.

    Every story is checked in full, its photo included, whether or not it is published
    today. In a safe build (``STORYSITE_SAFE_MODE=1``, which ``make build`` runs after a
    failed build) an error does not stop the build: whatever has one is left out and the
    rest is published, so a broken file can never keep a lapsed story online. In a live
    preview a content error does not stop the server either: it is reported in the
    terminal and the preview is rebuilt from the last content that was good, so the
    browser keeps showing working pages while the editor fixes the file.
    """
    build = _current()
    try:
        on = today()
    except TodayError as error:
        raise PluginError(str(error)) from None
    content, errors = read_content(build.root)
    errors += _check_docs(build, Path(config.docs_dir), content)
    selection = select(content.stories, on)
    programme = config.extra["programme"]  # checked in on_config
    try:
        checked = prepare_media(
            stories_to_check(content.stories, on), selection.published, build.root, programme, _progress, prune=_preview is None
        )
    except PipelineError as error:
        raise PluginError(f"The photo stage failed: {error}") from None
    errors += checked.errors
    media = checked.media
    published = tuple(story for story in selection.published if story.slug not in checked.refused)
    if errors:
        report = ContentErrors(errors)
        if build.safe_mode:
            # The strict build before this one has already annotated each error.
            log.error(report.report("left out of this safe build"))
            build.left_out_files = {error.path for error in report.errors}
        elif _preview is None or _preview.last_good is None:
            _report(errors)
            raise PluginError(report.report()) from None
        else:
            _report(errors)
            log.error(f"{report.report()}\nThe preview shows the last good version until this is fixed.")
            content, media = _preview.last_good
            selection = select(content.stories, on)
            published = selection.published
    elif _preview is not None:
        _preview.last_good = (content, media)
    for line in media.reports:
        log.info(line)
    build.media = media
    build.today = on

    for left in selection.left_out:
        log.info(f"Left out {left.story.source}: {left.reason}")
    for story in selection.expiring:
        log.info(f"Consent for {story.source} ends on {story.consent.expires.isoformat()}: renew it or the story goes offline")
    locale = config.theme["language"] or "en"
    stories = newest_first(published)
    build.site = SiteData(
        stories=stories,
        figures=tuple(show_figure(figure, locale) for figure in content.figures),
        countries=content.catalogue.countries,
        themes=content.catalogue.themes,
        site_url=_site_url(config),
        locale=locale,
        related=related_stories(stories),
        following=next_stories(stories),
    )
    build.generated = {page.src_uri: page for page in plan_pages(published)}
    log.info(f"{len(published)} stories published, {len(content.stories) - len(published)} left out")


def _site_url(config: MkDocsConfig) -> str:
    """The site's absolute address, ending in '/' (share links and the feed need it)."""
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url: missing (the address the site is published at, e.g. https://stories.example.org/)")
    return config.site_url.rstrip("/") + "/"


def _check_docs(build: _Build, docs_dir: Path, content: Content) -> list[ContentError]:
    """The errors of docs/ (storysite.docs_guard: its files, and each page's blocks, raw
    HTML and links); notes are logged; what docs/ may publish is kept in ``build.docs``."""
    known = {
        "story": [story.slug for story in content.stories],
        "country": [country.slug for country in content.catalogue.countries],
        "theme": [theme.id for theme in content.catalogue.themes],
    }
    checked = check_docs(docs_dir, build.root, known, render=build.render_markdown or default_render)
    for note in checked.notes:
        log.info(str(note))
    build.docs = checked
    return checked.errors + _sanitise_docs_images(build, checked.images)


def _sanitise_docs_images(build: _Build, images: tuple[Path, ...]) -> list[ContentError]:
    """Each image of docs/ through the photo stage, now, before MkDocs empties the
    output folder: its sanitised bytes are kept for on_files, a refused one is an error."""
    errors: list[ContentError] = []
    for path in images:
        shown_as = _shown_as(build.root, path)
        try:
            image = sanitise_page_image(path, shown_as)
        except PhotoRefused as refused:
            errors.append(ContentError(shown_as, 1, "file", refused.problem.message, refused.problem.hint))
            continue
        # Published under its own name: the name must say what the bytes are.
        named = path.suffix.lower().lstrip(".").replace("jpeg", "jpg")
        if named != image.extension:
            errors.append(
                ContentError(shown_as, 1, "file", f"is a {image.extension.upper()} image named .{path.suffix.lstrip('.')}",
                             f"rename it to {path.stem}.{image.extension} (and the pages that show it)")
            )
            continue
        build.docs_images[os.path.normpath(path)] = image.data
    return errors


def _shown_as(root: Path, path: Path) -> str:
    """How errors name a file: relative to the project, e.g. ``docs/index.md``."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _progress(progress: Progress) -> None:
    log.info(str(progress))


def _report(errors: list[ContentError]) -> None:
    """In GitHub Actions, also print each error as an annotation on its file and line."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        sys.stdout.write("".join(error.github_annotation() + "\n" for error in sorted(errors)))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages; a real file in docs/ at the same address wins. Of docs/,
    only the pages the checks accepted and the images the photo stage sanitised remain."""
    build = _current()
    # MkDocs copies every theme file that is not HTML; overrides/storysite/ holds only
    # templates (the feed's is XML), none of which belongs in the site as it is.
    ours = build.overrides / "storysite"
    for template in [file for file in files if file.abs_src_path and Path(file.abs_src_path).is_relative_to(ours)]:
        files.remove(template)
    docs = Path(config.docs_dir)
    # Only what the checks of docs/ accepted is published: nothing refused, linked or
    # hidden reaches the site, whether or not the build stopped for it (a safe build).
    pages = {os.path.normpath(path) for path in build.docs.pages} if build.docs else set()
    for file in list(files):
        if file.abs_src_path is None or not Path(file.abs_src_path).is_relative_to(docs):
            continue
        source = os.path.normpath(file.abs_src_path)
        if source in build.docs_images:
            # The image as the photo stage made it, at the same address: never the original.
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=build.docs_images[source]))
            continue
        if source not in pages:
            files.remove(file)
            continue
        if _shown_as(build.root, Path(file.abs_src_path)) in build.left_out_files:
            files.remove(file)
            # A generated page of the same address (the stories index) takes its place.
            if file.is_documentation_page() and file.src_uri not in build.generated:
                files.append(File.generated(config, file.src_uri, content=_PAGE_LEFT_OUT))
    for src_uri, page in list(build.generated.items()):
        if files.get_file_from_path(src_uri) is not None:
            del build.generated[src_uri]
            continue
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=page.markdown, inclusion=inclusion))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give generated pages their title, description and layout.

    Titles and descriptions carry editor text into Material's templates, which print
    them without escaping (the header, the search index): they go in escaped, as Markup,
    which our autoescaping templates print as they are, without escaping twice. The
    same goes for a hand-written page's front matter; and the extension that turns
    links to unpublished generated pages into text is told which page it converts.
    """
    build = _current()
    generated = build.generated.get(page.file.src_uri)
    build.page_links.page = None
    if generated is None:
        for key in ("title", "description"):
            value = page.meta.get(key)
            if value is not None and not isinstance(value, Markup):
                page.meta[key] = escape(str(value))
        links = LinkContext(page.file.src_uri, page.file.url, frozenset(build.generated), _site_url(config))
        build.page_links.page = CurrentPage(_docs_name(config, page.file.src_uri), links)
    if generated is not None:
        page.meta.update(
            title=escape(generated.title), description=escape(generated.description), hide=["navigation", "toc"]
        )
        if generated.story is not None:
            page.meta.update(storysite_kind="story", template="story.html")
        if not generated.in_search:
            page.meta.update(search={"exclude": True})
    return markdown


def _docs_name(config: MkDocsConfig, src_uri: str) -> str:
    """A page of docs/ as errors and notes name it: ``docs/index.md``."""
    return _shown_as(_current().root, Path(config.docs_dir) / src_uri)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A hand-written page's HTML as it may be published: no HTML comment (but block
    markers, replaced in on_page_context), no raw link to an unpublished generated page.
    Refused markup that got this far (the checks of docs/ stop it before the build) stops
    the build rather than reach a reader."""
    build = _current()
    current, build.page_links.page = build.page_links.page, None
    if current is None:
        return html
    cleaned = clean_page_html(html, current)
    for note in current.unlinked:
        log.info(note)
    refused = unsafe_html(cleaned)
    if refused:
        report = "\n".join(f"{current.shown_as}: {problem}" for problem in refused)
        if not build.safe_mode:
            raise PluginError(report)
        log.error(f"{report}\nLeft out of this safe build: the page shows that it is being updated.")
        return (build.render_markdown or default_render)(_PAGE_LEFT_OUT)
    return cleaned


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Escape by default in our own templates: the one place editor text is made safe.

    Material's Jinja environment does not autoescape, and its templates print page
    content that must stay HTML. Ours (any template under overrides/) autoescape, so
    every editor value they print is escaped unless a template says otherwise.
    """
    build = _current()
    # Listed once: Jinja asks for every template it compiles, thousands of times a build.
    ours = {path.relative_to(build.overrides).as_posix() for path in build.overrides.rglob("*") if path.is_file()}

    def escape_ours(name: str | None) -> bool:
        return name in ours

    env.autoescape = escape_ours
    build.env = env
    return env


# Before Material's search plugin (priority 0) so the search index sees the drawn blocks.
@event_priority(50)
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    """Replace each block marker in the page's HTML with its template's output."""
    if page.content is None or not MARKER.search(page.content):
        return context
    build = _current()
    assert build.env is not None and build.site is not None
    env, site = build.env, build.site
    assert build.media is not None
    generated = build.generated.get(page.file.src_uri)
    page_story = generated.story if generated else None
    context["story_photos"] = build.media.photos  # cards and story pages draw them
    context["story_card"] = _card_renderer(build, context)
    if page_story is not None:
        context["page_extras"] = story_page_extras(page_story, site)
        context["share_card"] = build.media.cards.get(page_story.slug)

    def render(marker: Marker) -> str:
        if marker.name not in BLOCKS or (marker.name == "story" and page_story is None):
            # Already reported by on_pre_build; only a live preview gets this far.
            return ""
        template = env.get_template(f"storysite/blocks/{marker.name}.html")
        return template.render({**context, **block_data(marker, page_story, site)})

    page.content = fill_markers(page.content, render)
    return context


# Stands for a page's way back to the site root (its base_url) in cards rendered once
# for every page; a NUL can never come from editor text, which refuses control characters.
_ROOT_PLACEHOLDER = "\x00storysite-root\x00"


def _card_renderer(build: _Build, context: TemplateContext) -> Callable[[Story, str], Markup]:
    """``story_card(story, heading)`` for the templates: storysite/story-card.html.

    A story's card appears on the index, its country's and themes' pages and beside
    related stories, the same markup but for its relative links. It is rendered once, with
    links from a placeholder root, and each page puts in its own way back to the root.
    """
    assert build.env is not None
    template = build.env.get_template("storysite/story-card.html")
    root = context["base_url"]

    def story_card(story: Story, heading: str) -> Markup:
        key = (story.slug, heading)
        if key not in build.cards:
            # Without a page, MkDocs' url filter joins paths onto base_url.
            build.cards[key] = template.render(
                {**context, "page": None, "base_url": _ROOT_PLACEHOLDER, "story": story, "card_heading": heading}
            )
        return Markup(build.cards[key].replace(_ROOT_PLACEHOLDER, root))

    return story_card


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Fill in the page's Content-Security-Policy, now that its inline scripts are known:
    those of the templates, never one of the page's content."""
    return fill_policy(output, preview=_preview is not None, content=page.content)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for pages drawn from templates alone (404.html)."""
    return fill_policy(output_content, preview=_preview is not None)


def on_post_build(config: MkDocsConfig) -> None:
    """Publish the photos and share images, and write the Atom feed and robots.txt."""
    build = _current()
    assert build.env is not None and build.site is not None and build.media is not None
    # Sanitised and named by content, straight from the cache: an original photo is
    # never copied into the site.
    publish_files(build.media.files, Path(config.site_dir))
    site_url = build.site.site_url
    updated, entries = feed_entries(build.site.stories, site_url, build.today)
    for note in feed_notes(entries):
        log.info(note)
    feed = build.env.get_template("storysite/feed.xml").render(config=config, site_url=site_url, updated=updated, entries=entries)
    (Path(config.site_dir) / FEED_PATH).write_text(feed + "\n", encoding="utf-8")
    robots = build.env.get_template("storysite/robots.txt").render(site_url=site_url)
    (Path(config.site_dir) / "robots.txt").write_text(robots + "\n", encoding="utf-8")
