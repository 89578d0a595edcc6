"""Photo benchmark: what the photo stage costs a build, cold and warm.

Run ``.venv/bin/python bench/photo_benchmark.py`` (``--help`` for options). The script

1. draws N synthetic camera-sized photos (seeded, so every run writes the same bytes;
   soft shapes and sensor-like grain, no people) into a temporary folder, as JPEGs of
   about ``--megapixels`` megapixels in landscape, portrait and 3:2 shapes;
2. runs :func:`storysite.photos.process_photos` on them with an empty cache, on one core
   and on every core, ``--rounds`` times each, and reports the wall time per photo (the
   goal: at most 200 ms per new photo on this 2-core machine) and the CPU time per photo;
3. times the case an editor causes most: one new photo among N-1 cached ones;
4. times a warm rebuild (every photo cached: files are read and hashed, nothing is
   decoded) and the share cards of the same stories, cold and warm.

The whole-site comparison (a warm build within 1.05x of the build without photos) is
for the build benchmark; this script reports the photo stage's own warm cost, the part
that must fit in that 5%. Nothing in the repository is written. Exit status: 0 when
every run succeeded (goals met or not), 1 when a photo was refused, 2 for bad options.
Progress goes to stderr, the report to stdout (``--json`` for machine-readable output).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import resource
import shutil
import subprocess
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, features

from storysite.art import NEUTRAL_ART
from storysite.parallel_work import default_workers
from storysite.photo_settings import PhotoSettings
from storysite.photos import PhotoBatch, PhotoJob, process_photos
from storysite.share_cards import ShareCardJob, render_share_cards

from bench.build_benchmark import copy_project

REPO = Path(__file__).resolve().parent.parent

COLD_GOAL_MS = 200  # per new photo, every rendition, both cores
REFERENCE_MS = 381  # the fastest plain Pillow pipeline measured here: one core, 3 widths, WebP + JPEG
WARM_SHARE = 0.05  # a warm build may cost at most 5% more than one without photos
DEFAULT_PHOTOS = 8
DEFAULT_MEGAPIXELS = 12.0
DEFAULT_ROUNDS = 3
DEFAULT_SEED = 20240308
QUOTE = (
    "Since attending this training my behaviour has changed for the better. We can now manage our "
    "family problems better, and my wife and I decide together how our money is spent."
)


# --- synthetic photos ---------------------------------------------------------------------------


def synthetic_photo(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A photo-like image: a lit gradient, soft shapes out of focus, and sensor grain.

    Encoders care about detail, not subject: the grain makes the JPEG about as large
    as a phone's (3-5 MB at 12 MP), which is what decoding and encoding time follow.
    """
    width, height = size
    small = (max(8, width // 4), max(8, height // 4))
    top = tuple(rng.randrange(60, 200) for _ in range(3))
    bottom = tuple(rng.randrange(20, 140) for _ in range(3))
    mask = Image.linear_gradient("L").resize(small)
    scene = Image.composite(Image.new("RGB", small, bottom), Image.new("RGB", small, top), mask)
    draw = ImageDraw.Draw(scene)
    for _ in range(40):
        x, y = rng.randrange(small[0]), rng.randrange(small[1])
        radius = rng.randrange(small[0] // 40 + 1, small[0] // 6 + 2)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=tuple(rng.randrange(256) for _ in range(3)))
    blotches = Image.effect_noise((max(2, small[0] // 16), max(2, small[1] // 16)), 40).resize(small, Image.Resampling.BICUBIC)
    scene = ImageChops.add(scene, Image.merge("RGB", [blotches] * 3), scale=1.0, offset=-128)
    scene = scene.resize(size, Image.Resampling.BICUBIC)  # soft edges, like a shallow depth of field
    grain = Image.effect_noise(size, 10)
    return ImageChops.add(scene, Image.merge("RGB", [grain] * 3), scale=1.0, offset=-128)


def write_photos(folder: Path, count: int, megapixels: float, seed: int) -> list[Path]:
    """``count`` JPEGs in ``folder``: mostly 4:3 landscape, every third portrait, every fourth 3:2."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        ratio = (3, 2) if index % 4 == 3 else (4, 3)
        unit = (megapixels * 1_000_000 / (ratio[0] * ratio[1])) ** 0.5
        size = (round(unit * ratio[0]), round(unit * ratio[1]))
        if index % 3 == 2:
            size = (size[1], size[0])
        path = folder / f"synthetic-{index:03d}.jpg"
        synthetic_photo(size, rng).save(path, "JPEG", quality=90)
        paths.append(path)
        sys.stderr.write(f"\rwrote {index + 1}/{count} synthetic photos")
    sys.stderr.write("\n")
    return paths


# --- measuring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One timed call: wall and CPU seconds (this process and its finished workers)."""

    wall_s: float
    cpu_s: float


def timed(call: Callable[[], object]) -> Run:
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    call()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before))
    return Run(wall, cpu)


def median_run(runs: list[Run]) -> Run:
    return Run(statistics.median(run.wall_s for run in runs), statistics.median(run.cpu_s for run in runs))


def photos_checked(jobs: list[PhotoJob], cache: Path, settings: PhotoSettings, workers: int) -> PhotoBatch:
    """:func:`process_photos`, stopping the benchmark if a photo is refused."""
    return checked(process_photos(jobs, cache, settings, workers=workers))


def checked(batch: PhotoBatch) -> PhotoBatch:
    if batch.problems:
        for job, problem in batch.problems.items():
            sys.stderr.write(f"{job.shown_as}: {problem.message} ({problem.hint})\n")
        raise SystemExit(1)
    return batch


@dataclass(frozen=True)
class Results:
    photos: int
    megapixels: float
    workers: int
    rounds: int
    source_mb: float
    published_mb: float
    files_per_photo: float
    cold_one_core: Run
    cold_all_cores: Run
    one_new_photo: Run
    warm: Run
    cards_cold: Run
    cards_warm: Run
    site_without_photos: Run
    site_warm_with_photos: Run
    libraries: dict[str, str | None]

    def per_photo_ms(self, run: Run) -> float:
        return 1000 * run.wall_s / self.photos

    def cpu_per_photo_ms(self, run: Run) -> float:
        return 1000 * run.cpu_s / self.photos


def measure(args: argparse.Namespace, work: Path) -> Results:
    sources = write_photos(work / "photos", args.photos, args.megapixels, args.seed)
    jobs = [PhotoJob(path, f"photos/{path.name}") for path in sources]
    settings = PhotoSettings()
    workers = args.workers or default_workers()

    def cold(workers_now: int, label: str) -> Run:
        runs = []
        for round_index in range(args.rounds):
            cache = work / f"cache-{label}-{round_index}"
            runs.append(timed(functools.partial(photos_checked, jobs, cache, settings, workers_now)))
            shutil.rmtree(cache)
            sys.stderr.write(f"cold, {label}: round {round_index + 1}/{args.rounds}: {runs[-1].wall_s:.2f} s\n")
        return median_run(runs)

    cold_one = cold(1, "one core")
    cold_all = cold(workers, f"{workers} cores")

    cache = work / "cache"
    batch = checked(process_photos(jobs, cache, settings, workers=workers))
    warm_runs = [timed(lambda: checked(process_photos(jobs, cache, settings, workers=workers))) for _ in range(args.rounds)]

    # One new photo among cached ones: the last photo changes by one pixel each round.
    new_runs = []
    for round_index in range(args.rounds):
        with Image.open(sources[-1]) as image:
            changed = image.copy()
        changed.putpixel((0, 0), (round_index * 40 % 256, 0, 0))
        changed.save(sources[-1], "JPEG", quality=90)
        new_runs.append(timed(lambda: checked(process_photos(jobs, cache, settings, workers=workers))))
    batch = checked(process_photos(jobs, cache, settings, workers=workers))

    cards = [
        ShareCardJob(
            quote=QUOTE, name=f"Speaker {index}", meta="Role, Country", who=f"Speaker {index}, Role, Country",
            art=NEUTRAL_ART, programme="A programme", credit="Photo: Synthetic", photo=photo.largest().path,
        )
        for index, photo in enumerate(batch.photos.values())
    ]
    card_cache = work / "cards"
    cards_cold = timed(lambda: render_share_cards(cards, card_cache, workers=workers))
    cards_warm = median_run([timed(lambda: render_share_cards(cards, card_cache, workers=workers)) for _ in range(args.rounds)])

    site_without, site_with = compare_sites(work / "sites", sources, args.rounds)
    files = sum(len(photo.files()) for photo in batch.photos.values())
    return Results(
        photos=args.photos, megapixels=args.megapixels, workers=workers, rounds=args.rounds,
        source_mb=batch.report.bytes_before / 1e6, published_mb=batch.report.bytes_after / 1e6,
        files_per_photo=files / args.photos,
        cold_one_core=cold_one, cold_all_cores=cold_all, one_new_photo=median_run(new_runs),
        warm=median_run(warm_runs), cards_cold=cards_cold, cards_warm=cards_warm,
        site_without_photos=site_without, site_warm_with_photos=site_with,
        libraries={name: features.version(name) for name in ("pil", "libjpeg_turbo", "webp", "littlecms2")},
    )


# --- whole sites ---------------------------------------------------------------------------------

SITE_PARTS = ("mkdocs.yml", "docs", "stories", "data", "hooks", "overrides")


def _site_copy(destination: Path, photos: list[Path]) -> Path:
    """A copy of this repository's site; with ``photos``, each sample story gets one."""
    copy_project(REPO, destination, SITE_PARTS)
    stories = sorted(path for path in (destination / "stories").glob("*.yml") if not path.name.startswith("_"))
    (destination / "stories" / "photos").mkdir(exist_ok=True)
    for story, photo in zip(stories, photos):
        shutil.copy2(photo, destination / "stories" / "photos" / photo.name)
        extra = f"photo:\n  file: photos/{photo.name}\n  alt: A synthetic test image\n  credit: Benchmark\n"
        if "identity: anonymous" in story.read_text(encoding="utf-8"):
            extra += "  representative: true\n"
        story.write_text(story.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return destination


def _build_site(project: Path) -> Run:
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

    def build() -> None:
        subprocess.run(command, check=True, env=env, capture_output=True)
    return timed(build)


def compare_sites(work: Path, photos: list[Path], rounds: int) -> tuple[Run, Run]:
    """Median build time of the sample site without photos, and with a photo per story
    once the cache is warm; the two kinds alternate so load drift weighs on both alike."""
    without = _site_copy(work / "without", [])
    with_photos = _site_copy(work / "with", photos)
    _build_site(with_photos)  # fills the photo and share-card caches
    runs: dict[str, list[Run]] = {"without": [], "with": []}
    for round_index in range(max(rounds, 5)):
        order = ("without", "with") if round_index % 2 == 0 else ("with", "without")
        for kind in order:
            runs[kind].append(_build_site(without if kind == "without" else with_photos))
        sys.stderr.write(f"whole site, round {round_index + 1}: {runs['without'][-1].wall_s:.2f} s without photos, "
                         f"{runs['with'][-1].wall_s:.2f} s with (warm)\n")
    return median_run(runs["without"]), median_run(runs["with"])


# --- reporting ----------------------------------------------------------------------------------


def report(results: Results) -> str:
    r = results
    cold_ms = r.per_photo_ms(r.cold_all_cores)
    met = "met" if cold_ms <= COLD_GOAL_MS else "MISSED"
    lines = [
        f"{r.photos} synthetic photos of {r.megapixels:g} MP ({r.source_mb:.1f} MB), {r.files_per_photo:.1f} files "
        f"published per photo ({r.published_mb:.1f} MB); median of {r.rounds} rounds",
        "",
        f"{'':34}{'wall/photo':>12}{'CPU/photo':>12}{'total':>10}",
        f"{'cold, 1 core':34}{r.per_photo_ms(r.cold_one_core):>9.0f} ms{r.cpu_per_photo_ms(r.cold_one_core):>9.0f} ms"
        f"{r.cold_one_core.wall_s:>8.2f} s",
        f"{f'cold, {r.workers} cores':34}{cold_ms:>9.0f} ms{r.cpu_per_photo_ms(r.cold_all_cores):>9.0f} ms"
        f"{r.cold_all_cores.wall_s:>8.2f} s   goal <= {COLD_GOAL_MS} ms: {met}",
        f"{'one new photo among cached ones':34}{'':>12}{'':>12}{r.one_new_photo.wall_s * 1000:>7.0f} ms",
        f"{'warm (all cached, nothing decoded)':34}{r.per_photo_ms(r.warm):>9.1f} ms{r.cpu_per_photo_ms(r.warm):>9.1f} ms"
        f"{r.warm.wall_s * 1000:>7.0f} ms",
        f"{'share cards, cold':34}{r.per_photo_ms(r.cards_cold):>9.0f} ms{r.cpu_per_photo_ms(r.cards_cold):>9.0f} ms"
        f"{r.cards_cold.wall_s:>8.2f} s",
        f"{'share cards, warm':34}{r.per_photo_ms(r.cards_warm):>9.1f} ms{r.cpu_per_photo_ms(r.cards_warm):>9.1f} ms"
        f"{r.cards_warm.wall_s * 1000:>7.0f} ms",
        "",
        f"Reference: the fastest plain Pillow pipeline measured before took {REFERENCE_MS} ms per photo on one core.",
        f"Warm photo stage: {r.warm.wall_s * 1000:.1f} ms for {r.photos} photos: within the 1.05x goal for any build "
        f"without photos longer than {r.warm.wall_s / WARM_SHARE * 1000:.0f} ms (the build benchmark compares whole sites).",
        f"Whole sample site, {min(r.photos, 4)} stories with photos, warm cache: "
        f"{r.site_warm_with_photos.wall_s:.2f} s against {r.site_without_photos.wall_s:.2f} s without photos: "
        f"{r.site_warm_with_photos.wall_s / r.site_without_photos.wall_s:.3f}x "
        f"(goal <= {1 + WARM_SHARE:.2f}x: "
        f"{'met' if r.site_warm_with_photos.wall_s <= (1 + WARM_SHARE) * r.site_without_photos.wall_s else 'MISSED'})",
        "Libraries: " + ", ".join(f"{name} {version}" for name, version in r.libraries.items()),
    ]
    if os.getloadavg()[0] > r.workers:
        lines.append(f"WARNING: load average {os.getloadavg()[0]:.1f} on {r.workers} cores: the machine was busy; rerun.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=DEFAULT_PHOTOS, help=f"synthetic photos (default {DEFAULT_PHOTOS})")
    parser.add_argument("--megapixels", type=float, default=DEFAULT_MEGAPIXELS, help=f"size of each (default {DEFAULT_MEGAPIXELS:g})")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS, help=f"runs of each kind (default {DEFAULT_ROUNDS})")
    parser.add_argument("--workers", type=int, default=0, help="processes for cold work (default: every core)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the synthetic photos")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and say where")
    args = parser.parse_args(argv)
    if args.photos < 2 or args.rounds < 1 or not 0.1 <= args.megapixels <= 40:
        parser.error("--photos must be at least 2, --rounds at least 1, --megapixels 0.1 to 40")
    work = Path(tempfile.mkdtemp(prefix="storysite-photo-bench-"))
    try:
        results = measure(args, work)
    finally:
        if args.keep:
            sys.stderr.write(f"kept {work}\n")
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.stdout.write((json.dumps(asdict(results), indent=2) if args.json else report(results)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
