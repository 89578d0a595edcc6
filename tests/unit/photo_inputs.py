"""Photos made in memory for the unit tests of the photo modules, and the calls they share.

Every byte that matters is made here or in tests/photo_fixtures.py, so a test shows what it
feeds the pipeline. No picture shows a person.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageCms, PngImagePlugin

from photo_fixtures import noise, two_colour
from storysite.photo_settings import PhotoSettings
from storysite.photos import PhotoBatch, PhotoJob, ProcessedPhoto, process_photos


def png_with_text() -> bytes:
    """A PNG with tEXt, zTXt, iTXt (XMP), eXIf (GPS) and an iCCP profile."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "PNG-TEXT-SENTINEL shot at 34.52N 69.17E")
    info.add_text("Location", "PNG-TEXT-SENTINEL", zip=True)
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>XMP-SENTINEL</x:xmpmeta>")
    exif = Image.Exif()
    exif[0x010F] = "SentinelCam"
    buffer = io.BytesIO()
    two_colour((60, 40)).save(
        buffer, "PNG", pnginfo=info, exif=exif,
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    return buffer.getvalue()


def webp_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SentinelCam"
    buffer = io.BytesIO()
    two_colour((60, 40)).save(buffer, "WEBP", exif=exif, xmp=b"<x:xmpmeta>XMP-SENTINEL</x:xmpmeta>", quality=90)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of any size, made in milliseconds: all-zero rows compress to nothing."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def icc_rgb_profile(description: str, red: tuple[float, ...], green: tuple[float, ...], blue: tuple[float, ...], gamma: float = 2.2) -> bytes:
    """A minimal ICC v2 display profile: primaries (D50 XYZ) and one gamma for all channels."""

    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(values: tuple[float, ...]) -> bytes:
        return b"XYZ " + b"\x00" * 4 + b"".join(s15(value) for value in values)

    text = description.encode("ascii") + b"\x00"
    desc = b"desc" + b"\x00" * 4 + struct.pack(">I", len(text)) + text + b"\x00" * 4 + b"\x00" * 4 + b"\x00" * 67
    curve = b"curv" + b"\x00" * 4 + struct.pack(">I", 1) + struct.pack(">H", round(gamma * 256)) + b"\x00\x00"
    tags = [
        (b"desc", desc), (b"wtpt", xyz((0.9642, 1.0, 0.8249))), (b"cprt", b"text\x00\x00\x00\x00none\x00\x00\x00\x00"),
        (b"rXYZ", xyz(red)), (b"gXYZ", xyz(green)), (b"bXYZ", xyz(blue)),
        (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data + b"\x00" * (-len(data) % 4)
    size = offset + len(body)
    header = (
        struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntr" + b"RGB " + b"XYZ "
        + b"\x00" * 12 + b"acsp" + b"\x00" * 24 + struct.pack(">I", 0)
        + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\x00" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


# Display P3 primaries, adapted to D50 as ICC profiles store them.
DISPLAY_P3 = icc_rgb_profile(
    "Display P3 (test)", (0.5151, 0.2412, -0.0011), (0.2920, 0.6922, 0.0419), (0.1571, 0.0666, 0.7841),
)


def write(tmp_path: Path, name: str, data: bytes) -> PhotoJob:
    path = tmp_path / "stories" / "photos" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return PhotoJob(path, f"photos/{name}")


def jpeg(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, **options)
    return buffer.getvalue()


def run(jobs: list[PhotoJob], cache: Path, settings: PhotoSettings = PhotoSettings(), **options: object) -> PhotoBatch:
    return process_photos(jobs, cache, settings, workers=1, **options)  # type: ignore[arg-type]


def only(batch: PhotoBatch) -> ProcessedPhoto:
    assert not batch.problems, batch.problems
    (photo,) = batch.photos.values()
    return photo


def entries(cache: Path) -> list[Path]:
    """The folders in a cache folder (its entries, and anything else that is not ours)."""
    return sorted(path for path in cache.iterdir() if path.is_dir()) if cache.exists() else []




def png_bytes(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def pixels_close(pixel: object, expected: object, tolerance: int = 6) -> bool:
    assert isinstance(pixel, tuple) and isinstance(expected, tuple)
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected))



def tiff_bytes() -> bytes:
    buffer = io.BytesIO()
    two_colour((40, 20)).save(buffer, "TIFF")
    return buffer.getvalue()


def gif_bytes() -> bytes:
    buffer = io.BytesIO()
    two_colour((40, 20)).save(buffer, "GIF")
    return buffer.getvalue()


def truncated_jpeg(size: tuple[int, int]) -> bytes:
    data = jpeg(noise(size))
    return data[: len(data) * 6 // 10]


HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
