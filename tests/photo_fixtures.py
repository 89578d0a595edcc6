"""Photos with every kind of metadata a phone or an editor's software can leave in them,
made by hand, and the check that an output image carries none of it."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageCms

GPS_TEXT = b"shot at 34.52N 69.17E"
SENTINELS = (
    b"SentinelCam", b"SN-SENTINEL-0042", b"XMP-SENTINEL", b"IPTC-SENTINEL", b"THUMB-SENTINEL", b"PNG-TEXT-SENTINEL",
    GPS_TEXT, b"34.52N",
)
METADATA_MARKERS = (b"Exif\x00\x00", b"http://ns.adobe.com/xap", b"Photoshop 3.0", b"ICC_PROFILE", b"iCCP", b"tEXt", b"zTXt", b"iTXt", b"eXIf")


def tiff_ifd(entries: list[tuple[int, int, int, bytes]], start: int, next_ifd: int) -> tuple[bytes, bytes]:
    """One little-endian TIFF IFD at offset ``start``: (directory, data area after it).

    ``entries`` are (tag, type, count, value bytes); values over 4 bytes go to the data area.
    """
    directory_size = 2 + 12 * len(entries) + 4
    data_offset = start + directory_size
    directory = struct.pack("<H", len(entries))
    data = b""
    for tag, kind, count, value in sorted(entries):
        if len(value) <= 4:
            directory += struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\x00")
        else:
            directory += struct.pack("<HHII", tag, kind, count, data_offset + len(data))
            data += value + (b"\x00" if len(value) % 2 else b"")
    return directory + struct.pack("<I", next_ifd), data


def exif_with_gps_and_thumbnail(orientation: int, thumbnail: bytes) -> bytes:
    """An APP1 EXIF payload: camera make, orientation, a serial number, GPS and a thumbnail."""
    ascii_ = 2
    short, long_, rational, byte = 3, 4, 5, 1

    def text(value: bytes) -> tuple[int, bytes]:
        return len(value) + 1, value + b"\x00"

    def rationals(*numbers: int) -> bytes:
        return b"".join(struct.pack("<II", number, 1) for number in numbers)

    # Layout: header (8) | IFD0 | Exif IFD | GPS IFD | IFD1 | thumbnail. Sizes first.
    make_count, make = text(b"SentinelCam")
    serial_count, serial = text(b"SN-SENTINEL-0042")
    ifd0_size = 2 + 12 * 4 + 4 + len(make) + (len(make) % 2)
    exif_ifd_size = 2 + 12 * 1 + 4 + len(serial) + (len(serial) % 2)
    gps_size = 2 + 12 * 5 + 4 + 24 + 24
    ifd1_size = 2 + 12 * 3 + 4
    ifd0_at = 8
    exif_at = ifd0_at + ifd0_size
    gps_at = exif_at + exif_ifd_size
    ifd1_at = gps_at + gps_size
    thumbnail_at = ifd1_at + ifd1_size
    ifd0 = tiff_ifd([
        (0x010F, ascii_, make_count, make),
        (0x0112, short, 1, struct.pack("<H", orientation)),
        (0x8769, long_, 1, struct.pack("<I", exif_at)),
        (0x8825, long_, 1, struct.pack("<I", gps_at)),
    ], ifd0_at, ifd1_at)
    exif_ifd = tiff_ifd([(0xA431, ascii_, serial_count, serial)], exif_at, 0)
    gps = tiff_ifd([
        (0x0000, byte, 4, bytes([2, 3, 0, 0])),
        (0x0001, ascii_, 2, b"N\x00"),
        (0x0002, rational, 3, rationals(34, 31, 12)),
        (0x0003, ascii_, 2, b"E\x00"),
        (0x0004, rational, 3, rationals(69, 10, 12)),
    ], gps_at, 0)
    ifd1 = tiff_ifd([
        (0x0103, short, 1, struct.pack("<H", 6)),
        (0x0201, long_, 1, struct.pack("<I", thumbnail_at)),
        (0x0202, long_, 1, struct.pack("<I", len(thumbnail))),
    ], ifd1_at, 0)
    tiff = b"II*\x00" + struct.pack("<I", ifd0_at) + b"".join(part for ifd in (ifd0, exif_ifd, gps, ifd1) for part in ifd)
    assert len(tiff) == thumbnail_at, "offsets above must match the layout"
    return b"Exif\x00\x00" + tiff + thumbnail


def app13_iptc(text: bytes) -> bytes:
    """A JPEG APP13 segment: Photoshop 3.0 resource 0x0404 holding an IPTC caption."""
    iptc = b"\x1c\x02\x78" + struct.pack(">H", len(text)) + text  # 2:120 caption
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def two_colour(size: tuple[int, int]) -> Image.Image:
    """Left half red, right half blue: shows where a rotation went."""
    image = Image.new("RGB", size, (220, 30, 30))
    image.paste((30, 30, 220), (size[0] // 2, 0, size[0], size[1]))
    return image


def noise(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """A photo-like (busy) RGB image, the same for the same seed."""
    bands = [Image.effect_noise(size, 60 + 5 * band + seed) for band in range(3)]
    return Image.merge("RGB", bands)


def jpeg_with_everything(orientation: int = 6, size: tuple[int, int] = (80, 40)) -> bytes:
    """A JPEG with EXIF (orientation, GPS, serial, thumbnail), XMP, IPTC and a comment."""
    thumbnail = io.BytesIO()
    two_colour((16, 8)).save(thumbnail, "JPEG", comment=b"THUMB-SENTINEL")
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>XMP-SENTINEL 34.52N</rdf:Description></rdf:RDF></x:xmpmeta>'
    buffer = io.BytesIO()
    two_colour(size).save(
        buffer, "JPEG", quality=95,
        exif=exif_with_gps_and_thumbnail(orientation, thumbnail.getvalue()),
        comment=GPS_TEXT, xmp=xmp, extra=app13_iptc(b"IPTC-SENTINEL"),
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    return buffer.getvalue()


def assert_clean(data: bytes) -> None:
    """No metadata of any kind in an output file, by Pillow's reading and by bytes."""
    for marker in (*METADATA_MARKERS, *SENTINELS):
        assert marker not in data, marker
    if data[:4] == b"RIFF":
        # A simple WebP: one VP8/VP8L chunk and no VP8X, so no room for EXIF, XMP or ICCP.
        assert data[12:16] in (b"VP8 ", b"VP8L")
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"} & set(image.info)
        assert image.mode == "RGB"


def webp_chunks(data: bytes) -> list[bytes]:
    """The four-letter names of a WebP file's top-level RIFF chunks, in order."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    names, position = [], 12
    while position + 8 <= len(data):
        (size,) = struct.unpack_from("<I", data, position + 4)
        names.append(data[position:position + 4])
        position += 8 + size + (size & 1)
    return names


def assert_clean_page_image(data: bytes) -> None:
    """Like :func:`assert_clean`, for a page image: it may keep its alpha (RGBA, and in
    WebP a VP8X header with an ALPH chunk), but carries no metadata of any kind."""
    for marker in (*METADATA_MARKERS, *SENTINELS):
        assert marker not in data, marker
    if data[:4] == b"RIFF":
        chunks = webp_chunks(data)
        assert set(chunks) <= {b"VP8X", b"ALPH", b"VP8 ", b"VP8L"}, chunks
        if chunks[0] == b"VP8X":
            flags = data[20]
            assert not flags & 0b0010_1100, f"VP8X announces ICC, EXIF or XMP: {flags:08b}"
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp", "transparency"} & set(image.info)
        assert image.mode in ("RGB", "RGBA"), image.mode


def _flat_progressive_jpeg(size: tuple[int, int]) -> bytes:
    """A progressive JPEG of one colour: quick to make at any size, a few KB per megapixel."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 80, 40)).save(buffer, "JPEG", quality=80, progressive=True)
    return buffer.getvalue()


def _first_component(data: bytes) -> int:
    """The id of the first colour component in a progressive JPEG's frame header (SOF2)."""
    frame = data.index(b"\xff\xc2")
    return data[frame + 10]  # marker, length, precision, height, width, count, then the first id


def _entropy_bits(bits: str) -> bytes:
    """Bits as entropy-coded bytes: padded with 1s, every 0xFF followed by a stuffed 0x00."""
    bits += "1" * (-len(bits) % 8)
    out = bytearray()
    for start in range(0, len(bits), 8):
        out.append(int(bits[start:start + 8], 2))
        if out[-1] == 0xFF:
            out.append(0x00)
    return bytes(out)


def progressive_jpeg_with_extra_scans(size: tuple[int, int], extra_scans: int, busy: bool = False) -> bytes:
    """A progressive JPEG of ``size`` with ``extra_scans`` scans added before its end.

    Each added scan refines the AC coefficients (1 to 63) of the first component. An
    empty one is a 10-byte scan header with no data (libjpeg warns and moves on, but
    still visits every block): 40,000 of them fit in 400 KB. A ``busy`` one carries end-of-band
    runs of 32,767 blocks (a Huffman table whose one code means "EOB run of 2^14 plus
    14 bits"), so libjpeg checks every coefficient of every block: the costliest scan
    per byte. The result is a valid JPEG either way: it decodes to the flat colour.
    """
    data = _flat_progressive_jpeg(size)
    component = _first_component(data)
    header = b"\xff\xda" + struct.pack(">HB", 8, 1)
    if not busy:
        scan = header + bytes([component, 0x00, 1, 63, 0x10])
        return data[:-2] + scan * extra_scans + data[-2:]
    # AC table 3: one code, "0", for the symbol 0xE0 (an end-of-band run of 2^14 + 14 bits).
    table = bytes([0x13]) + bytes([1] + [0] * 15) + bytes([0xE0])
    dht = b"\xff\xc4" + struct.pack(">H", len(table) + 2) + table
    blocks = -(-size[0] // 8) * -(-size[1] // 8)
    runs = _entropy_bits(("0" + "1" * 14) * -(-blocks // 32767))
    scan = header + bytes([component, 0x03, 1, 63, 0x10]) + runs
    return data[:-2] + dht + scan * extra_scans + data[-2:]


def jpeg_with_segments(count: int) -> bytes:
    """A small JPEG with ``count`` empty comment segments (4 bytes each) after its start."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 80, 40)).save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[:2] + b"\xff\xfe\x00\x02" * count + data[2:]


def png_with_chunks(count: int, size: tuple[int, int] = (64, 48)) -> bytes:
    """A PNG with ``count`` empty private chunks (12 bytes each) before its pixels."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 80, 40)).save(buffer, "PNG")
    data = buffer.getvalue()
    empty = struct.pack(">I", 0) + b"prIv" + struct.pack(">I", zlib.crc32(b"prIv"))
    pixels = data.index(b"IDAT") - 4
    return data[:pixels] + empty * count + data[pixels:]


def png_of_zeros(size: tuple[int, int], bit_depth: int = 16, colour_type: int = 6) -> bytes:
    """A valid PNG whose rows are all zero bytes: a zlib bomb of up to 8 bytes a pixel
    (16-bit RGBA by default) in a file a thousand times smaller."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    width, height = size
    row = b"\x00" * (1 + (width * channels * bit_depth + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
