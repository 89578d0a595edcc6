"""The only module that knows MkDocs: it hands MkDocs' events to the storysite stages.

Wiring only: each event passes plain data (paths, addresses, HTML) to this build's
:class:`~storysite.build_state.BuildState` and gives MkDocs back what it answers. MkDocs
loads this file once per process (``mkdocs serve`` never reloads it), so every build
starts from a fresh state made in ``on_config``; the one thing kept between builds is a
live preview's last good content. Content is checked in ``on_pre_build``, before MkDocs
empties the output folder, so a bad pull request never destroys the last good site.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from jinja2 import Environment
from markdown import Markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from storysite.build_state import BuildState, BuildStopped, LivePreview, Log
from storysite.csp import fill_policy
from storysite.errors import ContentError
from storysite.unpublished_links import UnpublishedLinks
from storysite.parallel_work import Progress
from storysite.site_settings import check_site_settings

log = get_plugin_logger("storysite")
# Set to 1 by make build (tools/build_site.py) for its second, safe build.
SAFE_MODE_VARIABLE = "STORYSITE_SAFE_MODE"

_state: BuildState | None = None
_preview: LivePreview | None = None  # set in on_startup, only while serving


def _current() -> BuildState:
    if _state is None:
        raise PluginError("storysite: on_config did not run; is hooks/mkdocs_adapter.py listed under hooks:?")
    return _state


def _log(lines: Log) -> None:
    for level, line in lines:
        log.log(level, line)


def _annotate(errors: tuple[ContentError, ...]) -> None:
    """In GitHub Actions, also print each error as an annotation on its file and line."""
    if errors and os.environ.get("GITHUB_ACTIONS") == "true":
        sys.stdout.write("".join(error.github_annotation() + "\n" for error in sorted(errors)))


def _progress(progress: Progress) -> None:
    log.info(str(progress))


class DrawnPage(Page):
    """A page the build draws whole in on_page_context (a story's, a list's): MkDocs has
    no Markdown of it to convert, and making a converter for each page cost a twentieth of
    the build with a thousand stories."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        # present_anchor_ids stays None: MkDocs checks links to anchors before the page is
        # drawn, and None tells it not to check this page's (an empty set would fail them).
        self.content, self.toc = "", get_toc([])


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process serves a live preview (once per process)."""
    global _preview
    _preview = LivePreview() if command == "serve" else None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start a new build: paths come from mkdocs.yml's folder, never the working directory."""
    global _state
    # The site's own settings (extra:) are printed on every page: check them first.
    problems = check_site_settings(config.extra)
    if problems:
        raise PluginError("\n".join(problems))
    # The extension that unlinks unpublished pages joins the site's Markdown (MkDocs makes
    # every page's converter from this list); the checks of docs/ convert pages alike.
    links = UnpublishedLinks()
    config.markdown_extensions.append(links)
    extensions, configs = config.markdown_extensions, config.mdx_configs
    _state = BuildState(
        root=Path(config.config_file_path).resolve().parent,
        docs_dir=Path(os.path.abspath(config.docs_dir)),
        overrides=Path(os.path.abspath(config.theme.custom_dir or Path(config.config_file_path).parent / "overrides")),
        page_links=links,
        render_markdown=lambda source: Markdown(extensions=extensions, extension_configs=configs or {}).convert(source),
        safe_mode=os.environ.get(SAFE_MODE_VARIABLE) == "1",
    )
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Load and check everything; stop before MkDocs touches the output folder."""
    try:
        prepared = _current().prepare(
            programme=config.extra["programme"],  # checked in on_config
            locale=config.theme["language"] or "en",
            site_url=config.site_url,
            preview=_preview,
            progress=_progress,
        )
    except BuildStopped as stopped:
        _annotate(stopped.errors)
        raise PluginError(stopped.report) from None
    _annotate(prepared.errors)
    _log(prepared.log)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Keep, drop or replace each file as the build says; add the generated pages."""
    state = _current()
    for file in list(files):
        if file.abs_src_path is None:
            continue
        decision = state.source_file(file.abs_src_path, file.src_uri)
        if not decision.keep:
            files.remove(file)
            if decision.replacement is not None:
                files.append(File.generated(config, file.src_uri, content=decision.replacement))
    for page in state.pages_to_add(lambda src_uri: files.get_file_from_path(src_uri) is not None):
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
        files.append(file)
        if page.drawn_whole:
            DrawnPage(None, file, config)  # MkDocs then uses file.page as it is
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give the page its settings before it is converted (see BuildState.start_page)."""
    _current().start_page(page.file.src_uri, page.file.url, page.meta)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A hand-written page's HTML as it may be published."""
    try:
        html, notes = _current().finish_page_html(html)
    except BuildStopped as stopped:
        raise PluginError(stopped.report) from None
    _log(notes)
    return html


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Our templates autoescape, and this build's renderer draws them."""
    _current().start_rendering(env, config)
    return env


# Before Material's search plugin (priority 0) so the search index sees the drawn blocks.
@event_priority(50)
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    """Draw the page's content: a generated page whole, any other page's block markers."""
    drawn = _current().draw(page.file.src_uri, page.content, page, context["base_url"])
    page.content = drawn.content
    context.update(drawn.context)  # type: ignore[typeddict-item]
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Fill in the page's Content-Security-Policy, now that its inline scripts are known:
    those of the templates, never one of the page's content."""
    return fill_policy(output, preview=_preview is not None, content=page.content)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for pages drawn from templates alone (404.html)."""
    return fill_policy(output_content, preview=_preview is not None)


def on_post_build(config: MkDocsConfig) -> None:
    """Publish the photos and share images, and write the Atom feed and robots.txt."""
    _log(_current().publish(Path(config.site_dir)))
