"""Scale benchmark: does every page of the site stay small with many stories, and is
every story still reached from /stories/ by links alone?

Run ``.venv/bin/python -m bench.scale --stories 10000``. The script

1. generates N synthetic testimonies with the build benchmark's generator
   (:func:`bench.build_benchmark.generate_stories`, seeded) into a temporary copy of the
   project, in place of ``stories/``;
2. builds it once with ``mkdocs build``;
3. measures every HTML page: the largest, the largest list of stories (the index's,
   countries' and themes' pages), and the totals;
4. crawls the links of the stories index from ``stories/``, following only its own pages
   (``stories/page/<n>/``), and checks that it reaches every story's page.

Exit status: 0 when the build succeeded, no HTML page is over the limit (150 KB,
1 KB = 1,000 bytes) and every story was reached; 1 otherwise; 2 for bad arguments. The
figures go to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from slugify import slugify

from bench.build_benchmark import (
    DEFAULT_SEED, KB, REPO, BenchmarkError, CountryInfo, SyntheticStory, export_commit, generate_stories,
    make_story_project, positive, progress, quoted_slugs, read_countries, read_roles, read_theme_ids, run_build,
)

DEFAULT_STORIES = 10_000
PAGE_LIMIT_KB = 150
# The pages that list stories, by the start of their address.
LIST_PREFIXES = ("stories/page/", "countries/", "themes/")
_ORIGIN = "https://site.invalid/"  # stands for the site's root while resolving links
# The numbers of file names (``afghanistan-graduate-12``) stop at 999 (never a year); the
# generator counts on past it with thousands of stories (see :func:`within_file_numbers`).
FILE_NUMBER_MAX = 999
_NUMBERED = re.compile(r"(?P<prefix>.+)-(?P<number>[0-9]+)")


class _Links(HTMLParser):
    """The ``href`` of every ``<a>`` of a page, as written."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def links_of(site: Path, address: str) -> list[str]:
    """The in-site addresses (relative to the root, e.g. ``stories/x/``) that the page at
    ``address`` links to, without query or fragment."""
    parser = _Links()
    parser.feed((site / address / "index.html").read_text(encoding="utf-8"))
    found = []
    for href in parser.hrefs:
        target = urlsplit(urljoin(_ORIGIN + address, href))
        if f"{target.scheme}://{target.netloc}/" == _ORIGIN:
            found.append(target.path.lstrip("/"))
    return found


@dataclass(frozen=True)
class ScaleFigures:
    stories: int
    build_s: float
    html_pages: int
    html_bytes_total: int
    largest_page: str
    largest_page_bytes: int
    list_pages: int
    list_bytes_total: int
    largest_list_page: str
    largest_list_page_bytes: int
    index_pages_crawled: int
    stories_reached: int
    limit_kb: int

    @property
    def ok(self) -> bool:
        return self.largest_page_bytes <= self.limit_kb * KB and self.stories_reached == self.stories


def crawl_index(site: Path, stories: set[str]) -> tuple[set[str], set[str]]:
    """From ``stories/``, follow the links to the index's own pages; return the index
    pages read (addresses) and which of ``stories`` (addresses) they link."""
    seen, queue, reached = {"stories/"}, ["stories/"], set()
    while queue:
        address = queue.pop()
        for target in links_of(site, address):
            if target in stories:
                reached.add(target)
            elif target.startswith("stories/page/") and target not in seen and (site / target / "index.html").is_file():
                seen.add(target)
                queue.append(target)
    return seen, reached


def measure(site: Path, story_slugs: Sequence[str], build_s: float, limit_kb: int) -> ScaleFigures:
    """The figures of the built ``site`` of ``story_slugs``."""
    sizes = {
        path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")
    }
    lists = {path: size for path, size in sizes.items() if path == "stories/index.html" or path.startswith(LIST_PREFIXES)}
    largest = max(sizes, key=sizes.__getitem__)
    largest_list = max(lists, key=lists.__getitem__)
    crawled, reached = crawl_index(site, {f"stories/{slug}/" for slug in story_slugs})
    return ScaleFigures(
        stories=len(story_slugs), build_s=build_s, html_pages=len(sizes), html_bytes_total=sum(sizes.values()),
        largest_page=largest, largest_page_bytes=sizes[largest], list_pages=len(lists),
        list_bytes_total=sum(lists.values()), largest_list_page=largest_list,
        largest_list_page_bytes=lists[largest_list], index_pages_crawled=len(crawled), stories_reached=len(reached),
        limit_kb=limit_kb,
    )


def within_file_numbers(
    stories: Sequence[SyntheticStory], countries: Sequence[CountryInfo], roles: Sequence[str],
) -> list[SyntheticStory]:
    """``stories`` with each anonymous or first-name file name numbered past
    :data:`FILE_NUMBER_MAX` renamed to a free neutral one of its country
    (``<country>-<number>``, then ``<country>-<role>-<number>`` for each role), which the
    build accepts for both. Named stories keep theirs: a name may take any number."""
    taken = {story.slug for story in stories}
    slug_of = {country.name: slugify(country.name) for country in countries}
    free: dict[str, Iterator[str]] = {}

    def neutral(country: str) -> Iterator[str]:
        prefixes = [slug_of[country], *(f"{slug_of[country]}-{role}" for role in roles)]
        for prefix, number in itertools.product(prefixes, range(1, FILE_NUMBER_MAX + 1)):
            if f"{prefix}-{number}" not in taken:
                yield f"{prefix}-{number}"

    renamed = []
    for story in stories:
        match = _NUMBERED.fullmatch(story.slug)
        if story.identity != "named" and match and int(match["number"]) > FILE_NUMBER_MAX:
            slug = next(free.setdefault(story.country, neutral(story.country)), None)
            if slug is None:
                raise BenchmarkError(f"no free neutral file name left for {story.country}: use fewer --stories")
            taken.add(slug)
            story = dataclasses.replace(story, slug=slug)
        renamed.append(story)
    return renamed


def scale(root: Path, work: Path, count: int, seed: int, limit_kb: int) -> ScaleFigures:
    """Generate ``count`` stories into a copy of the project at ``root``, build and measure."""
    reserved = quoted_slugs(root / "docs")
    if len(reserved) > count:
        raise BenchmarkError(f"docs/ quotes {len(reserved)} stories; use --stories {len(reserved)} or more")
    progress(f"generating {count} stories (seed {seed}) in {work}")
    countries, roles = read_countries(root), read_roles(root)
    stories = generate_stories(count, seed, countries, read_theme_ids(root), reserved, roles)
    stories = within_file_numbers(stories, countries, list(roles))
    project = work / "stories-site"
    make_story_project(root, project, stories, seed)
    progress("building (share images included: a few minutes for 10,000 stories)")
    timing = run_build(project)
    progress(f"built in {timing.wall_s:.0f} s; measuring and crawling")
    return measure(project / "site", [story.slug for story in stories], timing.wall_s, limit_kb)


def format_figures(figures: ScaleFigures) -> str:
    def kb(size: float) -> str:
        return f"{size / KB:,.1f} KB"

    lines = [
        f"Scale benchmark: {figures.stories:,} stories, built in {figures.build_s:,.0f} s",
        f"  HTML pages:            {figures.html_pages:,}, {kb(figures.html_bytes_total)} in all",
        f"  largest HTML page:     {kb(figures.largest_page_bytes)} ({figures.largest_page})"
        f"  limit {figures.limit_kb} KB: {'met' if figures.largest_page_bytes <= figures.limit_kb * KB else 'NOT MET'}",
        f"  lists of stories:      {figures.list_pages:,} pages, {kb(figures.list_bytes_total)} in all;"
        f" largest {kb(figures.largest_list_page_bytes)} ({figures.largest_list_page})",
        f"  crawl from /stories/:  {figures.index_pages_crawled:,} index pages,"
        f" {figures.stories_reached:,} of {figures.stories:,} stories reached"
        f" ({'all' if figures.stories_reached == figures.stories else 'NOT ALL'})",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build with many stories; measure page sizes and crawl /stories/.")
    parser.add_argument("--stories", type=positive, default=DEFAULT_STORIES, metavar="N",
                        help=f"how many synthetic stories to generate (default {DEFAULT_STORIES})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--limit-kb", type=positive, default=PAGE_LIMIT_KB, metavar="KB",
                        help=f"the largest HTML page allowed, in KB of 1,000 bytes (default {PAGE_LIMIT_KB})")
    parser.add_argument("--commit", metavar="REF",
                        help="measure this git commit (e.g. HEAD) instead of the work tree as it is now")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and site, and say where")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="storysite-scale-"))
    keep = args.keep
    try:
        root = REPO
        if args.commit:
            commit = export_commit(REPO, args.commit, work / "source")
            root = work / "source"
            progress(f"measuring commit {commit[:12]}")
        figures = scale(root, work, args.stories, args.seed, args.limit_kb)
    except BenchmarkError as error:
        keep = True
        progress(f"scale: error: {error}")
        return 1
    finally:
        if keep:
            progress(f"kept the project and site in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({**asdict(figures), "ok": figures.ok}, indent=2) if args.json else format_figures(figures), end="\n" if args.json else "")
    return 0 if figures.ok else 1


if __name__ == "__main__":
    sys.exit(main())
