"""page_images: images in hand-written pages keep their format and lose their metadata.

They are refused like story photos. Inputs: photo_inputs.py and tests/photo_fixtures.py.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from photo_fixtures import (
    assert_clean, assert_clean_page_image, jpeg_with_everything, noise, png_with_chunks,
    progressive_jpeg_with_extra_scans, two_colour, webp_chunks,
)
from photo_inputs import (
    DISPLAY_P3, jpeg, pixels_close, png_bytes, png_header_only, png_with_text, tiff_bytes, truncated_jpeg,
    webp_with_metadata,
)
from storysite.page_images import PageImage, sanitise_page_image
from storysite.photo_settings import PhotoRefused, PhotoSettings


# --- images in hand-written pages --------------------------------------------------------------


def page_image(tmp_path: Path, name: str, data: bytes, settings: PhotoSettings = PhotoSettings()) -> PageImage:
    path = tmp_path / "docs" / "images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return sanitise_page_image(path, f"images/{name}", settings)


def decoded(image: PageImage) -> Image.Image:
    with Image.open(io.BytesIO(image.data)) as opened:
        opened.load()
        return opened


def test_a_page_jpeg_is_turned_upright_and_keeps_no_metadata(tmp_path: Path) -> None:
    result = page_image(tmp_path, "IMG_Kabul.jpg", jpeg_with_everything(orientation=6))
    assert result.extension == "jpg" and result.data[:3] == b"\xff\xd8\xff"
    assert_clean(result.data)
    pixels = decoded(result)
    assert pixels.size == (40, 80)
    top, bottom = pixels.getpixel((20, 10)), pixels.getpixel((20, 70))
    assert top[0] > 150 and top[2] < 100, top  # orientation 6: the red left half is now on top
    assert bottom[2] > 150 and bottom[0] < 100, bottom


@pytest.mark.parametrize("name, data, extension", [
    ("text.png", png_with_text(), "png"), ("meta.webp", webp_with_metadata(), "webp"),
])
def test_page_pngs_and_webps_stay_in_their_format_without_metadata(tmp_path: Path, name: str, data: bytes, extension: str) -> None:
    result = page_image(tmp_path, name, data)
    assert result.extension == extension
    assert_clean_page_image(result.data)
    assert decoded(result).size == (60, 40)


def transparent_logo(mode: str) -> Image.Image:
    """A 60x40 picture, clear on its left half, opaque blue on its right."""
    image = Image.new("RGBA", (60, 40), (0, 0, 0, 0))
    image.paste((30, 30, 220, 255), (30, 0, 60, 40))
    return image if mode == "RGBA" else image.convert(mode)


@pytest.mark.parametrize("mode", ["RGBA", "P", "LA"])
def test_a_page_png_keeps_its_transparency(tmp_path: Path, mode: str) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "PNG-TEXT-SENTINEL")
    source = transparent_logo(mode)
    result = page_image(tmp_path, "logo.png", png_bytes(source, pnginfo=info))
    assert result.extension == "png"
    assert_clean_page_image(result.data)
    pixels = decoded(result)
    assert pixels.mode == "RGBA"
    assert pixels.getpixel((10, 20))[3] == 0
    assert pixels.getpixel((50, 20))[3] == 255


def test_a_page_webp_keeps_its_transparency_and_a_lossless_one_stays_lossless(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    transparent_logo("RGBA").save(buffer, "WEBP", lossless=True, xmp=b"<x:xmpmeta>XMP-SENTINEL</x:xmpmeta>")
    result = page_image(tmp_path, "logo.webp", buffer.getvalue())
    assert result.extension == "webp"
    assert_clean_page_image(result.data)
    assert b"VP8L" in webp_chunks(result.data)
    pixels = decoded(result)
    assert pixels.mode == "RGBA" and pixels.getpixel((10, 20))[3] == 0 and pixels.getpixel((50, 20)) == (30, 30, 220, 255)
    lossy = page_image(tmp_path, "photo.webp", webp_with_metadata())
    assert b"VP8 " in webp_chunks(lossy.data) and b"VP8L" not in webp_chunks(lossy.data)


def test_an_opaque_page_png_loses_only_its_useless_alpha(tmp_path: Path) -> None:
    result = page_image(tmp_path, "opaque.png", png_bytes(two_colour((60, 40)).convert("RGBA")))
    assert decoded(result).mode == "RGB"


def test_a_page_image_is_converted_to_srgb(tmp_path: Path) -> None:
    colour = (200, 90, 60)
    source = Image.new("RGB", (64, 48), colour)
    expected = ImageCms.profileToProfile(
        source, ImageCms.ImageCmsProfile(io.BytesIO(DISPLAY_P3)), ImageCms.createProfile("sRGB"),
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
    ).getpixel((0, 0))
    result = page_image(tmp_path, "p3.png", png_bytes(source, icc_profile=DISPLAY_P3))
    assert_clean_page_image(result.data)
    assert pixels_close(decoded(result).getpixel((32, 24)), expected, tolerance=2)


def test_a_page_image_is_downscaled_to_the_widest_rendition_never_upscaled(tmp_path: Path) -> None:
    assert decoded(page_image(tmp_path, "wide.jpg", jpeg(noise((2000, 1000))))).size == (1440, 720)
    assert decoded(page_image(tmp_path, "small.png", png_bytes(noise((300, 200))))).size == (300, 200)
    narrow = PhotoSettings(widths=(200, 400))
    assert decoded(page_image(tmp_path, "tall.webp", webp_with_metadata(), narrow)).size == (60, 40)
    assert decoded(page_image(tmp_path, "wide.png", png_bytes(noise((1000, 500))), narrow)).size == (400, 200)


def test_a_page_image_is_named_by_content_not_extension_and_is_deterministic(tmp_path: Path) -> None:
    data = png_with_text()
    first = page_image(tmp_path, "really-a-png.jpg", data)
    again = page_image(tmp_path, "copy.jpg", data)
    assert first.extension == "png" and first == again
    assert first.data != data  # encoded again, from pixels only


PAGE_REFUSED = [
    ("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "is an SVG drawing"),
    ("cut.jpg", truncated_jpeg((300, 200)), "is truncated or damaged"),
    ("bomb.png", png_header_only(10_000, 10_000), "claims a size too large to decode safely"),
    ("scan.png", tiff_bytes(), "is a TIFF image"),
]


@pytest.mark.parametrize("name, data, message", PAGE_REFUSED, ids=[case[0] for case in PAGE_REFUSED])
def test_page_images_are_refused_like_story_photos(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(PhotoRefused) as refused:
        page_image(tmp_path, name, data)
    assert refused.value.problem.message.startswith(f"'images/{name}' {message}"), refused.value.problem.message
    assert refused.value.problem.hint


def test_page_images_that_are_links_or_fifos_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(jpeg(noise((60, 40))))
    folder = tmp_path / "docs" / "images"
    folder.mkdir(parents=True)
    (folder / "link.jpg").symlink_to(secret)
    os.mkfifo(folder / "fifo.jpg")
    for name, message in (("link.jpg", "is a symbolic link"), ("fifo.jpg", "is a named pipe \\(FIFO\\), not a file")):
        with pytest.raises(PhotoRefused, match=f"^'images/{name}' {message}$"):
            sanitise_page_image(folder / name, f"images/{name}")


def test_a_page_image_encoder_error_becomes_a_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(self: Image.Image, *args: object, **options: object) -> None:
        raise ValueError("cannot write mode RGBA as JPEG")

    data = png_bytes(noise((30, 20)))
    monkeypatch.setattr(Image.Image, "save", failing)
    with pytest.raises(PhotoRefused, match="^'images/a.png' could not be encoded as PNG"):
        page_image(tmp_path, "a.png", data)


def test_page_images_take_the_same_work_and_shape_limits(tmp_path: Path) -> None:
    for name, data, message in [
        ("scans.jpg", progressive_jpeg_with_extra_scans((64, 48), 200), "is a JPEG of more than 100 scans"),
        ("shot.png", png_bytes(Image.new("RGB", (100, 1000))), "is 100 x 1000 pixels, 10.0 times as tall as wide"),
        ("chunks.png", png_with_chunks(100_001), "is a PNG of more than 100000 chunks"),
    ]:
        with pytest.raises(PhotoRefused, match=f"^'images/{name}' {message}"):
            page_image(tmp_path, name, data)
