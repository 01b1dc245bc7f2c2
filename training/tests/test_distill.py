"""Tests for training/: run with

    /usr/bin/python3 -m unittest discover training/tests

(from the repository root; pytest also works). The reference comparison needs ../shared (skipped
without it); everything else needs only the repository.
"""
import json
import math
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
TRAINING = HERE.parent
REPO = TRAINING.parent
SHARED = REPO.parent / 'shared'
PHOTOS = REPO / 'test' / 'fixtures' / 'coco128' / 'images' / 'val2017'
sys.path.insert(0, str(TRAINING))

from augment import image_files, to_tensor, train_sample  # noqa: E402
from distill import LAYER, build_cache, build_student, distill_step, make_optimizer  # noqa: E402
from safetensors_io import load_safetensors, save_safetensors  # noqa: E402
from yolo import AKConv, DetectionModel, load_cfg, load_model, model_from_state, save_model  # noqa: E402

CFG = REPO / 'test' / 'fixtures' / 'configs' / 'yolov5_C3_AKConv.yaml'
TEACHER_CANDIDATES = [REPO / 'public' / 'models' / 'yolov5n.safetensors',
                      REPO / 'test' / 'fixtures' / 'models' / 'yolov5n.f16.safetensors']


def teacher_path():
    for p in TEACHER_CANDIDATES:
        if p.exists():
            return p
    raise unittest.SkipTest('no teacher weights in the repository')


class TestDistillStep(unittest.TestCase):
    def test_one_step_on_two_images(self):
        torch.manual_seed(0)
        torch.set_num_threads(1)
        teacher, _ = load_model(teacher_path())
        student, rep = build_student(teacher, CFG, 'n', 'ij')
        self.assertEqual(rep['seeded'], [('model.8.m.0.cv2', [(1, 1), (1, 2), (2, 1)])])
        self.assertTrue(all(k.startswith('model.8.') for k in rep['trained']))
        before = {k: v.clone() for k, v in student.state_dict().items()}
        tsd = teacher.state_dict()
        # every layer but 8 is the teacher's
        for k, v in before.items():
            if not k.startswith('model.8.') and k in tsd:
                self.assertTrue(torch.equal(v, tsd[k]), k)
        # seeding: the column conv holds the teacher's taps (1,1), (1,2), (2,1)
        k3 = tsd['model.8.m.0.cv2.conv.weight']
        w = before['model.8.m.0.cv2.conv.0.weight']
        for n, (i, j) in enumerate([(1, 1), (1, 2), (2, 1)]):
            self.assertTrue(torch.equal(w[:, :, n, 0], k3[:, :, i, j]))
        self.assertEqual(float(before['model.8.m.0.cv2.p_conv.weight'].abs().sum()), 0.0)

        # Two real photos (the project's COCO128 val2017 copy, so CI has them too).
        files = image_files(PHOTOS)[:2]
        cache = build_cache(teacher, files, 256, 1, 0.5, seed=0, log=lambda *_: None)
        x7, t8 = cache['x7'].float(), cache['t8'].float()
        self.assertEqual(tuple(x7.shape), (2, 256, 8, 8))
        opt = make_optimizer(student, 1e-3, 0.1)
        loss = distill_step(student, opt, x7, t8)
        self.assertTrue(math.isfinite(loss) and loss > 0, loss)
        after = student.state_dict()
        for k, v in before.items():
            if k.startswith('model.8.') and ('running_' in k or 'num_batches' in k):
                self.assertTrue(torch.equal(v, after[k]), f'{k} (BatchNorm statistics must stay frozen)')
            elif not k.startswith('model.8.'):
                self.assertTrue(torch.equal(v, after[k]), f'{k} changed but is frozen')
        changed = [k for k in before if k.startswith('model.8.') and not torch.equal(before[k], after[k])]
        self.assertIn('model.8.m.0.cv2.conv.0.weight', changed)
        self.assertIn('model.8.m.0.cv2.p_conv.weight', changed)  # gradients reach the offsets

    def test_augmentation_shapes(self):
        files = image_files(PHOTOS)[:4]
        for p in (0.0, 1.0):
            im = train_sample(files, 0, 320, np.random.default_rng(1), mosaic_p=p)
            self.assertEqual(im.shape, (320, 320, 3))
            self.assertEqual(im.dtype, np.uint8)
        self.assertEqual(tuple(to_tensor([im]).shape), (1, 3, 320, 320))


class TestSafetensors(unittest.TestCase):
    def test_round_trip(self):
        g = torch.Generator().manual_seed(0)
        tensors = {'a.weight': torch.randn(3, 4, 5, generator=g), 'b': torch.arange(6, dtype=torch.int64).view(2, 3),
                   'c.half': torch.randn(7, generator=g).half(), 'empty': torch.zeros(0, 3)}
        meta = {'config': json.dumps({'nc': 80}), 'indexing': 'ij', 'bn_eps': '0.001'}
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / 'x.safetensors'
            save_safetensors(p, tensors, meta)
            raw = p.read_bytes()
            n = int.from_bytes(raw[:8], 'little')
            self.assertEqual((8 + n) % 8, 0)
            self.assertEqual(raw[8:9], b'{')
            back, m2 = load_safetensors(p)
            self.assertEqual(m2, meta)
            self.assertEqual(list(back), list(tensors))
            for k, v in tensors.items():
                self.assertEqual(back[k].dtype, v.dtype, k)
                self.assertTrue(torch.equal(back[k], v), k)
            save_safetensors(p, tensors, meta, dtype='F16')
            back, _ = load_safetensors(p)
            self.assertEqual(back['a.weight'].dtype, torch.float16)
            self.assertTrue(torch.equal(back['a.weight'], tensors['a.weight'].half()))
            self.assertEqual(back['b'].dtype, torch.int64)

    def test_model_round_trip(self):
        torch.manual_seed(0)
        cfg = load_cfg(CFG, 'n')
        for indexing in ('ij', 'xy'):
            m = DetectionModel(cfg, indexing=indexing).eval()
            with torch.no_grad():
                m.model[8].m[0].cv2.p_conv.weight.normal_(0, 0.05)
            with tempfile.TemporaryDirectory() as d:
                p = Path(d) / 'm.safetensors'
                save_model(m, p, 'F32', {'provenance': '{}'})
                m2, meta = load_model(p)
                self.assertEqual(meta['indexing'], indexing)
                self.assertEqual(json.loads(meta['stride']), [8.0, 16.0, 32.0])
                self.assertEqual(meta['bn_eps'], '0.001')
                x = torch.rand(1, 3, 64, 96)
                with torch.no_grad():
                    self.assertTrue(torch.equal(m(x), m2(x)))


@unittest.skipUnless((SHARED / 'reference' / 'refcli.py').exists(), 'needs ../shared/reference')
class TestAgainstReference(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        sys.path.insert(0, str(SHARED / 'reference'))
        import refcli  # noqa: F401
        from models.yolo import DetectionModel as RefModel
        cls.refcli, cls.RefModel = refcli, RefModel

    def test_teacher_forward_equals_reference(self):
        ours, _ = load_model(teacher_path())
        ref, _ = self.refcli.load_checkpoint(str(SHARED / 'weights' / 'yolov5n.pt'))
        x = torch.rand(1, 3, 96, 160, generator=torch.Generator().manual_seed(0))
        with torch.no_grad():
            a, b = ours(x), ref(x)[0]
        self.assertLessEqual(float((a - b).abs().max()), 1e-4 * (1 + float(b.abs().max())))

    def test_c3akconv_forward_equals_reference(self):
        """Both conventions, with non-zero offsets, on a non-square map (where xy scrambles)."""
        g = torch.Generator().manual_seed(1)
        for indexing in ('xy', 'ij'):
            ref = self.RefModel(load_cfg(CFG, 'n'), verbose=False).eval().set_indexing(indexing)
            sd = ref.state_dict()
            for k, v in sd.items():
                if 'p_conv' in k:
                    sd[k] = torch.randn(v.shape, generator=g) * 0.1
            ref.load_state_dict(sd)
            ours = model_from_state(ref.yaml, sd, indexing=indexing)
            x = torch.rand(1, 3, 96, 224, generator=g)
            with torch.no_grad():
                a, b = ours(x), ref(x)[0]
                pa = ours.model[8].m[0].cv2.sampling_positions(torch.rand(1, 128, 3, 7, generator=g))
            self.assertLessEqual(float((a - b).abs().max()), 1e-4 * (1 + float(b.abs().max())), indexing)
            akc = ref.model[8].m[0].cv2
            self.assertIsInstance(ours.model[8].m[0].cv2, AKConv)
            # same base positions + p_n as the reference
            xin = torch.rand(1, 128, 3, 7, generator=g)
            with torch.no_grad():
                pr = akc.sampling_positions(xin)
                po = ours.model[8].m[0].cv2.sampling_positions(xin)
            self.assertTrue(torch.allclose(pr, po, atol=1e-6), indexing)
            self.assertEqual(tuple(pa.shape), (1, 3, 7, 6))

    def test_distilled_models_forward_equal_reference(self):
        """The shipped students, loaded by us and by the reference (as a state dict), agree."""
        for indexing in ('ij', 'xy'):
            p = REPO / 'public' / 'models' / f'yolov5n-c3akconv-{indexing}.safetensors'
            if not p.exists():
                continue
            ours, meta = load_model(p)
            self.assertEqual(ours.indexing, indexing)
            ref = self.RefModel(json.loads(meta['config']), verbose=False).eval().set_indexing(indexing)
            tensors, _ = load_safetensors(p)
            ref.load_state_dict({k: v.float() for k, v in tensors.items()}, strict=False)
            x = torch.rand(1, 3, 128, 192, generator=torch.Generator().manual_seed(2))
            with torch.no_grad():
                a, b = ours(x), ref(x)[0]
            self.assertLessEqual(float((a - b).abs().max()), 1e-4 * (1 + float(b.abs().max())), indexing)


if __name__ == '__main__':
    unittest.main()
