"""Photos that live inside containers rather than in image files of their own.

Three kinds occur among the train rows of photos.tsv:

* Qt resource archives (`.rcc`, gcompris-qt-data): the `src=` path reads
  `archive.rcc:/inner/path`; `read_rcc()` returns the inner file's bytes.
* Edje/Eet containers (`.edj`, enlightenment-data): the notes give the byte offset of
  the embedded JPEG stream; `carve_jpeg()` returns that stream, SOI through EOI.
* scipy's `face.dat`: a bz2-compressed raw 768×1024×3 RGB array; `decode_face_dat()`
  returns it as PNG bytes (lossless).

Only the Python standard library plus OpenCV (for the PNG) are used.
"""
from __future__ import annotations

import bz2
import re
import struct
import zlib

# --- Qt resource archives ---------------------------------------------------------------
# Layout (Qt's rcc format, versions 1-3): a 20- or 24-byte header "qres", version, then the
# offsets of the tree, data and names sections. A tree node is name offset (u32), flags
# (u16), then for a directory child count (u32) and first child index (u32), for a file
# locale (u16 country, u16 language) and data offset (u32); from version 2 on, every node
# is followed by a 64-bit modification time. A name is u16 length, u32 hash, UTF-16BE.
# File data is u32 size plus the bytes; when compressed with zlib (flag 1) the bytes are
# qCompress output: u32 uncompressed size, then a zlib stream.

RCC_COMPRESSED = 0x01
RCC_DIRECTORY = 0x02
RCC_COMPRESSED_ZSTD = 0x04


class ContainerError(Exception):
    """The container is not what its row says it is."""


def _rcc_name(blob: bytes, names: int, offset: int) -> str:
    (length,) = struct.unpack_from(">H", blob, names + offset)
    start = names + offset + 6
    return blob[start:start + 2 * length].decode("utf-16-be")


def read_rcc(blob: bytes, inner: str) -> bytes:
    """The bytes of file `inner` (for example `/gcompris/src/…/fish25.webp`) in an rcc archive."""
    if blob[:4] != b"qres":
        raise ContainerError("not a Qt resource archive (no 'qres' magic)")
    version, tree, data, names = struct.unpack_from(">IIII", blob, 4)
    if version not in (1, 2, 3):
        raise ContainerError(f"unsupported rcc version {version}")
    node_size = 14 if version == 1 else 22

    def node(index: int) -> tuple[int, int, int, int]:
        at = tree + index * node_size
        name_off, flags = struct.unpack_from(">IH", blob, at)
        a, b = struct.unpack_from(">II", blob, at + 6)
        return name_off, flags, a, b

    index = 0  # the root directory
    for part in [p for p in inner.split("/") if p]:
        _, flags, count, first = node(index)
        if not flags & RCC_DIRECTORY:
            raise ContainerError(f"{inner}: '{part}' is looked up under a file")
        for child in range(first, first + count):
            if _rcc_name(blob, names, node(child)[0]) == part:
                index = child
                break
        else:
            raise ContainerError(f"{inner}: no entry '{part}' in the archive")
    _, flags, _, data_off = node(index)
    if flags & RCC_DIRECTORY:
        raise ContainerError(f"{inner} is a directory")
    (size,) = struct.unpack_from(">I", blob, data + data_off)
    payload = blob[data + data_off + 4:data + data_off + 4 + size]
    if flags & RCC_COMPRESSED_ZSTD:
        raise ContainerError(f"{inner} is zstd-compressed; no zstd decoder is available")
    if flags & RCC_COMPRESSED:
        (expected,) = struct.unpack_from(">I", payload, 0)
        out = zlib.decompress(payload[4:])
        if len(out) != expected:
            raise ContainerError(f"{inner}: inflated to {len(out)} bytes, header says {expected}")
        return out
    return payload


# --- JPEG streams inside other files -----------------------------------------------------

_RST = range(0xD0, 0xD8)  # restart markers RST0-7
_STANDALONE = {0x01, *_RST}  # TEM and RST0-7 carry no length


def carve_jpeg(blob: bytes, offset: int) -> bytes:
    """The complete JPEG stream that starts at `offset`, found by walking its markers."""
    if blob[offset:offset + 2] != b"\xff\xd8":
        raise ContainerError(f"no JPEG start-of-image marker at byte {offset}")
    at = offset + 2
    while at < len(blob) - 1:
        if blob[at] != 0xFF:
            raise ContainerError(f"JPEG marker expected at byte {at}")
        marker = blob[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0xD9:
            return blob[offset:at + 2]
        if marker in _STANDALONE:
            at += 2
            continue
        (length,) = struct.unpack_from(">H", blob, at + 2)
        at += 2 + length
        if marker == 0xDA:  # entropy-coded data runs to the next marker that is not a stuffed 0 or RST
            while True:
                at = blob.find(b"\xff", at)
                if at < 0 or at == len(blob) - 1:
                    raise ContainerError(f"JPEG stream from byte {offset} has no end-of-image marker")
                if blob[at + 1] != 0x00 and blob[at + 1] not in _RST:
                    break
                at += 1
    raise ContainerError(f"JPEG stream from byte {offset} has no end-of-image marker")


def jpeg_offset(notes: str) -> int | None:
    """The byte offset a row's notes give for a carved JPEG stream, if any."""
    m = re.search(r"JPEG stream carved from .* at byte offset (\d+)", notes)
    return int(m.group(1)) if m else None


# --- scipy's face.dat ----------------------------------------------------------------------

FACE_SHAPE = (768, 1024, 3)


def decode_face_dat(blob: bytes) -> bytes:
    """scipy.misc.face(): bz2-compressed raw RGB, returned as PNG bytes."""
    raw = bz2.decompress(blob)
    h, w, c = FACE_SHAPE
    if len(raw) != h * w * c:
        raise ContainerError(f"face.dat holds {len(raw)} bytes, expected {h * w * c}")
    import cv2  # only here, so that the rest of this module needs the standard library alone
    import numpy as np

    rgb = np.frombuffer(raw, np.uint8).reshape(FACE_SHAPE)
    ok, buf = cv2.imencode(".png", rgb[:, :, ::-1])
    if not ok:
        raise ContainerError("PNG encoding failed")
    return buf.tobytes()
