"""photos and photo_renditions: sanitising, renditions, the cache, pruning, parallel work and
progress, and the rules every photo module's code keeps.

Inputs are made in memory (photo_inputs.py, tests/photo_fixtures.py), so every byte that
matters is visible. Intake refusals: test_photo_intake.py; page images: test_page_images.py.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import io
import json
import os
import re
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageFile

from photo_fixtures import GPS_TEXT, assert_clean, jpeg_with_everything, noise, two_colour
from photo_inputs import (
    DISPLAY_P3, entries, jpeg, only, pixels_close, png_bytes, png_with_text, run, webp_with_metadata, write,
)
from storysite import photo_renditions, photos
from storysite.photo_renditions import CARD, FULL, JPEG, WEBP, render_photo
from storysite.photo_settings import PhotoSettings
from storysite.photos import PhotoJob, process_photos
from storysite.parallel_work import Progress


TOOLS = Path(__file__).resolve().parents[2] / "tools"
NAME = re.compile(r"^[0-9a-f]{16}\.(webp|jpg)$")


# --- sanitising ---------------------------------------------------------------------------------


def test_fixture_really_carries_the_metadata_we_strip() -> None:
    data = jpeg_with_everything()
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert exif[0x0112] == 6
        assert exif.get_ifd(0x8825)[2] == (34.0, 31.0, 12.0)  # GPSLatitude
        assert image.info["comment"] == GPS_TEXT
        assert b"XMP-SENTINEL" in image.info["xmp"]
        assert "icc_profile" in image.info
    assert b"Photoshop 3.0" in data and b"IPTC-SENTINEL" in data and b"THUMB-SENTINEL" in data


def test_orientation_is_applied_to_the_pixels_and_no_output_carries_metadata(tmp_path: Path) -> None:
    job = write(tmp_path, "IMG_Kabul_Amina.jpg", jpeg_with_everything(orientation=6))
    photo = only(run([job], tmp_path / "cache"))
    assert (photo.source_width, photo.source_height) == (40, 80)
    assert len(photo.files()) == 4  # 40x80 full and a 40x27 card, each in WebP and JPEG
    for rendition in photo.renditions:
        data = rendition.path.read_bytes()
        assert_clean(data)
        assert NAME.match(rendition.name) and "Amina" not in rendition.name and "Kabul" not in rendition.name
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (rendition.width, rendition.height)
            if rendition.kind == FULL:
                assert image.size == (40, 80)
                # Orientation 6: turn 90 degrees clockwise, so the left (red) half is on top.
                top, bottom = image.getpixel((20, 10)), image.getpixel((20, 70))
                assert top[0] > 150 and top[2] < 100, top
                assert bottom[2] > 150 and bottom[0] < 100, bottom


@pytest.mark.parametrize("orientation, size", [(1, (80, 40)), (3, (80, 40)), (6, (40, 80)), (8, (40, 80))])
def test_every_orientation_gives_the_displayed_size(tmp_path: Path, orientation: int, size: tuple[int, int]) -> None:
    photo = only(run([write(tmp_path, "x.jpg", jpeg_with_everything(orientation))], tmp_path / "cache"))
    assert photo.variants(FULL, WEBP)[-1].width == size[0]
    assert photo.variants(FULL, WEBP)[-1].height == size[1]


@pytest.mark.parametrize("name, data", [("text.png", png_with_text()), ("meta.webp", webp_with_metadata())])
def test_png_and_webp_metadata_is_dropped(tmp_path: Path, name: str, data: bytes) -> None:
    for marker in (b"PNG-TEXT-SENTINEL", b"XMP-SENTINEL"):
        if marker in data:
            break
    else:
        pytest.fail("the fixture carries no sentinel")
    photo = only(run([write(tmp_path, name, data)], tmp_path / "cache"))
    for rendition in photo.renditions:
        assert_clean(rendition.path.read_bytes())


def test_a_display_p3_photo_is_converted_to_srgb(tmp_path: Path) -> None:
    colour = (200, 90, 60)
    source = Image.new("RGB", (64, 48), colour)
    p3 = write(tmp_path, "p3.png", png_bytes(source, icc_profile=DISPLAY_P3))
    srgb = write(tmp_path, "srgb.png", png_bytes(source, icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()))
    batch = run([p3, srgb], tmp_path / "cache")
    expected = ImageCms.profileToProfile(
        source, ImageCms.ImageCmsProfile(io.BytesIO(DISPLAY_P3)), ImageCms.createProfile("sRGB"),
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
    ).getpixel((0, 0))
    assert expected[0] > colour[0] + 10, "the test colour must look different in sRGB"
    for rendition in batch.photos[p3].variants(FULL, WEBP) + batch.photos[p3].variants(FULL, JPEG):
        with Image.open(rendition.path) as image:
            assert pixels_close(image.getpixel((32, 24)), expected), (image.getpixel((32, 24)), expected)
    for rendition in batch.photos[srgb].variants(FULL, JPEG):
        with Image.open(rendition.path) as image:
            assert pixels_close(image.getpixel((32, 24)), colour)



@pytest.mark.parametrize("mode", ["RGBA", "P", "LA", "L", "I;16", "CMYK", "1"])
def test_every_pixel_format_comes_out_as_rgb(tmp_path: Path, mode: str) -> None:
    image = two_colour((60, 40))
    if mode == "CMYK":
        data = jpeg(image.convert("CMYK"))
    elif mode == "I;16":
        data = png_bytes(image.convert("L").convert("I").point(lambda value: value * 256).convert("I;16"))
    else:
        data = png_bytes(image.convert(mode))
    photo = only(run([write(tmp_path, f"{mode.replace(';', '')}.png", data)], tmp_path / "cache"))
    for rendition in photo.renditions:
        assert_clean(rendition.path.read_bytes())


def test_transparency_is_flattened_onto_white(tmp_path: Path) -> None:
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    photo = only(run([write(tmp_path, "clear.png", png_bytes(image))], tmp_path / "cache"))
    with Image.open(photo.fallback().path) as out:
        assert pixels_close(out.getpixel((20, 20)), (255, 255, 255))


def test_outputs_are_named_by_their_own_hash_and_are_deterministic(tmp_path: Path) -> None:
    data = jpeg(noise((700, 500)))
    first = only(run([write(tmp_path, "a.jpg", data)], tmp_path / "one"))
    again = only(run([write(tmp_path, "b.jpg", data)], tmp_path / "two"))
    assert [r.name for r in first.renditions] == [r.name for r in again.renditions]
    for rendition in first.renditions:
        content = rendition.path.read_bytes()
        assert NAME.match(rendition.name)
        assert rendition.name.startswith(hashlib.sha256(content).hexdigest()[:16])
        assert rendition.size == len(content)
        assert rendition.src_uri == f"assets/photos/{rendition.name}"


def test_the_original_is_never_published(tmp_path: Path) -> None:
    data = jpeg(noise((300, 200)))
    batch = run([write(tmp_path, "small.jpg", data)], tmp_path / "cache")
    published = [path.read_bytes() for path in batch.site_files().values()]
    assert data not in published


# --- renditions ---------------------------------------------------------------------------------


def test_widths_of_a_large_photo(tmp_path: Path) -> None:
    photo = only(run([write(tmp_path, "big.jpg", jpeg(noise((2400, 1600))))], tmp_path / "cache"))
    for format in (WEBP, JPEG):
        assert [(r.width, r.height) for r in photo.variants(FULL, format)] == [(480, 320), (960, 640), (1440, 960)]
        assert [(r.width, r.height) for r in photo.variants(CARD, format)] == [(480, 320), (960, 640)]
    # A 3:2 photo's card is the whole photo: the same files, published once.
    assert {r.name for r in photo.variants(CARD, WEBP)} <= {r.name for r in photo.variants(FULL, WEBP)}
    assert len(photo.files()) == 6
    assert photo.fallback().width == 960 and photo.fallback().format == JPEG


def test_small_photos_are_never_upscaled(tmp_path: Path) -> None:
    photo = only(run([write(tmp_path, "small.jpg", jpeg(noise((600, 300))))], tmp_path / "cache"))
    assert [r.width for r in photo.variants(FULL, WEBP)] == [480, 600]
    assert [(r.width, r.height) for r in photo.variants(CARD, WEBP)] == [(450, 300)]
    assert photo.fallback().width == 600


def test_a_portrait_photo_keeps_its_height_and_its_card_is_a_crop(tmp_path: Path) -> None:
    photo = only(run([write(tmp_path, "tall.jpg", jpeg(noise((1200, 1800))))], tmp_path / "cache"))
    assert [(r.width, r.height) for r in photo.variants(FULL, JPEG)] == [(480, 720), (960, 1440), (1200, 1800)]
    assert [(r.width, r.height) for r in photo.variants(CARD, JPEG)] == [(480, 320), (960, 640)]


def bright_spot(size: tuple[int, int], spot: tuple[int, int]) -> bytes:
    """Black, with a white square centred on ``spot``."""
    image = Image.new("RGB", size, (0, 0, 0))
    x, y = spot
    image.paste((255, 255, 255), (x - 80, y - 80, x + 80, y + 80))
    return jpeg(image)


def card_brightness(photo: photos.ProcessedPhoto) -> float:
    with Image.open(photo.variants(CARD, JPEG)[-1].path) as image:
        histogram = image.convert("L").histogram()
    return sum(value * count for value, count in enumerate(histogram)) / sum(histogram)


def test_card_crop_keeps_the_focus_in_view(tmp_path: Path) -> None:
    data = bright_spot((600, 1200), (300, 1100))  # a face near the bottom of a tall photo
    path = write(tmp_path, "tall.jpg", data).source
    default = only(run([PhotoJob(path, "photos/tall.jpg")], tmp_path / "one"))
    focused = only(run([PhotoJob(path, "photos/tall.jpg", (0.5, 1100 / 1200))], tmp_path / "two"))
    assert card_brightness(default) < 1
    assert card_brightness(focused) > 20
    # Only the card depends on the focus.
    assert [r.name for r in default.variants(FULL, WEBP)] == [r.name for r in focused.variants(FULL, WEBP)]
    assert [r.name for r in default.variants(CARD, WEBP)] != [r.name for r in focused.variants(CARD, WEBP)]


def test_focus_outside_the_photo_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="outside 0..1"):
        PhotoJob(Path("x.jpg"), "photos/x.jpg", (1.5, 0.5))


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_yet_renditions_are_sharp_sized(tmp_path: Path) -> None:
    facts, encoded = render_photo(jpeg(noise((3200, 2400))), "photos/x.jpg", None, PhotoSettings())
    assert facts == {"width": 3200, "height": 2400, "bytes": facts["bytes"]}
    assert sorted({(e.width, e.height) for e in encoded if e.kind == FULL}) == [(480, 360), (960, 720), (1440, 1080)]
    assert sorted({(e.width, e.height) for e in encoded if e.kind == CARD}) == [(480, 320), (960, 640)]



def test_an_encoder_error_becomes_a_refusal_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(image: Image.Image, format: str, settings: PhotoSettings) -> bytes:
        raise OSError("encoder error -2 when writing image file")

    monkeypatch.setattr(photo_renditions, "_encode", failing)
    job = write(tmp_path, "a.jpg", jpeg(noise((300, 200))))
    problem = run([job], tmp_path / "cache").problems[job]
    assert problem.message == "'photos/a.jpg' could not be converted for the site (encoder error -2 when writing image file)"
    assert not entries(tmp_path / "cache")



# --- cache --------------------------------------------------------------------------------------


def test_second_run_comes_from_the_cache_with_the_same_files(tmp_path: Path) -> None:
    job = write(tmp_path, "a.jpg", jpeg(noise((500, 400))))
    cold = run([job], tmp_path / "cache")
    warm = run([job], tmp_path / "cache")
    assert (cold.report.processed, cold.report.from_cache) == (1, 0)
    assert (warm.report.processed, warm.report.from_cache) == (0, 1)
    assert cold.site_files() == warm.site_files()
    assert only(warm).from_cache and not only(cold).from_cache


def test_a_warm_run_decodes_no_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [write(tmp_path, f"{index}.jpg", jpeg(noise((400, 300), index))) for index in range(3)]
    cold = run(jobs, tmp_path / "cache")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm run must not open an image")

    monkeypatch.setattr(Image, "open", refuse)
    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    warm = run(jobs, tmp_path / "cache")
    assert warm.report.from_cache == 3 and warm.site_files() == cold.site_files()


@pytest.mark.parametrize("change", [
    {"webp_quality": 70}, {"jpeg_quality": 90}, {"widths": (400, 800)}, {"card_ratio": (16, 9)}, {"webp_method": 4},
    {"resample": "lanczos"},
])
def test_a_changed_setting_misses_the_cache(tmp_path: Path, change: dict[str, object]) -> None:
    job = write(tmp_path, "a.jpg", jpeg(noise((500, 400))))
    run([job], tmp_path / "cache")
    again = run([job], tmp_path / "cache", PhotoSettings(**change))  # type: ignore[arg-type]
    assert (again.report.processed, again.report.from_cache) == (1, 0)


def test_the_pipeline_version_and_focus_are_in_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    job = write(tmp_path, "a.jpg", jpeg(noise((500, 400))))
    run([job], tmp_path / "cache")
    moved = PhotoJob(job.source, job.shown_as, (0.2, 0.2))
    assert run([moved], tmp_path / "cache").report.processed == 1
    monkeypatch.setattr(photos, "PIPELINE_VERSION", "test-next")
    assert run([moved], tmp_path / "cache").report.processed == 1


def test_a_replaced_photo_gets_new_names_and_the_old_files_are_pruned(tmp_path: Path) -> None:
    job = write(tmp_path, "a.jpg", jpeg(noise((500, 400), 1)))
    old = run([job], tmp_path / "cache")
    job.source.write_bytes(jpeg(noise((500, 400), 2)))
    new = run([job], tmp_path / "cache")
    assert new.report.processed == 1
    assert not set(old.site_files()) & set(new.site_files())
    assert all(not path.exists() for path in old.site_files().values())
    assert len(entries(tmp_path / "cache")) == 1


def test_entries_no_longer_used_are_pruned_and_nothing_else_is_touched(tmp_path: Path) -> None:
    keep = write(tmp_path, "keep.jpg", jpeg(noise((300, 200), 1)))
    gone = write(tmp_path, "withdrawn.jpg", jpeg(noise((300, 200), 2)))
    cache = tmp_path / "cache"
    both = run([keep, gone], cache)
    (cache / "notes").mkdir()
    (cache / "notes" / "readme.txt").write_text("not ours")
    run([keep], cache)
    assert all(rendition.path.exists() for rendition in both.photos[keep].files())
    assert all(not rendition.path.exists() for rendition in both.photos[gone].renditions)
    assert (cache / "notes" / "readme.txt").exists()
    run([keep], cache, prune=False)
    run([], cache)
    assert entries(cache) == [cache / "notes"]


def test_a_warm_run_reads_no_photo_that_is_provably_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photos, "_RACY_S", -1.0)  # files written by this test count as settled
    jobs = [write(tmp_path, f"{index}.jpg", jpeg(noise((300, 200), index))) for index in range(2)]
    cold = run(jobs, tmp_path / "cache")
    assert (tmp_path / "cache" / photos.DIGEST_MEMO).is_file()

    def no_reading(*args: object) -> None:
        raise AssertionError("the memo knows these files")

    with monkeypatch.context() as patch:
        patch.setattr(photos, "read_source_with_status", no_reading)
        warm = run(jobs, tmp_path / "cache")
    assert warm.report.from_cache == 2 and warm.site_files() == cold.site_files()
    assert warm.report.bytes_before == cold.report.bytes_before


def test_a_photo_replaced_behind_the_memos_back_is_hashed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photos, "_RACY_S", -1.0)
    job = write(tmp_path, "a.png", png_bytes(Image.new("RGB", (300, 200), (200, 0, 0)), compress_level=0))
    before = job.source.stat()
    old = run([job], tmp_path / "cache")
    job.source.write_bytes(png_bytes(Image.new("RGB", (300, 200), (0, 0, 200)), compress_level=0))
    assert job.source.stat().st_size == before.st_size
    os.utime(job.source, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time: only ctime tells
    new = run([job], tmp_path / "cache")
    assert new.report.processed == 1 and not set(old.site_files()) & set(new.site_files())


def test_an_incomplete_entry_is_rebuilt(tmp_path: Path) -> None:
    job = write(tmp_path, "a.jpg", jpeg(noise((500, 400))))
    first = only(run([job], tmp_path / "cache"))
    first.renditions[0].path.unlink()
    second = run([job], tmp_path / "cache")
    assert second.report.processed == 1 and first.renditions[0].path.exists()
    (first.renditions[0].path.parent / "manifest.json").write_text("{not json")
    assert run([job], tmp_path / "cache").report.processed == 1


def test_a_doctored_manifest_cannot_publish_a_file_from_elsewhere(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    job = write(tmp_path, "a.jpg", jpeg(noise((300, 200))))
    entry = only(run([job], tmp_path / "cache")).renditions[0].path.parent
    manifest = json.loads((entry / "manifest.json").read_text())
    escape = os.path.relpath(secret, entry)
    manifest["files"][escape] = secret.stat().st_size
    manifest["renditions"][0]["name"] = escape
    (entry / "manifest.json").write_text(json.dumps(manifest))
    again = run([job], tmp_path / "cache")
    assert again.report.processed == 1
    assert all(path.resolve().is_relative_to((tmp_path / "cache").resolve()) for path in again.site_files().values())


def test_two_stories_with_one_photo_share_one_job(tmp_path: Path) -> None:
    job = write(tmp_path, "a.jpg", jpeg(noise((300, 200))))
    batch = run([job, PhotoJob(job.source, job.shown_as)], tmp_path / "cache")
    assert len(batch.photos) == 1 and batch.report.processed == 1


# --- parallel work and progress -----------------------------------------------------------------


def test_worker_processes_give_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    jobs = [write(tmp_path, f"{index}.jpg", jpeg(noise((640, 480), index))) for index in range(4)]
    serial = process_photos(jobs, tmp_path / "one", workers=1)
    parallel = process_photos(jobs, tmp_path / "two", workers=2)
    assert list(parallel.photos) == jobs
    for job in jobs:
        assert [r.name for r in serial.photos[job].renditions] == [r.name for r in parallel.photos[job].renditions]
        for rendition in parallel.photos[job].renditions:
            assert rendition.path.read_bytes() == (tmp_path / "one" / rendition.path.parent.name / rendition.name).read_bytes()


def test_one_photo_on_several_threads_gives_the_same_bytes(tmp_path: Path) -> None:
    data = jpeg(noise((1800, 1200)))
    _, alone = render_photo(data, "photos/x.jpg", (0.3, 0.6), PhotoSettings(), threads=1)
    _, threaded = render_photo(data, "photos/x.jpg", (0.3, 0.6), PhotoSettings(), threads=3)
    assert [(e.kind, e.format, e.width, e.data) for e in alone] == [(e.kind, e.format, e.width, e.data) for e in threaded]
    job = write(tmp_path, "x.jpg", data)
    lone = only(process_photos([job], tmp_path / "cache", workers=2))  # one cold photo: threads, not processes
    assert sorted(r.name for r in lone.renditions) == sorted(e.name for e in alone)


def test_progress_is_reported_for_cold_work_and_a_summary_line_ends_it(tmp_path: Path) -> None:
    jobs = [write(tmp_path, f"{index}.jpg", jpeg(noise((300, 200), index))) for index in range(3)]
    seen: list[Progress] = []
    batch = process_photos(jobs, tmp_path / "cache", workers=2, progress=seen.append, progress_interval=0)
    assert [item.done for item in seen] == [1, 2, 3] and {item.total for item in seen} == {3}
    assert str(seen[-1]).startswith("photos: 3/3 done, ") and seen[-1].rate > 0
    summary = str(batch.report)
    assert re.fullmatch(r"Photos: 3 processed, 0 from cache; \d+\.\d MB before, \d+\.\d MB after \(\d+\.\d s\)", summary), summary
    assert batch.report.bytes_before == sum(job.source.stat().st_size for job in jobs)
    assert batch.report.bytes_after == sum(path.stat().st_size for path in batch.site_files().values())
    seen.clear()
    warm = process_photos(jobs, tmp_path / "cache", progress=seen.append, progress_interval=0)
    assert not seen and str(warm.report).startswith("Photos: 0 processed, 3 from cache;")


def test_progress_is_throttled(tmp_path: Path) -> None:
    jobs = [write(tmp_path, f"{index}.jpg", jpeg(noise((200, 100), index))) for index in range(4)]
    seen: list[Progress] = []
    run(jobs, tmp_path / "cache", progress=seen.append, progress_interval=3600)
    assert [item.done for item in seen] == [4]


# --- placeholders -------------------------------------------------------------------------------


def test_placeholder_photos_pass_the_pipeline_and_are_the_same_on_every_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("make_placeholder_photos", TOOLS / "make_placeholder_photos.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, script)  # dataclasses look their module up there
    spec.loader.exec_module(script)
    first = script.write_placeholders(tmp_path / "one")
    second = script.write_placeholders(tmp_path / "two")
    assert [path.read_bytes() for path in first] == [path.read_bytes() for path in second]
    assert {path.suffix for path in first} == {".jpg", ".png", ".webp"}
    jobs = [PhotoJob(path, f"photos/{path.name}") for path in first]
    batch = process_photos(jobs, tmp_path / "cache", workers=2)
    assert not batch.problems and len(batch.photos) == len(first)


# --- the code itself ----------------------------------------------------------------------------


METADATA_KEYWORDS = {"exif", "xmp", "icc_profile", "comment", "pnginfo", "extra", "info"}
# Every module that opens, converts or saves a photo's pixels.
PIXEL_MODULES = (
    "photo_settings.py", "photo_intake.py", "photo_geometry.py", "photo_pixels.py", "photo_renditions.py",
    "page_images.py", "photos.py", "share_cards.py",
)


def imports_pillow(path: Path) -> bool:
    """Whether the module at ``path`` imports PIL, read from its code."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "PIL" for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "PIL":
            return True
    return False


def test_no_metadata_is_ever_passed_to_save() -> None:
    """P3: the easy mistakes that would carry metadata over, banned by reading the code."""
    package = Path(photos.__file__).parent
    assert {path.name for path in package.glob("*.py") if imports_pillow(path)} <= set(PIXEL_MODULES)
    for module in PIXEL_MODULES:
        tree = ast.parse((package / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    assert keyword.arg not in METADATA_KEYWORDS, f"{module}:{node.lineno}: {keyword.arg}="
                    # ``save(..., **image.info)`` or any other spread of unknown options.
                    assert keyword.arg is not None, f"{module}:{node.lineno}: ** in a call"
            if isinstance(node, ast.Attribute):
                assert node.attr != "exif_transpose", f"{module}:{node.lineno}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
                assert not any(name.split(".")[0] == "mkdocs" for name in names), f"{module} imports mkdocs"
