"""The photo stage's settings and the shape of its refusals, which every photo module reads.

:class:`PhotoSettings` holds every knob (all of them are in the cache key); a photo that
cannot be published raises :class:`PhotoRefused`, whose :class:`PhotoProblem` the build
turns into a content error at the story's line.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from PIL import Image

# The hint of a photo that Pillow could not read or write: a new export usually mends it.
EXPORT_AGAIN = "export or copy the photo again"
# What Pillow raises for files it cannot read: a broken header, a damaged stream, a
# table that points past the end. Caught around Pillow's calls only, never our own code.
PILLOW_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error)
_FILTERS = {"bicubic": Image.Resampling.BICUBIC, "lanczos": Image.Resampling.LANCZOS}


@dataclass(frozen=True)
class PhotoSettings:
    """Every knob of the pipeline. All of them are part of the cache key."""

    widths: tuple[int, ...] = (480, 960, 1440)  # full renditions, never upscaled
    card_widths: tuple[int, ...] = (480, 960)
    card_ratio: tuple[int, int] = (3, 2)  # width:height of the card crop
    webp_quality: int = 80
    # libwebp's effort, 0-6. 2 costs under half the time of 4 for about 3% more bytes;
    # the build-time budget per photo (bench/photo_benchmark.py) decided.
    webp_method: int = 2
    jpeg_quality: int = 82
    fallback_width: int = 960  # the <img src> JPEG: the largest rendition up to this
    # Downscaling filter. Bicubic (Pillow's own thumbnail() default) looks the same as
    # Lanczos at these ratios and costs a third less; "lanczos" is there if wanted.
    resample: str = "bicubic"
    max_pixels: int = 40_000_000
    max_bytes: int = 64 * 1000 * 1000
    # A photo at most this many times as long one way as the other (a screenshot of a
    # whole chat is refused: "crop it"); it keeps every rendition inside WebP's limit.
    max_aspect_ratio: float = 3.0
    # Scans of a JPEG, each a pass over every block of the picture: libjpeg's standard
    # progressive photo has 10 (18 in CMYK), a baseline one 1 to 4. 1000 empty scans
    # cost a 36-megapixel photo 2 s of decoding and crafted ones 20 s; 100 cost at most
    # about 2 s (measured with libjpeg-turbo 3.2), and leave real photos five times room.
    max_jpeg_scans: int = 100

    def __post_init__(self) -> None:
        if not self.widths or not self.card_widths or min(*self.widths, *self.card_widths) < 1:
            raise ValueError("widths and card_widths need at least one positive width each")
        if min(self.card_ratio) < 1 or not 0 <= self.webp_method <= 6:
            raise ValueError("card_ratio must be positive and webp_method 0 to 6")
        if self.resample not in _FILTERS:
            raise ValueError(f"resample must be one of {sorted(_FILTERS)}")
        if self.max_aspect_ratio < 1 or self.max_jpeg_scans < 1:
            raise ValueError("max_aspect_ratio and max_jpeg_scans must be at least 1")

    @property
    def filter(self) -> Image.Resampling:
        """The Pillow filter named by ``resample``."""
        return _FILTERS[self.resample]


@dataclass(frozen=True)
class PhotoProblem:
    """Why a photo cannot be published, in the words of a content error."""

    message: str  # e.g. "'photos/x.jpg' is a TIFF image: ..."
    hint: str


class PhotoRefused(Exception):
    """A photo failed intake; ``problem`` says why and what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.problem = PhotoProblem(message, hint)

