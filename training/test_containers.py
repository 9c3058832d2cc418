"""Tests of containers.py on archives and streams built here byte by byte (standard library only).

  python3 -m unittest discover -s training -p 'test_*.py'
"""
from __future__ import annotations

import bz2
import struct
import sys
import unittest
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from containers import ContainerError, carve_jpeg, decode_face_dat, jpeg_offset, read_rcc  # noqa: E402


def qt_hash(name: str) -> int:
    h = 0
    for ch in name:
        h = ((h << 4) + ord(ch)) & 0xFFFFFFFF
        h ^= (h & 0xF0000000) >> 23
        h &= 0x0FFFFFFF
    return h


def build_rcc(files: dict[str, tuple[bytes, bool]], version: int = 2) -> bytes:
    """A Qt resource archive holding `files` (path → (bytes, zlib-compressed?))."""
    tree: dict = {}
    for path, content in files.items():
        parts = [p for p in path.split("/") if p]
        d = tree
        for p in parts[:-1]:
            d = d.setdefault(p, {})
        d[parts[-1]] = content
    names = bytearray()
    name_at: dict[str, int] = {}
    data = bytearray()
    nodes: list[bytes] = []
    extra = b"\0" * 8 if version >= 2 else b""

    def name_offset(n: str) -> int:
        if n not in name_at:
            name_at[n] = len(names)
            names.extend(struct.pack(">HI", len(n), qt_hash(n)) + n.encode("utf-16-be"))
        return name_at[n]

    # breadth-first, children of a directory contiguous and sorted by hash (as rcc writes them)
    queue = [("", "", tree)]
    nodes.append(b"")  # the root, filled in below
    slots = {"": 0}
    while queue:
        key, name, d = queue.pop(0)
        children = sorted(d.items(), key=lambda kv: qt_hash(kv[0]))
        first = len(nodes)
        nodes[slots[key]] = struct.pack(">IHII", name_offset(name) if name else 0, 0x02, len(children), first) + extra
        for child, value in children:
            child_key = f"{key}/{child}"
            slots[child_key] = len(nodes)
            if isinstance(value, dict):
                nodes.append(b"")
                queue.append((child_key, child, value))
            else:
                content, compressed = value
                payload = struct.pack(">I", len(content)) + zlib.compress(content) if compressed else content
                nodes.append(struct.pack(">IHHHI", name_offset(child), 0x01 if compressed else 0, 0, 0, len(data))
                             + extra)
                data.extend(struct.pack(">I", len(payload)) + payload)
    header_size = 20 if version < 3 else 24
    tree_blob = b"".join(nodes)
    tree_at = header_size
    data_at = tree_at + len(tree_blob)
    names_at = data_at + len(data)
    header = b"qres" + struct.pack(">IIII", version, tree_at, data_at, names_at)
    if version >= 3:
        header += struct.pack(">I", 0)
    return header + tree_blob + bytes(data) + bytes(names)


class RccTest(unittest.TestCase):
    files = {
        "/gcompris/src/a/images/fish.webp": (b"RIFF-fish-bytes" * 40, True),
        "/gcompris/src/a/images/cat.jpg": (b"\xff\xd8cat\xff\xd9", False),
        "/gcompris/src/b/readme.txt": (b"hello", False),
    }

    def test_reads_every_file_in_every_version(self):
        for version in (1, 2, 3):
            blob = build_rcc(self.files, version)
            for path, (content, _) in self.files.items():
                self.assertEqual(read_rcc(blob, path), content, f"v{version} {path}")

    def test_refuses_wrong_paths_and_archives(self):
        blob = build_rcc(self.files)
        with self.assertRaisesRegex(ContainerError, "no entry 'dog.jpg'"):
            read_rcc(blob, "/gcompris/src/a/images/dog.jpg")
        with self.assertRaisesRegex(ContainerError, "is a directory"):
            read_rcc(blob, "/gcompris/src/a")
        with self.assertRaisesRegex(ContainerError, "looked up under a file"):
            read_rcc(blob, "/gcompris/src/b/readme.txt/x")
        with self.assertRaisesRegex(ContainerError, "magic"):
            read_rcc(b"PK\x03\x04" + blob[4:], "/gcompris/src/b/readme.txt")


def segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


class CarveTest(unittest.TestCase):
    # entropy-coded data with a stuffed FF00, a restart marker and a false FFD9 inside a segment body
    jpeg = (b"\xff\xd8" + segment(0xE0, b"JFIF\0\xff\xd9") + segment(0xDB, bytes(65))
            + segment(0xDA, bytes(10)) + b"\x12\xff\x00\x34\xff\xd0\x56" + b"\xff\xd9")

    def test_carves_exactly_one_stream(self):
        blob = b"eet-junk" * 10 + self.jpeg + b"\xff\xd8more-after\xff\xd9"
        self.assertEqual(carve_jpeg(blob, 80), self.jpeg)

    def test_progressive_streams_with_several_scans(self):
        two_scans = self.jpeg[:-2] + segment(0xDA, bytes(8)) + b"\x01\x02\xff\x00" + b"\xff\xd9"
        self.assertEqual(carve_jpeg(b"xx" + two_scans + b"tail", 2), two_scans)

    def test_refuses_a_wrong_offset_or_a_truncated_stream(self):
        with self.assertRaisesRegex(ContainerError, "start-of-image"):
            carve_jpeg(b"ab" + self.jpeg, 1)
        with self.assertRaisesRegex(ContainerError, "end-of-image"):
            carve_jpeg(self.jpeg[:-2], 0)

    def test_offset_from_notes(self):
        notes = "src=/x/Bamboo.edj; JPEG stream carved from Edje/Eet container /x/Bamboo.edj at byte offset 5988384 (largest)"
        self.assertEqual(jpeg_offset(notes), 5988384)
        self.assertIsNone(jpeg_offset("src=/x/a.jpg; wallpaper"))


class FaceTest(unittest.TestCase):
    def test_refuses_a_wrong_size(self):
        with self.assertRaisesRegex(ContainerError, "expected 2359296"):
            decode_face_dat(bz2.compress(bytes(100)))


if __name__ == "__main__":
    unittest.main()
