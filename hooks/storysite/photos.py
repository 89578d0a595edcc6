"""Photos: check what editors commit, then publish only clean, resized copies.

The stage has three parts, all free of MkDocs:

- **Intake** (``photo_intake``: :func:`~storysite.photo_intake.read_source`,
  :func:`~storysite.photo_intake.take_in`, then the decode): a
  photo is accepted by its content, never its name: JPEG, PNG or WebP, complete, at most
  ``max_pixels`` and ``max_bytes``, at most ``max_aspect_ratio`` times as long one way
  as the other, a regular file. Everything else becomes a :class:`PhotoProblem`
  (message and hint for the editor, raised inside as :class:`PhotoRefused`, both in
  ``photo_settings``); the caller adds the story file and line. Pillow's
  decompression-bomb warning is an error.
- **Sanitising and renditions** (``photo_pixels``, ``photo_geometry``,
  ``photo_renditions``: :func:`render_photo`): the EXIF orientation is applied
  to the pixels, colours are converted to sRGB, and every kind of metadata (EXIF with
  GPS and thumbnails, XMP, IPTC, comments, PNG text, ICC profiles) is left behind,
  because the outputs are new images built from pixels only and ``save()`` is never
  given ``exif=``, ``icc_profile=`` or the source's ``info``. Each photo becomes a few
  widths in WebP and JPEG, plus a card crop (3:2) that keeps ``focus`` in the frame.
  Outputs are named by the hash of their own bytes, never by the original name.
- **Cache and batch** (this module: :func:`process_photos`): results are kept in a cache
  folder keyed by the source bytes, every setting, the pipeline version and the codec
  versions, so a warm rebuild reads and hashes files but decodes no image. Cold
  photos are spread over the processor's cores; entries no longer used are pruned.

Same input, same settings, same libraries: byte-identical outputs.

Images in hand-written pages (``docs/``) take the same intake and sanitising through
``page_images.sanitise_page_image``, one file at a time, and stay in their own format.

How a build uses it: before anything is written, call :func:`process_photos` once with
a :class:`PhotoJob` for every published story's photo and the cache folder (e.g.
``.cache/photos``); turn ``batch.problems`` into content errors at the story's
``photo.file`` line and stop if there are any; publish ``batch.site_files()`` (site
address -> cached file); give templates ``batch.photos[job]`` (:class:`ProcessedPhoto`:
``variants``, ``fallback``, widths and heights); log ``batch.report``. (hooks/storysite/media.py
does all of this for a build.)
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import PIL
from PIL import features

from .derivative_cache import DerivativeCache
from .parallel_work import ProgressCallback, ProgressReporter, default_workers, pool_pays, run_parallel
from .photo_intake import megabytes, read_source, read_source_with_status
from .photo_renditions import CARD, FULL, JPEG, WEBP, render_photo
from .photo_settings import PhotoProblem, PhotoRefused, PhotoSettings

# Bump when the code changes what it writes: every cache entry is then rebuilt.
PIPELINE_VERSION = "1"
# Where the adapter publishes renditions, relative to the site root.
PHOTO_DIR = "assets/photos"


@dataclass(frozen=True)
class PhotoJob:
    """One photo to publish.

    ``source`` is the original file (already checked by ``stories.photo_path_problem``);
    ``shown_as`` is how messages name it, e.g. ``photos/x.jpg``; ``focus`` is the point
    (x, y from 0 to 1, from the top left) that card crops keep in view, or None for
    :data:`storysite.photo_geometry.DEFAULT_FOCUS`. Two stories with the same photo and
    focus share one job.
    """

    source: Path
    shown_as: str
    focus: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if self.focus is not None and not all(0.0 <= value <= 1.0 for value in self.focus):
            raise ValueError(f"focus {self.focus} is outside 0..1; validation should have refused it")


@dataclass(frozen=True)
class Rendition:
    """One published image file.

    The adapter copies ``path`` (a file in the cache) to ``src_uri`` in the site. Every
    rendition of one kind and format has the same aspect ratio.
    """

    name: str  # e.g. "3f9a0c1d2e4b5a69.webp": the first 64 bits of sha256 of the bytes
    path: Path
    kind: str  # FULL or CARD
    format: str  # WEBP or JPEG
    width: int
    height: int
    size: int  # bytes

    @property
    def src_uri(self) -> str:
        """The file's address relative to the site root, e.g. ``assets/photos/<name>``."""
        return f"{PHOTO_DIR}/{self.name}"


@dataclass(frozen=True)
class ProcessedPhoto:
    """A photo's renditions and what templates need to draw ``<picture>``."""

    source_width: int  # after orientation
    source_height: int
    source_size: int  # bytes of the original
    renditions: tuple[Rendition, ...]
    from_cache: bool
    fallback_width: int = PhotoSettings.fallback_width  # see PhotoSettings

    def variants(self, kind: str = FULL, format: str = WEBP) -> tuple[Rendition, ...]:
        """The renditions of one kind and format, narrowest first."""
        return tuple(sorted((r for r in self.renditions if r.kind == kind and r.format == format), key=lambda r: r.width))

    def fallback(self, kind: str = FULL) -> Rendition:
        """The JPEG for ``<img src>``: the widest up to ``fallback_width``, else the narrowest.

        Its width and height are the ones to put on ``<img>`` (no layout shift): every
        rendition of a kind has the same aspect ratio.
        """
        jpegs = self.variants(kind, JPEG)
        fitting = [r for r in jpegs if r.width <= self.fallback_width]
        return fitting[-1] if fitting else jpegs[0]

    def largest(self, kind: str = FULL, format: str = JPEG) -> Rendition:
        """The widest rendition of a kind and format (share cards are drawn from it)."""
        return self.variants(kind, format)[-1]

    def files(self) -> tuple[Rendition, ...]:
        """Every distinct file to publish (a card identical to a full rendition is one file)."""
        unique = {r.name: r for r in self.renditions}
        return tuple(unique[name] for name in sorted(unique))


@dataclass(frozen=True)
class PhotoReport:
    """The one line a build prints about its photos."""

    processed: int  # decoded and rendered in this build
    from_cache: int
    refused: int
    bytes_before: int  # originals, each distinct source once
    bytes_after: int  # distinct published files
    seconds: float

    def __str__(self) -> str:
        refused = f", {self.refused} refused" if self.refused else ""
        return (
            f"Photos: {self.processed} processed, {self.from_cache} from cache{refused}; "
            f"{megabytes(self.bytes_before)} before, {megabytes(self.bytes_after)} after ({self.seconds:.1f} s)"
        )


@dataclass(frozen=True)
class PhotoBatch:
    """The outcome of :func:`process_photos`: each job is in exactly one of the mappings."""

    photos: Mapping[PhotoJob, ProcessedPhoto]
    problems: Mapping[PhotoJob, PhotoProblem]
    report: PhotoReport

    def site_files(self) -> dict[str, Path]:
        """Every file to publish: site address (``assets/photos/<name>``) -> cached file."""
        files = {r.src_uri: r.path for photo in self.photos.values() for r in photo.files()}
        return dict(sorted(files.items()))


# --- cache --------------------------------------------------------------------------------------


def settings_fingerprint(settings: PhotoSettings) -> str:
    """Everything besides the source that decides the output bytes, as stable text."""
    libraries = {name: features.version(name) for name in ("jpg", "libjpeg_turbo", "webp", "littlecms2")}
    payload = {"pipeline": PIPELINE_VERSION, "pillow": PIL.__version__, "libraries": libraries, "settings": asdict(settings)}
    return json.dumps(payload, sort_keys=True)


def cache_key(source_digest: str, focus: tuple[float, float] | None, fingerprint: str) -> str:
    """The cache entry of a source: sha256 of its bytes' digest, the focus and the settings."""
    text = json.dumps([source_digest, list(focus) if focus else None, fingerprint])
    return hashlib.sha256(text.encode()).hexdigest()


# --- source digests -----------------------------------------------------------------------------

DIGEST_MEMO = "digests.json"  # in the cache folder, beside the entries
# A file changed this recently may change again within the clock's resolution
# without a new timestamp (git's "racily clean" case): hash it again next time.
_RACY_S = 2.0


class DigestMemo:
    """Source hashes remembered by file identity, so a warm build reads no photo.

    The cache key stays the sha256 of the bytes; this only avoids recomputing it when
    the file is provably the one hashed before: same device, inode, size, modification
    and status-change times. Any write or rename changes the status-change time, which
    no tool can set back, so a replaced photo is always hashed again. Git trusts its
    index the same way. An unreadable memo is simply empty.
    """

    def __init__(self, path: Path, known: dict[str, list[Any]]) -> None:
        self.path = path
        self.known = known

    @classmethod
    def load(cls, path: Path) -> DigestMemo:
        """The memo at ``path``, or an empty one."""
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        return cls(path, known if isinstance(known, dict) else {})

    @staticmethod
    def _identity(status: os.stat_result) -> list[int]:
        return [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]

    def digest(self, source: Path, shown_as: str, settings: PhotoSettings) -> tuple[str, int]:
        """(sha256 hex of the file's bytes, its size); reads and checks the file unless
        the memo knows it. Raises PhotoRefused like :func:`read_source`."""
        name = str(source)
        try:
            status = os.lstat(source)
        except OSError:
            status = None
        remembered = self.known.get(name)
        if (
            status is not None and stat.S_ISREG(status.st_mode) and isinstance(remembered, list)
            and len(remembered) == 6 and remembered[:5] == self._identity(status)
            and status.st_size <= settings.max_bytes
        ):
            return str(remembered[5]), status.st_size
        data, status = read_source_with_status(source, shown_as, settings)
        digest = hashlib.sha256(data).hexdigest()
        if time.time() - status.st_mtime_ns / 1e9 > _RACY_S and time.time() - status.st_ctime_ns / 1e9 > _RACY_S:
            self.known[name] = [*self._identity(status), digest]
        else:
            self.known.pop(name, None)
        return digest, len(data)

    def save(self, keep: Collection[Path]) -> None:
        """Write the memo, forgetting files not in ``keep``; a failure only costs hashing."""
        names = {str(path) for path in keep}
        known = {name: value for name, value in sorted(self.known.items()) if name in names}
        temporary = self.path.with_name(f".{self.path.name}-{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(known, indent=0), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)


# --- batch --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    """What one cold photo came to, sent back from a worker process."""

    key: str | None
    digest: str | None  # sha256 of the source bytes the worker read
    manifest: dict[str, Any] | None
    problem: PhotoProblem | None


def _process_cold(
    source: Path, shown_as: str, focus: tuple[float, float] | None, settings: PhotoSettings, cache_folder: Path,
    threads: int,
) -> _Outcome:
    """Read, check, render and cache one photo. Runs in a worker process (or in-process)."""
    try:
        data = read_source(source, shown_as, settings)
        # The key comes from the bytes this worker read: if the file changed since the
        # parent hashed it, the entry still describes exactly what was rendered.
        digest = hashlib.sha256(data).hexdigest()
        key = cache_key(digest, focus, settings_fingerprint(settings))
        facts, encoded = render_photo(data, shown_as, focus, settings, threads=threads)
    except PhotoRefused as refused:
        return _Outcome(None, None, None, refused.problem)
    renditions = [
        {"name": e.name, "kind": e.kind, "format": e.format, "width": e.width, "height": e.height} for e in encoded
    ]
    files = {e.name: e.data for e in encoded}
    manifest = DerivativeCache(cache_folder).store(key, files, {"source": facts, "renditions": renditions})
    return _Outcome(key, digest, manifest, None)


def _photo_from_manifest(manifest: Mapping[str, Any], entry: Path, from_cache: bool, settings: PhotoSettings) -> ProcessedPhoto:
    """The photo a manifest describes; KeyError, TypeError or ValueError when it is not one."""
    sizes = manifest["files"]
    renditions = tuple(
        Rendition(
            name=item["name"], path=entry / item["name"], kind=item["kind"], format=item["format"],
            width=item["width"], height=item["height"], size=sizes[item["name"]],
        )
        for item in manifest["renditions"]
    )
    source = manifest["source"]
    if not {(r.kind, r.format) for r in renditions} >= {(kind, format) for kind in (FULL, CARD) for format in (WEBP, JPEG)}:
        raise ValueError("a kind or format is missing")
    return ProcessedPhoto(int(source["width"]), int(source["height"]), int(source["bytes"]), renditions, from_cache, settings.fallback_width)


def _cached_photo(cache: DerivativeCache, key: str, settings: PhotoSettings) -> ProcessedPhoto | None:
    """The cached photo of ``key``, or None when there is none or it is incomplete."""
    manifest = cache.load(key)
    if manifest is None:
        return None
    try:
        return _photo_from_manifest(manifest, cache.entry(key), True, settings)
    except (KeyError, TypeError, ValueError):
        return None  # written by another version, or damaged: render again


def process_photos(
    jobs: Iterable[PhotoJob],
    cache_folder: Path,
    settings: PhotoSettings = PhotoSettings(),
    *,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    progress_interval: float = 1.0,
    prune: bool = True,
) -> PhotoBatch:
    """Check and render every job's photo, from the cache where possible.

    Each source is hashed (or its hash is taken from :class:`DigestMemo` when the file
    is provably unchanged); a cache entry with the same key is used as it is, and no
    image is decoded. The other photos are decoded and rendered in ``workers``
    processes (default: every core) when there are several, or on ``workers`` threads
    when there is one. Refused photos are in ``problems``, and nothing of them is
    cached. With ``prune``, cache entries that no job of this batch used are deleted
    afterwards, so pass every photo of the site in one call. ``progress`` receives a
    :class:`Progress` during cold work, at most every ``progress_interval`` seconds
    and once at the end. Jobs keep their order in the returned mappings.

    Raises PipelineError when the cache cannot be written or a worker dies.
    """
    started = time.perf_counter()
    unique_jobs = list(dict.fromkeys(jobs))
    cache = DerivativeCache(cache_folder)
    fingerprint = settings_fingerprint(settings)
    photos: dict[PhotoJob, ProcessedPhoto] = {}
    problems: dict[PhotoJob, PhotoProblem] = {}
    used_keys: set[str] = set()
    source_sizes: dict[str, int] = {}
    cold: list[PhotoJob] = []
    memo = DigestMemo.load(cache_folder / DIGEST_MEMO)
    for job in unique_jobs:
        try:
            digest, size = memo.digest(job.source, job.shown_as, settings)
        except PhotoRefused as refused:
            problems[job] = refused.problem
            continue
        key = cache_key(digest, job.focus, fingerprint)
        cached = _cached_photo(cache, key, settings)
        if cached is None:
            cold.append(job)
            continue
        used_keys.add(key)
        source_sizes[digest] = size
        photos[job] = cached

    reporter = ProgressReporter("photos", len(cold), progress, progress_interval)

    def collect(index: int, outcome: _Outcome) -> None:
        job = cold[index]
        if outcome.problem is not None:
            problems[job] = outcome.problem
        else:
            assert outcome.key is not None and outcome.digest is not None and outcome.manifest is not None
            used_keys.add(outcome.key)
            photos[job] = _photo_from_manifest(outcome.manifest, cache.entry(outcome.key), False, settings)
            source_sizes[outcome.digest] = photos[job].source_size
        reporter.advance()

    workers = workers or default_workers()
    # Photos in parallel processes when there are several; a lone photo gets the
    # cores as threads instead (the editor's usual change: one new photo).
    threads = 1 if pool_pays(workers, len(cold)) else workers
    tasks = [(job.source, job.shown_as, job.focus, settings, cache_folder, threads) for job in cold]
    run_parallel(tasks, _process_cold, workers, collect)
    if prune:
        cache.prune(used_keys)
    memo.save(keep={job.source for job in unique_jobs})

    ordered = {job: photos[job] for job in unique_jobs if job in photos}
    refusals = {job: problems[job] for job in unique_jobs if job in problems}
    published = {r.name: r.size for photo in ordered.values() for r in photo.files()}
    report = PhotoReport(
        processed=sum(1 for photo in ordered.values() if not photo.from_cache),
        from_cache=sum(1 for photo in ordered.values() if photo.from_cache),
        refused=len(refusals),
        bytes_before=sum(source_sizes.values()),
        bytes_after=sum(published.values()),
        seconds=time.perf_counter() - started,
    )
    return PhotoBatch(ordered, refusals, report)
