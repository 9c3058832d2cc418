"""The Python texture metrics give @inpaint/core's numbers on the shared fixture."""
import json
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
FIXTURE = HERE.parent / "packages" / "test-fixtures" / "texture" / "texture-metrics.json"

try:
    import numpy as np
    from texture_metrics import sharpness_ratio, texture_distance
except ImportError as e:  # numpy is part of the training environment, not of CI's base image
    np = None
    REASON = f"numpy is not installed ({e})"


class TextureMetricsTest(unittest.TestCase):
    def setUp(self):
        if np is None:
            self.skipTest(REASON)
        self.f = json.loads(FIXTURE.read_text())
        shape = (self.f["height"], self.f["width"], self.f["channels"])
        self.photo = np.array(self.f["photo"], dtype=np.uint8).reshape(shape)
        self.hole = np.array(self.f["mask"], dtype=np.uint8).reshape(shape[:2])

    def test_same_numbers_as_core(self):
        shape = self.photo.shape
        for case in self.f["cases"]:
            fill = np.array(case["fill"], dtype=np.uint8).reshape(shape)
            with self.subTest(case=case["name"]):
                self.assertAlmostEqual(sharpness_ratio(fill, self.photo, self.hole), case["sharpnessRatio"], places=9)
                self.assertAlmostEqual(texture_distance(fill, self.photo, self.hole), case["textureDistance"], places=9)

    def test_identity_blur_and_noise(self):
        self.assertEqual(texture_distance(self.photo, self.photo, self.hole), 0.0)
        self.assertEqual(sharpness_ratio(self.photo, self.photo, self.hole), 1.0)
        by = {c["name"]: c for c in self.f["cases"]}
        self.assertLess(by["blurred"]["sharpnessRatio"], 0.7)
        self.assertGreater(by["noisy"]["sharpnessRatio"], 1.3)


if __name__ == "__main__":
    unittest.main()
