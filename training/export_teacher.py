#!/usr/bin/python3
"""Writes the teacher, YOLOv5n, as our .safetensors (float16, exact: the checkpoint is float16).

    /usr/bin/python3 training/export_teacher.py [--weights ../shared/weights/yolov5n.pt]
                                                [--out public/models/yolov5n.safetensors]

Reads the official YOLOv5 `.pt` (a zip holding a pickled `models.yolo.Model`) without the YOLOv5
code: every `models.*` class unpickles into a bare nn.Module, which is enough for `state_dict()`,
`.yaml` and `.names`. All 293 floating tensors are kept (also the unused v6.0 `anchor_grid`), under
their PyTorch names, with the metadata our files carry.
"""
import argparse
import contextlib
import hashlib
import json
import sys
import types
from pathlib import Path

import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from safetensors_io import save_safetensors  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OFFICIAL_SHA256 = 'edd2e5cc4e3caa4b508168b51d9dc529da58b37813e0d2c8b49aba06aa3472dc'
LICENSE = 'AGPL-3.0 (Ultralytics YOLOv5n)'
_stubs = {}


def _stub(mod, name):
    key = f'{mod}.{name}'
    if key not in _stubs:
        _stubs[key] = type(name, (nn.Module,), {'__module__': 'yolov5_stub.' + mod, 'forward': None})
    return _stubs[key]


@contextlib.contextmanager
def _stub_modules(prefixes=('models', 'utils')):
    """Puts stand-in `models.*` / `utils.*` modules into sys.modules while a YOLOv5 pickle loads:
    any class they are asked for is a bare nn.Module subclass. (Debian's torch.load ignores a
    custom pickle_module, so this is done through sys.modules; the originals are restored.)"""
    saved = {k: v for k, v in sys.modules.items() if k.split('.')[0] in prefixes}

    class StubModule(types.ModuleType):
        def __getattr__(self, name):
            if name.startswith('__'):
                raise AttributeError(name)
            return _stub(self.__name__, name)

    names = [p + s for p in prefixes for s in ('', '.yolo', '.common', '.experimental', '.general')]
    try:
        for n in names:
            sys.modules[n] = StubModule(n)
        yield
    finally:
        for n in names:
            sys.modules.pop(n, None)
        sys.modules.update(saved)


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def read_yolov5_pt(path):
    """(float state dict in the checkpoint's dtype, yaml dict, names list) of a YOLOv5 .pt."""
    with _stub_modules():
        ckpt = torch.load(path, map_location='cpu')
    model = (ckpt.get('ema') or ckpt['model']) if isinstance(ckpt, dict) else ckpt
    sd = {k: v for k, v in model.state_dict().items() if v.dtype.is_floating_point}
    names = model.names if isinstance(model.names, list) else [model.names[k] for k in sorted(model.names)]
    return sd, dict(model.yaml), list(names)


def teacher_metadata(cfg, names, digest, weights_name):
    return {
        'config': json.dumps(cfg), 'names': json.dumps(names), 'stride': json.dumps([8.0, 16.0, 32.0]),
        'indexing': 'ij', 'bn_eps': '0.001', 'format_version': '1',
        'provenance': json.dumps({
            'model': 'YOLOv5n v6.0, official Ultralytics COCO checkpoint (the teacher)',
            'source': weights_name, 'source_sha256': digest,
            'made_by': 'training/export_teacher.py (state dict as is; float16 is exact, the checkpoint is float16)',
        }),
        'license': LICENSE,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--weights', default=str(REPO.parent / 'shared' / 'weights' / 'yolov5n.pt'))
    ap.add_argument('--out', default=str(REPO / 'public' / 'models' / 'yolov5n.safetensors'))
    a = ap.parse_args()
    digest = sha256(a.weights)
    if digest != OFFICIAL_SHA256:
        print(f'warning: {a.weights} has sha256 {digest}, not the official {OFFICIAL_SHA256}', file=sys.stderr)
    sd, cfg, names = read_yolov5_pt(a.weights)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    save_safetensors(a.out, sd, teacher_metadata(cfg, names, digest, Path(a.weights).name), dtype='F16')
    print(f'{len(sd)} tensors ({sum(v.numel() for v in sd.values())} values) to {a.out} '
          f'({Path(a.out).stat().st_size} bytes)')


if __name__ == '__main__':
    main()
