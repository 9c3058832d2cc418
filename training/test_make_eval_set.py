"""Tests of the in-repo photo list and of make_eval_set.py (the 512x512 evaluation set).

  python3 -m unittest discover -s training -p 'test_*.py'

The photo-list tests need only the standard library; the image tests need Pillow
(Debian: python3-pil) and are skipped, with the reason, without it.
"""
from __future__ import annotations

import csv
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import fetch_data  # noqa: E402
import make_eval_set  # noqa: E402

try:
    from PIL import Image
    NO_PIL = None
except ImportError:  # pragma: no cover - machines without Debian's python3-pil
    Image = None
    NO_PIL = "Pillow is not installed (apt-get install python3-pil)"

COLUMNS = ["file", "split", "package", "package_version", "license", "width", "height", "notes"]


class PhotoListTest(unittest.TestCase):
    def test_the_list_is_in_the_repository_and_the_scripts_read_it(self):
        tsv = HERE / "data" / "photos.tsv"
        self.assertEqual(fetch_data.DEFAULT_TSV, tsv)
        self.assertEqual(make_eval_set.DEFAULT_TSV, tsv)
        with tsv.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f, delimiter="\t")
            self.assertEqual(reader.fieldnames, COLUMNS)
            rows = list(reader)
        splits = [r["split"] for r in rows]
        self.assertEqual((splits.count("train"), splits.count("eval_dev"), len(rows)), (1398, 20, 1418))
        self.assertEqual(len({r["file"] for r in rows}), len(rows), "file names are unique")
        for r in rows:
            self.assertTrue(int(r["width"]) > 0 and int(r["height"]) > 0, r["file"])
            self.assertTrue(fetch_data.src_path(r), r["file"])
        # a scene shot several times (group=) stays in one split
        groups: dict[str, set[str]] = {}
        for r in rows:
            for part in r["notes"].split(";"):
                if part.strip().startswith("group="):
                    groups.setdefault(part.strip(), set()).add(r["split"])
        self.assertTrue(all(len(s) == 1 for s in groups.values()), groups)

    def test_eval_rows_are_the_twenty_eval_dev_photos(self):
        rows = make_eval_set.eval_rows(make_eval_set.DEFAULT_TSV)
        self.assertEqual(len(rows), 20)
        self.assertTrue(all(r["split"] == "eval_dev" for r in rows))
        self.assertIn("opencv-doc__baboon.png", [make_eval_set.output_name(r["file"]) for r in rows])


class CentreSquareTest(unittest.TestCase):
    def test_the_largest_centred_square_offsets_rounded_down(self):
        self.assertEqual(make_eval_set.centre_square(1280, 960), (160, 0, 1120, 960))
        self.assertEqual(make_eval_set.centre_square(2560, 3837), (0, 638, 2560, 3198))
        self.assertEqual(make_eval_set.centre_square(513, 512), (0, 0, 512, 512))
        self.assertEqual(make_eval_set.centre_square(512, 512), (0, 0, 512, 512))


@unittest.skipIf(NO_PIL, NO_PIL or "")
class MakeEvalSetTest(unittest.TestCase):
    def banded(self, width: int, height: int) -> "Image.Image":
        """Three vertical bands: red on the left third, green in the middle, blue on the right."""
        im = Image.new("RGB", (width, height), (0, 255, 0))
        im.paste((255, 0, 0), (0, 0, width // 3, height))
        im.paste((0, 0, 255), (width - width // 3, 0, width, height))
        return im

    def test_wide_photo_keeps_its_centre_at_512(self):
        out = make_eval_set.square_image(self.banded(2304, 768))  # the square is x 768..1536, the green band: red and blue cut off
        self.assertEqual(out.size, (512, 512))
        self.assertEqual(out.mode, "RGB")
        px = out.load()
        for x in (0, 255, 511):
            self.assertEqual(px[x, 256], (0, 255, 0), f"x={x}")

    def test_writes_one_png_per_row_named_by_stem_and_says_what_is_missing(self):
        with tempfile.TemporaryDirectory() as tmp:
            originals, out = Path(tmp, "orig"), Path(tmp, "out")
            originals.mkdir()
            self.banded(300, 200).save(originals / "pkg__wide.jpg", quality=95)
            Image.new("RGBA", (64, 80), (10, 20, 30, 0)).save(originals / "pkg__tall.png")
            rows = [{"file": "pkg__wide.jpg"}, {"file": "pkg__tall.png"}]
            written = make_eval_set.make_eval_set(rows, originals, out, size=32)
            self.assertEqual([p.name for p in written], ["pkg__wide.png", "pkg__tall.png"])
            self.assertEqual(sorted(p.name for p in out.iterdir()), ["pkg__tall.png", "pkg__wide.png"], "no .part left")
            with Image.open(out / "pkg__tall.png") as im:
                self.assertEqual((im.size, im.mode), ((32, 32), "RGB"))
                self.assertEqual(im.getpixel((16, 16)), (10, 20, 30))
            with self.assertRaises(FileNotFoundError) as caught:
                make_eval_set.make_eval_set(rows + [{"file": "pkg__gone.jpg"}], originals, out)
            self.assertIn("pkg__gone.jpg", str(caught.exception))
            self.assertIn("fetch_data.py --split eval_dev", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
