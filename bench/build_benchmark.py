"""Build benchmark: the story pipeline against plain Markdown pages of the same text.

Run ``make bench`` (or ``.venv/bin/python bench/build_benchmark.py --help``). The script

1. generates N synthetic testimonies (seeded, so every run writes the same files) into a
   temporary copy of the project, in place of ``stories/``;
2. writes the same words as N plain Markdown pages into a second temporary project with
   the same ``mkdocs.yml`` minus the hooks and the same hand-written ``docs/``, the pages
   kept out of ``nav:`` like story pages;
3. builds both with ``mkdocs build`` in subprocesses, alternating, checks that every story
   got its page, and reports the median wall (and CPU) time of each, their ratio, page sizes
   and the size of the search index.

Exit status: 0 when every build succeeded and produced its N pages, whether or not the
goals are met (the report says which are); 1 when a build failed or a page is missing; 2
for bad arguments. The report goes to stdout; progress goes to stderr, so ``--json``
output can be piped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import yaml
from slugify import slugify

REPO = Path(__file__).resolve().parent.parent
# What a build reads; stories/ is replaced by the generated testimonies.
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "hooks", "overrides")
COPY_IGNORE = shutil.ignore_patterns("__pycache__", ".cache")

DEFAULT_STORIES = 1000
DEFAULT_ROUNDS = 3
DEFAULT_SEED = 20240308
BUILD_TIMEOUT_S = 1800

# Runs of one kind further apart than this (slowest / fastest - 1) mean the machine was
# busy: the table then says the ratio is not to be trusted.
NOISE_LIMIT = 0.15
RATIO_GOAL = 1.2  # story build time / plain build time, at most
PAGE_GOAL_KB = 60  # median story page HTML, under
KB = 1000  # sizes are reported in SI kilobytes: the stricter reading of "60 KB"
# Gzip level 6 is what common web servers and CDNs send, not the best possible.
GZIP_LEVEL = 6

STORY_WORDS_RANGE = (235, 265)  # "about 250 words"
PARAGRAPHS_RANGE = (3, 5)
QUOTE_LIMITS = (20, 600)  # content-format.md
WRAP_WIDTH = 88
FEATURED_COUNT = 6  # about what the sample site features; the home page draws them all
# Testimonies recorded in the two years before the run, with consent given that day for four
# years: within the five years a consent may last, and never ending (or warning) on the day
# the benchmark runs. The dates follow the run's day; the seed fixes everything else.
COLLECTED_DAYS_BACK = 730
CONSENT_LASTS = dt.timedelta(days=4 * 365)

# A block marker whose argument names a story, e.g. <!-- storysite:quote monday -->
# (hooks/storysite/block_markers.py). Hand-written pages in docs/ that quote a sample story
# would fail the build once stories/ is replaced, so the first generated stories take those
# slugs.
_STORY_ARGUMENT = re.compile(r"<!--\s*storysite:[a-z-]+[ \t]+([a-z0-9-]+)\s*-->")

# Only lowercase ASCII letters: the words need no escaping in YAML, Markdown or HTML, so the
# text is byte-for-byte the same in both builds and can be found verbatim in the output.
WORDS = tuple(
    """
    after again all also always am and are as asked at because before began better between
    both boys brother but by can change changed children community could daughter daughters
    day decide decided decisions did different do does each early education every family
    father farm first for friends from future girls give go good had has have he help her
    here him his home house how husband if important in is it just know land learn learned
    life like listen listened long made make many market marriage married me men meeting
    money more mother much must my neighbours never new no not now of old on once one only
    or other our out own people plan problems proud put questions respect right said saw
    school see share she should sister so some son speak started still such support talk
    taught than that the their them then there these they things think this those time to
    together told training understand until us village violence wait want was water way we
    well were what when where which while who why wife will with woman women words work
    world would year years yes you young
    """.split()
)
GIVEN_NAMES = (
    "Abdullahi", "Adamu", "Akol", "Amani", "Bahati", "Chinedu", "Deng", "Emeka", "Esther",
    "Faith", "Garang", "Grace", "Ibrahim", "Joseph", "Kasongo", "Lado", "Mary", "Mbuyi",
    "Musa", "Ngozi", "Nyandeng", "Obadia", "Patience", "Samuel", "Tabitha", "Yusuf",
)
FAMILY_NAMES = (
    "Aguer", "Ayuba", "Bello", "Ilunga", "Kabila", "Kenyi", "Lokuji", "Lowiya",
    "Lumumba", "Malual", "Mutombo", "Nwosu", "Okafor", "Okonkwo", "Ladu", "Tshibanda", "Wani",
)
# How much more often the first role of data/roles.yml (the programme's own participants)
# speaks than each other role, as in the sample stories.
FIRST_ROLE_WEIGHT = 3


class BenchmarkError(Exception):
    """A build failed or did not produce what it should: the numbers would mean nothing."""


@dataclass(frozen=True)
class CountryInfo:
    """What the generator needs of a country in data/countries.yml."""

    name: str
    at_risk: bool


@dataclass(frozen=True)
class SyntheticStory:
    """One generated testimony; ``name`` is None for anonymous speakers."""

    slug: str
    identity: str
    name: str | None
    country: str
    role: str
    role_label: str
    quote: str
    paragraphs: tuple[str, ...]
    themes: tuple[str, ...]
    collected: dt.date
    featured: bool
    reference: str

    @property
    def display_name(self) -> str:
        """What the story page's H1 says (mirrors ``Story.display_name``)."""
        return self.name if self.name is not None else f"{self.role_label}, {self.country}"


@dataclass(frozen=True)
class SiteFigures:
    """Sizes measured in one built site; bytes throughout ("per story": divided by N)."""

    page_bytes_median: float
    page_bytes_max: int
    search_index_bytes: int
    search_index_bytes_per_story: float
    search_index_gzip_bytes: int
    search_index_gzip_bytes_per_story: float
    search_index_entries: int
    stories_index_bytes: int | None  # the page listing every story; the plain site has none


@dataclass(frozen=True)
class Timing:
    """One build's wall time and the CPU time (user + system) its process used."""

    wall_s: float
    cpu_s: float


@dataclass(frozen=True)
class BuildResult:
    """The times of one kind of build, in run order, and what its site weighs."""

    times_s: tuple[float, ...]  # wall time
    median_s: float
    cpu_times_s: tuple[float, ...]
    cpu_median_s: float
    site: SiteFigures


@dataclass(frozen=True)
class Goals:
    """The goals and whether this run met them."""

    ratio_max: float
    ratio_met: bool
    story_page_kb_max: float
    story_page_kb: float
    story_page_met: bool


@dataclass(frozen=True)
class Report:
    """Everything one run measured, and where; ``asdict`` of it is the ``--json`` output."""

    date: str
    source: str  # "work tree", or the git commit the project was taken from
    stories: int
    rounds: int
    seed: int
    cpus: int | None
    python: str
    mkdocs: str
    mkdocs_material: str
    builds: dict[str, BuildResult]  # "stories" and "plain"
    ratio: float  # median story build time / median plain build time: the goal's measure
    # The median of each round's story time / plain time. The two builds of a round run
    # back to back, so a machine that slows down over the run skews this one less.
    paired_ratio: float
    cpu_ratio: float  # the same as ``ratio``, on CPU time
    spread: float  # slowest / fastest - 1 of the wall times, the larger of both kinds
    goals: Goals


# --- Generating the content ---------------------------------------------------------------


def read_countries(root: Path) -> list[CountryInfo]:
    """The countries of ``root/data/countries.yml``, in file order."""
    data = yaml.safe_load((root / "data" / "countries.yml").read_text(encoding="utf-8"))
    return [CountryInfo(str(entry["name"]), entry.get("at_risk") is True) for entry in data.values()]


def read_roles(root: Path) -> dict[str, str]:
    """The roles of ``root/data/roles.yml``, in file order: {id: label}."""
    data = yaml.safe_load((root / "data" / "roles.yml").read_text(encoding="utf-8"))
    return {str(key): str(entry["label"]) for key, entry in data.items()}


def read_theme_ids(root: Path) -> list[str]:
    """The theme ids of ``root/data/themes.yml``, in file order."""
    return [str(key) for key in yaml.safe_load((root / "data" / "themes.yml").read_text(encoding="utf-8"))]


def quoted_slugs(docs_dir: Path) -> list[str]:
    """Story slugs that hand-written pages under ``docs_dir`` name in block markers, sorted."""
    found: set[str] = set()
    for path in docs_dir.rglob("*.md"):
        found.update(_STORY_ARGUMENT.findall(path.read_text(encoding="utf-8")))
    return sorted(found)


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if len(words) > 7 and rng.random() < 0.4:
        words[rng.randint(2, len(words) - 3)] += ","
    return " ".join(words).capitalize() + "."


def _quote(rng: random.Random) -> str:
    """One to three sentences, within the quote limits of content-format.md."""
    sentences = [_sentence(rng, 6, 22) for _ in range(rng.randint(1, 3))]
    while len(" ".join(sentences)) > QUOTE_LIMITS[1] and len(sentences) > 1:
        sentences.pop()
    quote = " ".join(sentences)
    # A 22-word sentence of words up to 12 letters cannot pass 600 characters; a short one
    # can fall under 20, so it gets company.
    while len(quote) < QUOTE_LIMITS[0]:
        quote += " " + _sentence(rng, 6, 12)
    return quote


def _paragraphs(rng: random.Random) -> tuple[str, ...]:
    """About 250 words in three to five paragraphs."""
    count = rng.randint(*PARAGRAPHS_RANGE)
    target = rng.randint(*STORY_WORDS_RANGE)
    paragraphs: list[str] = []
    for index in range(count):
        share = target // count + (1 if index < target % count else 0)
        sentences: list[str] = []
        written = 0
        while written < share:
            sentence = _sentence(rng, 5, min(18, max(5, share - written)))
            sentences.append(sentence)
            written += len(sentence.split())
        paragraphs.append(" ".join(sentences))
    return tuple(paragraphs)


def generate_stories(
    count: int,
    seed: int,
    countries: Sequence[CountryInfo],
    themes: Sequence[str],
    reserved_slugs: Sequence[str],
    roles: dict[str, str],
) -> list[SyntheticStory]:
    """``count`` valid testimonies, the same for the same arguments.

    Speakers from an ``at_risk`` country are anonymous, the others named or first-name.
    The first stories take ``reserved_slugs`` (pages in docs/ quote them) and are named,
    from a country that is not at risk; the others get the neutral file name the build
    asks for: ``<first-name>-<n>`` for a first-name story, ``<country>-<role>-<n>`` for
    an anonymous one, ``<name>-<n>`` for a named one, numbered per prefix.
    """
    rng = random.Random(seed)
    first, *others = roles
    role_draw = [first] * FIRST_ROLE_WEIGHT + others
    safe_countries = [country for country in countries if not country.at_risk]
    numbers: dict[str, int] = {}

    def numbered(prefix: str) -> str:
        numbers[prefix] = numbers.get(prefix, 0) + 1
        return f"{prefix}-{numbers[prefix]}"

    stories: list[SyntheticStory] = []
    for index in range(count):
        reserved = index < len(reserved_slugs)
        country = rng.choice(safe_countries if reserved else countries)
        role = rng.choice(role_draw)
        name: str | None
        if country.at_risk:
            identity, name = "anonymous", None
        elif reserved or rng.random() < 0.5:
            identity, name = "named", f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
        else:
            identity, name = "first-name", rng.choice(GIVEN_NAMES)
        serial = f"{index + 1:05d}"
        if reserved:
            slug = reserved_slugs[index]
        elif name is None:
            # python-slugify, as the build's catalogue.slugify: the generated names are ASCII.
            slug = numbered(f"{slugify(country.name)}-{role}")
        else:
            slug = numbered(slugify(name))
        stories.append(
            SyntheticStory(
                slug=slug,
                identity=identity,
                name=name,
                country=country.name,
                role=role,
                role_label=roles[role],
                quote=_quote(rng),
                paragraphs=_paragraphs(rng),
                themes=tuple(rng.sample(list(themes), k=min(len(themes), rng.randint(1, 3)))),
                collected=dt.date.today() - dt.timedelta(days=rng.randint(1, COLLECTED_DAYS_BACK)),
                featured=index < FEATURED_COUNT,
                reference=f"BENCH-{serial}",
            )
        )
    return stories


def _block(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WRAP_WIDTH, initial_indent=indent, subsequent_indent=indent)


def story_yaml(story: SyntheticStory, seed: int) -> str:
    """The testimony as an editor would write it (content-format.md): block scalars, wrapped.

    The text holds only letters, spaces, commas and full stops, so it needs no quoting.
    Wrapping swaps spaces for newlines, which keeps the page's byte count unchanged.
    """
    lines = [
        f"# Synthetic testimony written by bench/build_benchmark.py (seed {seed}).",
        f"identity: {story.identity}",
        *([f"name: {story.name}"] if story.name is not None else []),
        f"country: {story.country}",
        f"role: {story.role}",
        "quote: >-",
        _block(story.quote),
        "story: |",
        "\n\n".join(_block(paragraph) for paragraph in story.paragraphs),
        f"themes: [{', '.join(story.themes)}]",
        f"collected: {story.collected.isoformat()}",
        f"featured: {'true' if story.featured else 'false'}",
        "consent:",
        f"  given: {story.collected.isoformat()}",
        f"  expires: {(story.collected + CONSENT_LASTS).isoformat()}",
        "  scope: [web, social]",
        f"  reference: {story.reference}",
    ]
    return "\n".join(lines) + "\n"


def plain_markdown(story: SyntheticStory) -> str:
    """The same words as a plain page: the name as H1, the quote as a blockquote, the paragraphs.

    The quote stays on one line so it appears verbatim in the HTML (see :func:`check_pages`).
    """
    parts = [f"# {story.display_name}", f"> {story.quote}", *(textwrap.fill(p, WRAP_WIDTH) for p in story.paragraphs)]
    return "\n\n".join(parts) + "\n"


# --- The two projects ---------------------------------------------------------------------


def copy_project(root: Path, destination: Path, parts: Sequence[str] = PROJECT_PARTS) -> None:
    """Copy ``parts`` of the project at ``root`` (files or folders, without caches) into a
    new folder ``destination``."""
    destination.mkdir(parents=True)
    for part in parts:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=COPY_IGNORE)
        else:
            shutil.copy2(source, destination / part)


def make_story_project(root: Path, destination: Path, stories: Sequence[SyntheticStory], seed: int) -> None:
    """A copy of the project at ``root`` whose stories/ holds only ``stories``."""
    copy_project(root, destination)
    stories_dir = destination / "stories"
    (stories_dir / "photos").mkdir(parents=True)
    for story in stories:
        (stories_dir / f"{story.slug}.yml").write_text(story_yaml(story, seed), encoding="utf-8")


def make_plain_project(root: Path, destination: Path, stories: Sequence[SyntheticStory]) -> None:
    """Material + search with the project's settings, no hooks, and one page per story.

    The hand-written pages of ``docs/`` and the navigation come along unchanged (their
    block markers are HTML comments, which plain Markdown keeps and browsers ignore), so
    both sites have the same sections and tabs. The story pages sit where ours do
    (``stories/<slug>/``) and, like them, stay out of the navigation. overrides/ comes
    along too, so both sites share templates, stylesheet, logo and favicon.
    """
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    if not isinstance(config, dict):
        raise BenchmarkError(f"{root / 'mkdocs.yml'} does not hold a mapping of settings")
    config.pop("hooks", None)
    config.pop("watch", None)  # names stories/ and data/, which this project does not have
    destination.mkdir(parents=True)
    (destination / "mkdocs.yml").write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    if (root / "overrides").is_dir():
        shutil.copytree(root / "overrides", destination / "overrides", ignore=COPY_IGNORE)
    shutil.copytree(root / "docs", destination / "docs", ignore=COPY_IGNORE)
    pages = destination / "docs" / "stories"
    pages.mkdir(parents=True, exist_ok=True)
    for story in stories:
        (pages / f"{story.slug}.md").write_text(plain_markdown(story), encoding="utf-8")


# --- Building and measuring ---------------------------------------------------------------


def run_build(project: Path) -> Timing:
    """Build ``project`` into ``project/site`` from scratch and time it.

    The old site is removed first, outside the timed part, so each run is a full build and
    neither kind pays for deleting the other's leftovers.
    """
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Annotations for CI would only add output; the build itself is the same.
    env.pop("GITHUB_ACTIONS", None)
    cpu_before = _children_cpu_s()
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise BenchmarkError(f"mkdocs build took over {BUILD_TIMEOUT_S} s in {project}; stopped it") from None
    elapsed = time.perf_counter() - start
    cpu = _children_cpu_s() - cpu_before
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()
        raise BenchmarkError(
            f"mkdocs build failed (exit {done.returncode}) in {project}:\n  " + "\n  ".join(output[-40:])
        )
    if done.stderr.strip():
        # -q leaves only warnings and errors: show them, a build that warns may be half-built.
        sys.stderr.write(f"mkdocs said, building {project.name}:\n{done.stderr}")
    return Timing(elapsed, cpu)


def _children_cpu_s() -> float:
    """CPU seconds used so far by finished child processes (builds run one at a time)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_pages(site: Path, stories: Sequence[SyntheticStory], kind: str) -> list[Path]:
    """The N pages of ``site``, one per story; raises when one is missing or lacks its quote.

    The quote is plain letters and punctuation on one line, so finding it verbatim proves
    the page carries its story and not an empty shell. A real check, not ``assert``, which
    ``python -O`` would skip.
    """
    pages: list[Path] = []
    missing: list[str] = []
    for story in stories:
        page = site / "stories" / story.slug / "index.html"
        if not page.is_file() or story.quote not in page.read_text(encoding="utf-8"):
            missing.append(story.slug)
        pages.append(page)
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise BenchmarkError(
            f"the {kind} build produced {len(stories) - len(missing)} of {len(stories)} story pages; "
            f"missing or without their quote: {shown} (site: {site})"
        )
    return pages


def measure_site(site: Path, pages: Sequence[Path]) -> SiteFigures:
    """Page sizes and the search index of a built ``site``; ``pages`` are its N story pages."""
    sizes = [page.stat().st_size for page in pages]
    index_path = site / "search" / "search_index.json"
    if not index_path.is_file():
        raise BenchmarkError(f"{index_path} is missing: is the search plugin still enabled?")
    raw = index_path.read_bytes()
    packed = len(gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0))
    stories_index = site / "stories" / "index.html"
    return SiteFigures(
        page_bytes_median=statistics.median(sizes),
        page_bytes_max=max(sizes),
        search_index_bytes=len(raw),
        search_index_bytes_per_story=len(raw) / len(pages),
        search_index_gzip_bytes=packed,
        search_index_gzip_bytes_per_story=packed / len(pages),
        search_index_entries=len(json.loads(raw)["docs"]),
        stories_index_bytes=stories_index.stat().st_size if stories_index.is_file() else None,
    )


def export_commit(repo: Path, ref: str, destination: Path) -> str:
    """Write the project parts of commit ``ref`` of ``repo`` into ``destination``; return its id.

    Lets a run measure a known commit while the work tree is being edited.
    """
    def git(*arguments: str) -> subprocess.CompletedProcess[bytes]:
        done = subprocess.run(["git", "-C", str(repo), *arguments], capture_output=True)
        if done.returncode != 0:
            raise BenchmarkError(f"git {' '.join(arguments)} failed: {done.stderr.decode(errors='replace').strip()}")
        return done

    commit = git("rev-parse", "--verify", f"{ref}^{{commit}}").stdout.decode().strip()
    present = set(git("ls-tree", "--name-only", commit).stdout.decode().split())
    archive = git("archive", "--format=tar", commit, "--", *(part for part in PROJECT_PARTS if part in present)).stdout
    destination.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
    return commit


def benchmark(root: Path, work: Path, count: int, rounds: int, seed: int, source: str = "work tree") -> Report:
    """Generate, build both projects ``rounds`` times each in alternation, and measure.

    ``root`` holds the project to measure (mkdocs.yml, docs/, data/, hooks/, overrides/);
    ``source`` says where it came from, for the report. Raises :class:`BenchmarkError`
    when a build fails or lacks one of its ``count`` pages.
    """
    countries = read_countries(root)
    themes = read_theme_ids(root)
    roles = read_roles(root)
    reserved = quoted_slugs(root / "docs")
    if len(reserved) > count:
        raise BenchmarkError(
            f"docs/ quotes {len(reserved)} stories ({', '.join(reserved)}); use --stories {len(reserved)} or more"
        )
    progress(f"generating {count} stories (seed {seed}) in {work}")
    stories = generate_stories(count, seed, countries, themes, reserved, roles)
    story_project, plain_project = work / "stories-site", work / "plain-site"
    make_story_project(root, story_project, stories, seed)
    make_plain_project(root, plain_project, stories)

    timings: dict[str, list[Timing]] = {"stories": [], "plain": []}
    projects = {"stories": story_project, "plain": plain_project}
    pages: dict[str, list[Path]] = {}
    # One untimed build of each first. The story site's first build fills its photo and
    # share-image caches (a thousand cards drawn once, reported by the photo benchmark);
    # what is compared is the build an editor's change causes, with those caches warm.
    for kind in ("stories", "plain"):
        warm_up = run_build(projects[kind])
        progress(f"warm-up: {kind:<7} {warm_up.wall_s:6.1f} s wall (not counted)")
    for round_number in range(1, rounds + 1):
        # Alternate, and swap who goes first each round, so drift in the machine's load
        # or caches over the run weighs on both kinds alike.
        order = ("stories", "plain") if round_number % 2 else ("plain", "stories")
        for kind in order:
            timing = run_build(projects[kind])
            pages[kind] = check_pages(projects[kind] / "site", stories, kind)
            timings[kind].append(timing)
            progress(f"round {round_number}/{rounds}: {kind:<7} {timing.wall_s:6.1f} s wall, {timing.cpu_s:6.1f} s CPU")

    results = {kind: _result(timings[kind], measure_site(projects[kind] / "site", pages[kind])) for kind in projects}
    story, plain = results["stories"], results["plain"]
    ratio = story.median_s / plain.median_s
    story_page_kb = results["stories"].site.page_bytes_median / KB
    return Report(
        date=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        source=source,
        stories=count,
        rounds=rounds,
        seed=seed,
        cpus=os.cpu_count(),
        python=sys.version.split()[0],
        mkdocs=metadata.version("mkdocs"),
        mkdocs_material=metadata.version("mkdocs-material"),
        builds=results,
        ratio=ratio,
        paired_ratio=statistics.median(mine / theirs for mine, theirs in zip(story.times_s, plain.times_s, strict=True)),
        cpu_ratio=story.cpu_median_s / plain.cpu_median_s,
        spread=max(max(result.times_s) / min(result.times_s) - 1 for result in results.values()),
        goals=Goals(
            ratio_max=RATIO_GOAL,
            ratio_met=ratio <= RATIO_GOAL,
            story_page_kb_max=PAGE_GOAL_KB,
            story_page_kb=story_page_kb,
            story_page_met=story_page_kb < PAGE_GOAL_KB,
        ),
    )


def _result(timings: Sequence[Timing], site: SiteFigures) -> BuildResult:
    walls = tuple(timing.wall_s for timing in timings)
    cpus = tuple(timing.cpu_s for timing in timings)
    return BuildResult(walls, statistics.median(walls), cpus, statistics.median(cpus), site)


# --- Reporting ----------------------------------------------------------------------------


def progress(message: str) -> None:
    """Progress goes to stderr so that stdout holds only the report (or the JSON)."""
    print(message, file=sys.stderr, flush=True)


def _kb(size: float | None) -> str:
    return "-" if size is None else f"{size / KB:,.1f} KB"


def format_report(report: Report) -> str:
    """The human-readable table of a :class:`Report`."""
    story, plain = report.builds["stories"], report.builds["plain"]
    goals = report.goals

    def verdict(met: bool) -> str:
        return "met" if met else "MISSED"

    def spread(times: Sequence[float]) -> str:
        return f"{min(times):.1f} to {max(times):.1f} s"

    rows: list[tuple[str, str, str, str]] = [
        ("", "stories", "plain", "goal"),
        ("build time, median", f"{story.median_s:.1f} s", f"{plain.median_s:.1f} s", ""),
        ("  fastest to slowest", spread(story.times_s), spread(plain.times_s), ""),
        ("ratio stories/plain", f"{report.ratio:.2f}x", "", f"<= {goals.ratio_max}x: {verdict(goals.ratio_met)}"),
        ("  median of per-round ratios", f"{report.paired_ratio:.2f}x", "", ""),
        ("CPU time, median", f"{story.cpu_median_s:.1f} s", f"{plain.cpu_median_s:.1f} s", ""),
        ("  ratio stories/plain", f"{report.cpu_ratio:.2f}x", "", ""),
        ("story page HTML, median", _kb(story.site.page_bytes_median), _kb(plain.site.page_bytes_median),
         f"< {goals.story_page_kb_max} KB: {verdict(goals.story_page_met)}"),
        ("story page HTML, largest", _kb(story.site.page_bytes_max), _kb(plain.site.page_bytes_max), ""),
        ("stories/index.html", _kb(story.site.stories_index_bytes), _kb(plain.site.stories_index_bytes), ""),
        ("search_index.json", _kb(story.site.search_index_bytes), _kb(plain.site.search_index_bytes), ""),
        ("  per story", _kb(story.site.search_index_bytes_per_story), _kb(plain.site.search_index_bytes_per_story), ""),
        ("  gzipped", _kb(story.site.search_index_gzip_bytes), _kb(plain.site.search_index_gzip_bytes), ""),
        ("  gzipped per story", _kb(story.site.search_index_gzip_bytes_per_story),
         _kb(plain.site.search_index_gzip_bytes_per_story), ""),
        ("  entries", f"{story.site.search_index_entries:,}", f"{plain.site.search_index_entries:,}", ""),
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [
        f"Build benchmark, {report.date}, {report.source}: {report.stories:,} stories, {report.rounds} rounds each, "
        f"seed {report.seed}",
        f"Python {report.python}, MkDocs {report.mkdocs}, Material {report.mkdocs_material}, "
        f"{report.cpus} CPUs. KB = 1,000 bytes; gzip level {GZIP_LEVEL}.",
        "",
    ]
    for row in rows:
        lines.append(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}".rstrip())
    if report.spread > NOISE_LIMIT:
        lines += [
            "",
            f"Warning: runs of the same build differ by up to {report.spread:.0%} (over {NOISE_LIMIT:.0%}): the machine was",
            "busy and the wall-time ratio is not to be trusted. Rerun on a quiet machine, with more --rounds.",
        ]
    return "\n".join(lines) + "\n"


def positive(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark from the command line; see the module docstring for exit codes."""
    parser = argparse.ArgumentParser(description="Time the story build against plain Markdown pages of the same text.")
    parser.add_argument("--stories", type=positive, default=DEFAULT_STORIES, metavar="N",
                        help=f"how many synthetic stories to generate (default {DEFAULT_STORIES})")
    parser.add_argument("--rounds", type=positive, default=DEFAULT_ROUNDS, metavar="R",
                        help=f"builds of each kind, alternating (default {DEFAULT_ROUNDS})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--commit", metavar="REF",
                        help="measure this git commit (e.g. HEAD) instead of the work tree as it is now")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and sites, and say where")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="storysite-bench-"))
    keep = args.keep
    try:
        root, source = REPO, "work tree"
        if args.commit:
            commit = export_commit(REPO, args.commit, work / "source")
            root, source = work / "source", f"commit {commit[:12]}"
        report = benchmark(root, work, args.stories, args.rounds, args.seed, source)
    except BenchmarkError as error:
        keep = any(work.iterdir())  # what failed is worth a look, if anything was written
        progress(f"build_benchmark: error: {error}")
        return 1
    finally:
        if keep:
            progress(f"kept the projects and sites in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(asdict(report), indent=2))
    else:
        print(format_report(report), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
