"""The adversarial losses, DiffAugment and the PatchGAN discriminator, on the CPU."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
try:
    import torch
    from adversarial import PatchGAN, d_loss_hinge, d_loss_r1, diff_augment, g_losses
except ImportError as e:  # PyTorch is part of the training environment, not of CI's base image
    torch = None
    REASON = f"PyTorch is not installed ({e})"


class AdversarialTest(unittest.TestCase):
    def setUp(self):
        if torch is None:
            self.skipTest(REASON)
        torch.manual_seed(0)
        self.real = torch.rand(2, 3, 64, 64)
        self.hole = torch.zeros(2, 1, 64, 64)
        self.hole[:, :, 16:48, 16:48] = 1

    def test_patchgan_shapes_and_spectral_norm(self):
        d = PatchGAN(width=16)
        logits, feats = d(self.real, self.hole)
        self.assertEqual(logits.shape[:2], (2, 1))
        self.assertEqual(len(feats), 4)
        self.assertEqual(tuple(logits.shape[-2:]), (6, 6))  # 64 px: three halvings, then two 4x4 stride-1 layers
        # spectral norm bounds each layer's largest singular value by about 1 after a few power iterations
        for _ in range(5):
            d(self.real, self.hole)
        w = d.body[0].weight.detach().reshape(16, -1)
        self.assertLess(torch.linalg.svdvals(w)[0].item(), 1.1)

    def test_diff_augment_same_draw_for_real_fake_and_mask(self):
        fake = self.real.clone()
        g = torch.Generator().manual_seed(3)
        (a, b), hole = diff_augment([self.real, fake], self.hole, generator=g)
        self.assertTrue(torch.equal(a, b), "real and fake get the same augmentation")
        self.assertFalse(torch.equal(a, self.real), "something changed")
        self.assertEqual(hole.shape, self.hole.shape)
        self.assertTrue(set(hole.unique().tolist()) <= {0.0, 1.0}, "the mask stays binary (geometry only)")
        # translation and cutout move and cut the mask with the image: zeros of the cutout agree
        cut = (a.abs().sum(dim=1, keepdim=True) == 0)
        self.assertTrue(bool((hole[cut] == 0).all()))
        x = self.real.clone().requires_grad_(True)
        (y,), _ = diff_augment([x], self.hole, generator=torch.Generator().manual_seed(1))
        y.sum().backward()
        self.assertIsNotNone(x.grad, "differentiable in the images")
        with self.assertRaises(ValueError):
            diff_augment([x], self.hole, policy="flip")

    def test_r1_loss_penalises_gradients_and_uses_holes_as_fake_targets(self):
        d = PatchGAN(width=16)
        for _ in range(10):  # let the power iteration settle, then hold it: the same weights for every call
            d(self.real, self.hole)
        d.eval()
        fake = torch.rand(2, 3, 64, 64)
        loss0, r1 = d_loss_r1(d, self.real, fake, self.hole, gamma=0.0)
        loss1, r1b = d_loss_r1(d, self.real, fake, self.hole, gamma=10.0)
        self.assertEqual(r1.item(), 0.0)
        self.assertGreater(r1b.item(), 0.0)
        self.assertAlmostEqual(loss1.item() - loss0.item(), 5.0 * r1b.item(), delta=1e-4 * max(1.0, r1b.item()))
        loss1.backward()
        self.assertIsNotNone(d.body[0].weight_orig.grad)
        # with no hole every pixel of the fake is the photo's: the fake term is the real term's
        none = torch.zeros_like(self.hole)
        l_same, _ = d_loss_r1(d, self.real, self.real, none, gamma=0.0)
        logits, _ = d(self.real, none)
        self.assertAlmostEqual(l_same.item(), 2 * torch.nn.functional.softplus(-logits).mean().item(), places=5)

    def test_hinge_and_generator_losses(self):
        d = PatchGAN(width=16)
        fake = torch.rand(2, 3, 64, 64, requires_grad=True)
        self.assertGreaterEqual(d_loss_hinge(d, self.real, fake, self.hole).item(), 0.0)
        adv, fm = g_losses(d, self.real, fake, self.hole, kind="r1")
        (adv + fm).backward()
        self.assertIsNotNone(fake.grad)
        self.assertGreater(fm.item(), 0.0)
        _, fm_same = g_losses(d, self.real, self.real.clone(), self.hole)
        self.assertEqual(fm_same.item(), 0.0, "feature matching is zero for the photo itself")
        adv_h, _ = g_losses(d, self.real, fake.detach(), self.hole, kind="hinge")
        self.assertTrue(torch.isfinite(adv_h))


if __name__ == "__main__":
    unittest.main()
