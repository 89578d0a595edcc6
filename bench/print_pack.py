"""Print-pack benchmark: ``python -m tools.print_pack`` for N stories with photos, warm.

Run ``.venv/bin/python -m bench.print_pack`` (``--help`` for options). The script

1. writes N synthetic testimonies (bench.build_benchmark's generator, seeded) whose
   consent allows print, each with a synthetic camera-sized photo
   (bench.photo_benchmark's), into a temporary copy of the project;
2. makes the pack once cold (every photo decoded and rendered by the photo pipeline
   into the project's cache), then ``--rounds`` times warm (every photo from the cache:
   what a comms officer waits for when making the pack again), each time as ``make
   print-pack`` does, in a new process, and checks each PDF has the cover and N pages;
3. reports the cold time and the median warm time against the goal (under 30 s for
   100 stories on the project's 2-core machine).

Nothing in the repository is written. Exit status: 0 when every run made its pack (goal
met or not; the report says which), 1 when a run failed, 2 for bad options. Progress
goes to stderr, the report to stdout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader

from bench.build_benchmark import (
    DEFAULT_SEED, REPO, copy_project, generate_stories, read_countries, read_roles, read_theme_ids, SyntheticStory,
)
from bench.photo_benchmark import write_photos

DEFAULT_STORIES = 100
DEFAULT_ROUNDS = 3
DEFAULT_MEGAPIXELS = 4.0
GOAL_S = 30.0
RUN_TIMEOUT_S = 900
# A fixed "today" and a consent that holds on it (and lasts under five years), so that
# every run prints the same stories whatever the date.
TODAY = "2026-01-15"
GIVEN, EXPIRES = "2025-01-15", "2029-01-15"
WRAP = 88


class BenchmarkError(Exception):
    """A run failed or its PDF is not what it should be: the figure would mean nothing."""


def story_yaml(story: SyntheticStory, photo: str) -> str:
    """The testimony as an editor would write it, with ``print`` in its scope and a photo
    (a stand-in, ``representative: true``, for an anonymous speaker, as the build requires)."""
    lines = [
        "# Synthetic testimony written by bench/print_pack.py.",
        f"identity: {story.identity}",
        *([f"name: {story.name}"] if story.name is not None else []),
        f"country: {story.country}",
        f"role: {story.role}",
        "quote: >-",
        textwrap.fill(story.quote, WRAP, initial_indent="  ", subsequent_indent="  "),
        "photo:",
        f"  file: photos/{photo}",
        "  alt: A person outside a classroom",
        "  credit: A. Photographer",
        f"  representative: {'true' if story.name is None else 'false'}",
        f"themes: [{', '.join(story.themes)}]",
        f"collected: {GIVEN}",
        "featured: false",
        "consent:",
        f"  given: {GIVEN}",
        f"  expires: {EXPIRES}",
        "  scope: [web, social, print]",
        f"  reference: {story.reference}",
    ]
    return "\n".join(lines) + "\n"


def make_project(destination: Path, count: int, seed: int, megapixels: float) -> None:
    """A copy of the repository's project whose stories/ holds ``count`` printable stories with photos."""
    copy_project(REPO, destination)
    stories = generate_stories(
        count, seed, read_countries(REPO), read_theme_ids(REPO), reserved_slugs=(), roles=read_roles(REPO)
    )
    photos = write_photos(destination / "stories" / "photos", count, megapixels, seed)
    for story, photo in zip(stories, photos):
        (destination / "stories" / f"{story.slug}.yml").write_text(story_yaml(story, photo.name), encoding="utf-8")


def run_pack(project: Path, out: Path, count: int) -> float:
    """Wall seconds of one ``python -m tools.print_pack`` on ``project``; checks its PDF."""
    env = {**os.environ, "STORIES_TODAY": TODAY}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tools.print_pack", "--root", str(project), "--out", str(out)],
        cwd=project, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchmarkError(f"the pack failed:\n{done.stdout}{done.stderr}")
    pages = len(PdfReader(out).pages)
    if pages != count + 1:
        raise BenchmarkError(f"the pack has {pages} pages, not the cover and {count} stories")
    return seconds


def progress(message: str) -> None:
    sys.stderr.write(message + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the print pack for N stories with photos, cold and warm.")
    parser.add_argument("--stories", type=int, default=DEFAULT_STORIES, help=f"stories with photos (default {DEFAULT_STORIES})")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS, help=f"warm runs (default {DEFAULT_ROUNDS})")
    parser.add_argument("--megapixels", type=float, default=DEFAULT_MEGAPIXELS, help=f"of each photo (default {DEFAULT_MEGAPIXELS})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.stories < 1 or args.rounds < 1 or args.megapixels <= 0:
        parser.error("--stories and --rounds must be at least 1, --megapixels positive")
    with tempfile.TemporaryDirectory(prefix="print-pack-bench-") as work:
        project = Path(work) / "project"
        progress(f"writing {args.stories} stories with {args.megapixels:g}-megapixel photos ...")
        make_project(project, args.stories, args.seed, args.megapixels)
        out = Path(work) / "story-pack.pdf"
        try:
            progress("cold run (photos rendered into the cache) ...")
            cold = run_pack(project, out, args.stories)
            warm = []
            for round_ in range(args.rounds):
                progress(f"warm run {round_ + 1}/{args.rounds} ...")
                warm.append(run_pack(project, out, args.stories))
        except (BenchmarkError, subprocess.TimeoutExpired) as error:
            sys.stderr.write(f"{error}\n")
            return 1
        size = out.stat().st_size
    median = statistics.median(warm)
    verdict = "met" if median < GOAL_S else "NOT met"
    sys.stdout.write(
        f"Print pack, {args.stories} stories with {args.megapixels:g}-megapixel photos, {os.cpu_count()} cores:\n"
        f"  cold: {cold:.1f} s (photos decoded and rendered)\n"
        f"  warm: {median:.1f} s median of {args.rounds} ({', '.join(f'{s:.1f}' for s in warm)})\n"
        f"  PDF: {size / 1_000_000:.1f} MB, {args.stories + 1} pages\n"
        f"  goal: warm under {GOAL_S:.0f} s: {verdict}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
