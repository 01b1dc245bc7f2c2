"""Tests for training/export_onnx.py: the ONNX export of the shipped models matches PyTorch when run by
onnxruntime-web (scripts/bench/check-onnx.ts through node_modules/.bin/tsx; skipped without
node_modules), and the check fails on the wrong weights.
"""
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRAINING = HERE.parent
REPO = TRAINING.parent
TSX = REPO / 'node_modules' / '.bin' / 'tsx'
CHECK = REPO / 'scripts' / 'bench' / 'check-onnx.ts'
sys.path.insert(0, str(TRAINING))

from export_onnx import export_model, onnx_path, parse_size  # noqa: E402

SIZE = (64, 96)


def check(ref_json):
    return subprocess.run([str(TSX), str(CHECK), str(ref_json)], cwd=REPO, capture_output=True, text=True,
                          timeout=300)


class TestParseSize(unittest.TestCase):
    def test_sizes(self):
        self.assertEqual(parse_size('640'), (640, 640))
        self.assertEqual(parse_size('256x320'), (256, 320))
        for bad in ('100', '320x', 'axb', '0'):
            with self.assertRaises(ValueError):
                parse_size(bad)


@unittest.skipUnless(TSX.exists(), 'needs node_modules (npm ci) for onnxruntime-web')
class TestExportMatchesPyTorch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = Path(cls.tmp.name)
        for name in ('yolov5n-c3akconv-ij', 'yolov5n-c3akconv-xy'):
            export_model(name, [], cls.out, reference=SIZE)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def ref(self, name):
        return onnx_path(self.out, name, SIZE).with_suffix('.ref.json')

    def test_onnxruntime_matches_pytorch(self):
        for name in ('yolov5n-c3akconv-ij', 'yolov5n-c3akconv-xy'):
            r = check(self.ref(name))
            print(r.stdout.strip())
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn('OK', r.stdout)

    def test_other_weights_fail_the_check(self):
        # The ij reference against the xy export: same architecture, other sampling convention.
        meta = json.loads(self.ref('yolov5n-c3akconv-ij').read_text())
        meta['onnx'] = onnx_path(self.out, 'yolov5n-c3akconv-xy', SIZE).name
        swapped = self.out / 'swapped.ref.json'
        swapped.write_text(json.dumps(meta))
        r = check(swapped)
        print(r.stdout.strip())
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn('FAILED', r.stdout)

    def test_up_to_date_files_are_not_rewritten(self):
        self.assertEqual(export_model('yolov5n-c3akconv-ij', [], self.out, reference=SIZE), [])


if __name__ == '__main__':
    unittest.main()
