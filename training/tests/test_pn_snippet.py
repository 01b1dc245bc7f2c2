"""The app's "Copy code" snippets (test/fixtures/pn-snippets, written by
test/ui/grid/pytorch-snippet.test.ts) run against AKConv modules: each makes
the module sample exactly the shape the app drew.

Two modules: this project's training/yolo.py AKConv (p_n() and a cached
p_0 + p_n), and a stand-in with the official code's API (_get_p_n(N, dtype),
_get_p_0, _get_p as in github.com/CV-ZhangXin/LDConv YOLOv5/LDConv.py), so
both branches of use_shape run.
"""
import json
import math
import sys
import unittest
from pathlib import Path

import torch
from torch import nn

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SNIPPETS = REPO / 'test' / 'fixtures' / 'pn-snippets'
sys.path.insert(0, str(HERE.parent))

from yolo import AKConv  # noqa: E402


class LDConv(nn.Module):
    """The official module's geometry only (its forward builds p the same way: _get_p)."""

    def __init__(self, inc, outc, num_param, stride=1):
        super().__init__()
        self.num_param = num_param
        self.stride = stride
        self.p_conv = nn.Conv2d(inc, 2 * num_param, kernel_size=3, padding=1, stride=stride)
        nn.init.constant_(self.p_conv.weight, 0)
        nn.init.constant_(self.p_conv.bias, 0)

    def _get_p_n(self, N, dtype):
        base_int = round(math.sqrt(self.num_param))
        row_number, mod_number = self.num_param // base_int, self.num_param % base_int
        p_n_x, p_n_y = torch.meshgrid(torch.arange(0, row_number), torch.arange(0, base_int), indexing='ij')
        p_n_x, p_n_y = torch.flatten(p_n_x), torch.flatten(p_n_y)
        if mod_number > 0:
            mx, my = torch.meshgrid(torch.arange(row_number, row_number + 1), torch.arange(0, mod_number), indexing='ij')
            p_n_x, p_n_y = torch.cat((p_n_x, mx.flatten())), torch.cat((p_n_y, my.flatten()))
        return torch.cat([p_n_x, p_n_y], 0).view(1, 2 * N, 1, 1).type(dtype)

    def _get_p_0(self, h, w, N, dtype):
        p_0_x, p_0_y = torch.meshgrid(torch.arange(0, h * self.stride, self.stride),
                                      torch.arange(0, w * self.stride, self.stride), indexing='ij')
        p_0_x = torch.flatten(p_0_x).view(1, 1, h, w).repeat(1, N, 1, 1)
        p_0_y = torch.flatten(p_0_y).view(1, 1, h, w).repeat(1, N, 1, 1)
        return torch.cat([p_0_x, p_0_y], 1).type(dtype)

    def _get_p(self, offset, dtype):
        N, h, w = offset.size(1) // 2, offset.size(2), offset.size(3)
        return self._get_p_0(h, w, N, dtype) + self._get_p_n(N, dtype) + offset


def load_snippet(file):
    namespace = {}
    exec(compile((SNIPPETS / file).read_text(), file, 'exec'), namespace)
    return namespace


def expected_positions(rows, cols, h, w, stride=1):
    """(2N, h, w): p_0 + the drawn shape, rows then columns, for the ij base grid."""
    r = torch.arange(h).view(h, 1).expand(h, w) * stride
    c = torch.arange(w).view(1, w).expand(h, w) * stride
    return torch.cat([torch.stack([r + dr for dr in rows]), torch.stack([c + dc for dc in cols])]).float()


class PnSnippetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cases = json.loads((SNIPPETS / 'index.json').read_text())

    def test_there_are_cases(self):
        self.assertGreaterEqual(len(self.cases), 10)

    def test_project_akconv_samples_the_drawn_shape(self):
        torch.manual_seed(0)
        for case in self.cases:
            with self.subTest(case['name']):
                rows, cols = case['rows'], case['cols']
                n = len(rows)
                m = AKConv(3, 4, n, stride=1, indexing='ij')
                other = AKConv(3, 4, n + 1, stride=1, indexing='ij')
                model = nn.Sequential(m, nn.Identity(), other)
                x = torch.randn(1, 3, 5, 6)
                m.sampling_positions(x)  # fills the p_0 + p_n cache that use_shape must drop
                snippet = load_snippet(case['file'])
                self.assertEqual(snippet['use_shape'](model), 1)
                self.assertEqual(m.p_n().tolist(), rows + cols)
                p = m.sampling_positions(x)[0].permute(2, 0, 1)
                self.assertTrue(torch.equal(p, expected_positions(rows, cols, 5, 6)), case['name'])
                self.assertEqual(tuple(m(x).shape), (1, 4, 5, 6))
                # A module of another N keeps its own p_n.
                self.assertEqual(len(other.p_n()), 2 * (n + 1))

    def test_official_api_samples_the_drawn_shape(self):
        for case in self.cases:
            with self.subTest(case['name']):
                rows, cols = case['rows'], case['cols']
                m = LDConv(3, 4, len(rows), stride=2)
                snippet = load_snippet(case['file'])
                self.assertEqual(snippet['use_shape'](nn.Sequential(m)), 1)
                x = torch.randn(1, 3, 8, 10)
                offset = m.p_conv(x)
                p = m._get_p(offset, offset.data.type())[0]
                self.assertTrue(torch.equal(p, expected_positions(rows, cols, 4, 5, stride=2)), case['name'])

    def test_wrong_num_param_is_one_sentence(self):
        snippet = load_snippet(self.cases[0]['file'])
        with self.assertRaisesRegex(ValueError, 'points but the module has num_param'):
            snippet['shape_p_n'](len(self.cases[0]['rows']) + 1, torch.float32)


if __name__ == '__main__':
    unittest.main()
