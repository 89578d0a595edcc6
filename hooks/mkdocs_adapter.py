"""The only module that knows MkDocs: it feeds MkDocs' events to the storysite stages.

MkDocs loads this file once per process (``mkdocs serve`` never reloads it), so every
build starts from a fresh :class:`_Build` made in ``on_config``; nothing else is kept
between builds. Content is validated in ``on_pre_build``, before MkDocs empties the
output folder, so a bad pull request never destroys the last good site.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from storysite.content import Content, load_content
from storysite.errors import ContentError, ContentErrors
from storysite.impact import show_figure
from storysite.pages import (
    MARKER, GeneratedPage, Marker, SiteData, block_data, check_markers, fill_markers, newest_first, plan_pages,
)
from storysite.selection import TodayError, select, today

log = get_plugin_logger("storysite")


@dataclass
class _Build:
    """What one build knows; replaced at every ``on_config``."""

    root: Path
    overrides: Path
    content: Content | None = None
    site: SiteData | None = None
    generated: dict[str, GeneratedPage] = field(default_factory=dict)
    env: Environment | None = None


_build: _Build | None = None


def _current() -> _Build:
    if _build is None:
        raise PluginError("storysite: on_config did not run; is hooks/mkdocs_adapter.py listed under hooks:?")
    return _build


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start a new build: paths come from mkdocs.yml's folder, never the working directory."""
    global _build
    root = Path(config.config_file_path).resolve().parent
    _build = _Build(root=root, overrides=root / "overrides")
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Load and validate everything; raise before MkDocs touches the output folder."""
    build = _current()
    try:
        on = today()
        content = load_content(build.root)
    except TodayError as error:
        raise PluginError(str(error)) from None
    except ContentErrors as error:
        _report(error.errors)
        raise PluginError(error.report()) from None
    marker_errors = _check_docs_markers(Path(config.docs_dir), build.root, [story.slug for story in content.stories])
    if marker_errors:
        _report(marker_errors)
        raise PluginError(ContentErrors(marker_errors).report())

    selection = select(content.stories, on)
    for left in selection.left_out:
        log.info(f"Left out {left.story.source}: {left.reason}")
    for story in selection.expiring:
        log.info(f"Consent for {story.source} ends on {story.consent.expires.isoformat()}: renew it or the story goes offline")
    locale = config.theme["language"] or "en"
    build.content = content
    build.site = SiteData(newest_first(selection.published), tuple(show_figure(figure, locale) for figure in content.figures))
    build.generated = {page.src_uri: page for page in plan_pages(selection.published)}
    log.info(f"{len(selection.published)} stories published, {len(selection.left_out)} left out")


def _report(errors: list[ContentError]) -> None:
    """In GitHub Actions, also print each error as an annotation on its file and line."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        sys.stdout.write("".join(error.github_annotation() + "\n" for error in sorted(errors)))


def _check_docs_markers(docs_dir: Path, root: Path, slugs: list[str]) -> list[ContentError]:
    errors: list[ContentError] = []
    for path in sorted(docs_dir.rglob("*.md")):
        shown_as = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        errors += check_markers(path.read_text(encoding="utf-8"), shown_as, slugs)
    return errors


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages; a real file in docs/ at the same address wins."""
    build = _current()
    for src_uri, page in list(build.generated.items()):
        if files.get_file_from_path(src_uri) is not None:
            del build.generated[src_uri]
            continue
        # Stories stay out of the navigation: listed there, every page would carry
        # every story and the build would grow with the square of their number.
        inclusion = InclusionLevel.NOT_IN_NAV if page.story is not None else InclusionLevel.UNDEFINED
        files.append(File.generated(config, src_uri, content=page.markdown, inclusion=inclusion))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give generated pages their title, description and layout."""
    generated = _current().generated.get(page.file.src_uri)
    if generated is not None:
        page.meta.update(title=generated.title, description=generated.description)
        if generated.story is not None:
            page.meta.update(hide=["navigation", "toc"], storysite_kind="story")
    return markdown


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Escape by default in our own templates: the one place editor text is made safe.

    Material's Jinja environment does not autoescape, and its templates print page
    content that must stay HTML. Ours (any template under overrides/) autoescape, so
    every editor value they print is escaped unless a template says otherwise.
    """
    build = _current()
    overrides = build.overrides

    def escape_ours(name: str | None) -> bool:
        return name is not None and (overrides / name).is_file()

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
    generated = build.generated.get(page.file.src_uri)
    page_story = generated.story if generated else None

    def render(marker: Marker) -> str:
        template = env.get_template(f"storysite/blocks/{marker.name}.html")
        return template.render({**context, **block_data(marker, page_story, site)})

    page.content = fill_markers(page.content, render)
    return context
