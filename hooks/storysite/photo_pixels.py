"""Photo pixels: decode an accepted photo once into clean, oriented sRGB pixels.

:func:`decode_photo` is the one place a photo's pixels are read: scaled down (by libjpeg
itself where it can), turned upright, converted to sRGB, and with nothing of the source's
metadata left on the image. Truncated or damaged files raise :class:`PhotoRefused`.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageCms, ImageFile

from .errors import PipelineError
from .photo_settings import PILLOW_ERRORS, PhotoRefused

_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _to_plain_pixels(image: Image.Image, keep_alpha: bool = False) -> Image.Image:
    """``image`` in a mode we can resize: RGB, L or CMYK, alpha flattened onto white; with
    ``keep_alpha``, RGBA when the image has any transparency (an alpha channel, a
    transparent palette entry or a transparent colour)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit greyscale: keep the top 8 bits rather than clipping at 255.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("P", "PA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode == "PA" else "RGB")
    elif keep_alpha and image.mode in ("L", "RGB") and image.info.get("transparency") is not None:
        image = image.convert("RGBA")  # PNG's tRNS: one colour that stands for "clear"
    if image.mode in ("RGBA", "LA", "RGBa", "La"):
        if keep_alpha:
            return image.convert("LA" if image.mode in ("LA", "La") else "RGBA")
        # Photos have no use for transparency and JPEG has none: white behind it.
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image.convert("RGBA"), mask=image.getchannel("A"))
        return flat
    if image.mode not in ("RGB", "L", "CMYK"):
        return image.convert("RGB")
    return image


def _to_srgb(image: Image.Image, icc: bytes | None, shown_as: str) -> Image.Image:
    """``image`` as sRGB pixels (RGB, or RGBA when it comes with alpha, which is kept as it
    is); ``icc`` is the source's profile (None: already sRGB)."""
    if image.mode in ("RGBA", "LA"):
        alpha = image.getchannel("A")
        colour = _to_srgb(image.convert("RGB" if image.mode == "RGBA" else "L"), icc, shown_as)
        colour.putalpha(alpha)
        return colour
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            # sRGB to sRGB would only cost time: skip profiles that call themselves sRGB.
            if not ImageCms.getProfileDescription(profile).strip().startswith("sRGB") or image.mode != "RGB":
                converted = ImageCms.profileToProfile(
                    image, profile, ImageCms.createProfile("sRGB"),
                    renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB",
                )
                assert converted is not None  # None only with inPlace=True
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as error:
            raise PhotoRefused(
                f"'{shown_as}' carries a colour profile that cannot be applied ({error})",
                "export it again as an sRGB JPEG",
            ) from None
    return image if image.mode == "RGB" else image.convert("RGB")


def decode_photo(
    image: Image.Image, scale: float, resample: Image.Resampling, orientation: int, shown_as: str, *,
    keep_alpha: bool = False,
) -> Image.Image:
    """The working image: decoded once, ``scale`` times its size (at most 1), oriented,
    sRGB, no info; RGB, or RGBA with ``keep_alpha`` when the source has transparency.

    JPEG is decoded at 1/2, 1/4 or 1/8 scale by libjpeg itself when the renditions need
    no more (``draft``), which is most of the saving on camera photos.
    """
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        # Something in this process told Pillow to accept truncated files; refusing
        # them is part of our contract, so do not silently publish half a photo.
        raise PipelineError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES is set; the photo stage needs it off")
    stored_w, stored_h = image.size
    target = (max(1, round(stored_w * scale)), max(1, round(stored_h * scale)))
    icc = image.info.get("icc_profile")
    try:
        if image.format in ("JPEG", "MPO") and scale < 1:
            image.draft(image.mode, (math.ceil(stored_w * scale), math.ceil(stored_h * scale)))
        image.load()
        pixels = _to_plain_pixels(image, keep_alpha)
        if pixels.size != target:
            pixels = pixels.resize(target, resample)
    except PILLOW_ERRORS as error:
        raise PhotoRefused(
            f"'{shown_as}' is truncated or damaged ({error})", "export or copy the photo again: part of the file is missing"
        ) from None
    # Colour conversion after the resize: the same result to the eye, on fewer pixels.
    pixels = _to_srgb(pixels, icc, shown_as)
    if orientation in _TRANSPOSE:
        pixels = pixels.transpose(_TRANSPOSE[orientation])
    # Nothing of the source's metadata may travel on: Pillow copies ``info`` to every
    # derived image, and the JPEG writer reads a comment from it, the PNG writer a
    # colour profile and a transparent colour.
    pixels.info = {}
    return pixels

