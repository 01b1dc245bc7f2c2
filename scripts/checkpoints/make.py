#!/usr/bin/python3
"""Writes the checkpoint-reader fixtures in test/fixtures/checkpoints/.

    /usr/bin/python3 scripts/checkpoints/make.py [SHARED] [--out DIR]

SHARED is the shared folder (default: ../shared beside the repository); only
its reference/ package is used (models.yolo / models.common, so that the
pickles name `models.yolo.DetectionModel`, `models.common.C3_AKConv`, ... as
real YOLOv5 checkpoints do). Needs Debian's python3-torch, numpy and yaml.
Deterministic: two runs give byte-identical files (one torch thread, fixed
seeds, fixed zip timestamps). See test/fixtures/checkpoints/README.md.
"""
import argparse
import copyreg
import io
import json
import pickle
import random
import sys
import types
import zipfile
from collections import OrderedDict
from copy import deepcopy
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import yaml

REPO = Path(__file__).resolve().parents[2]
CONFIGS = REPO / 'test' / 'fixtures' / 'configs'
DATE = '2026-11-28T00:00:00'
WIDTH = 0.03125  # 1024 channels -> 32: the smallest YOLOv5 that keeps every layer
NAMES3 = ['cat', 'dog', 'bird']

MINIMAL_YAML = """\
# A minimal YOLOv5 architecture for reader tests: three strided convs to P3/8,
# one C3, two more strided convs to P4/16 and P5/32, and a Detect head.
nc: 3
depth_multiple: 1.0
width_multiple: 1.0
anchors:
  - [10,13, 16,30, 33,23]
  - [30,61, 62,45, 59,119]
  - [116,90, 156,198, 373,326]
backbone:
  [[-1, 1, Conv, [8, 3, 2]],   # 0-P1/2
   [-1, 1, Conv, [8, 3, 2]],   # 1-P2/4
   [-1, 1, Conv, [8, 3, 2]],   # 2-P3/8
   [-1, 1, C3, [8]],           # 3
   [-1, 1, Conv, [16, 3, 2]],  # 4-P4/16
   [-1, 1, Conv, [16, 3, 2]],  # 5-P5/32
  ]
head:
  [[[3, 4, 5], 1, Detect, [nc, anchors]]]
"""


def fixed_zip(path, files):
    """A zip of stored entries with fixed timestamps (like torch's own writer)."""
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_STORED) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            z.writestr(info, data)


def randomize(model, seed):
    """Non-trivial values everywhere: BatchNorm statistics and AKConv offsets too."""
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.weight.data = torch.rand(m.weight.shape, generator=g) + 0.5
            m.bias.data = torch.randn(m.bias.shape, generator=g) * 0.1
            m.running_mean = torch.randn(m.running_mean.shape, generator=g) * 0.1
            m.running_var = torch.rand(m.running_var.shape, generator=g) + 0.5
            m.num_batches_tracked.fill_(7)
        if type(m).__name__ == 'AKConv':
            m.p_conv.weight.data = torch.randn(m.p_conv.weight.shape, generator=g) * 0.02
            m.p_conv.bias.data = torch.randn(m.p_conv.bias.shape, generator=g) * 0.2
    return model


def yolov5_ckpt(model, ema=None):
    """The dict YOLOv5's train.py saves (v6.x), weights in float16."""
    return {'epoch': -1, 'best_fitness': np.array([0.25]), 'model': deepcopy(model).half() if model is not None else None,
            'ema': deepcopy(ema).half() if ema is not None else None, 'updates': None, 'optimizer': None,
            'opt': {'hyp': {'lr0': 0.01, 'fliplr': 0.5}, 'rect': False, 'imgsz': 640, 'cache': None},
            'wandb_id': None, 'date': DATE}


def float_state(model, dtype=None):
    sd = model.state_dict()
    return OrderedDict((k, (v if dtype is None else v.to(dtype)).detach().clone())
                       for k, v in sd.items() if v.dtype.is_floating_point)


def write_expected(ref, path, model, dtype, indexing='xy'):
    """torch's own state dict (floating tensors) + refcli's metadata, as safetensors."""
    ref.save_safetensors(path, float_state(model, dtype), ref.model_metadata(model, indexing))


def make_models(ref, out):
    from models.yolo import DetectionModel, SegmentationModel
    made = []

    # yolov5n architecture at width 1/32: the official v6.0 config, saved as train.py does.
    cfg = yaml.safe_load((CONFIGS / 'yolov5n.yaml').read_text())
    cfg.update(nc=3, depth_multiple=0.33, width_multiple=WIDTH)
    torch.manual_seed(1)
    det = randomize(DetectionModel(cfg, verbose=False), 11)
    det.names = list(NAMES3)
    torch.save(yolov5_ckpt(det), out / 'yolov5n_tiny.pt')
    write_expected(ref, out / 'yolov5n_tiny.expected.safetensors', det.half(), torch.float16)
    made += ['yolov5n_tiny.pt', 'yolov5n_tiny.expected.safetensors']

    # The minimal architecture: its state dict alone (float32, with num_batches_tracked).
    (out / 'minimal.yaml').write_text(MINIMAL_YAML)
    torch.manual_seed(2)
    minimal = randomize(DetectionModel(yaml.safe_load(MINIMAL_YAML), verbose=False), 12)
    torch.save(minimal.float().state_dict(), out / 'minimal.state_dict.pt')
    write_expected(ref, out / 'minimal.expected.safetensors', minimal, torch.float32)
    made += ['minimal.yaml', 'minimal.state_dict.pt', 'minimal.expected.safetensors']

    # C3_AKConv at width 1/32 as the EMA; 'model' holds another (the minimal) model, so a
    # reader that ignores 'ema' is caught. AKConv's indexing set on the instances: 'ij'.
    cfg = yaml.safe_load((CONFIGS / 'yolov5_C3_AKConv.yaml').read_text())
    cfg.update(nc=3, depth_multiple=0.33, width_multiple=WIDTH)
    torch.manual_seed(3)
    c3ak = randomize(DetectionModel(cfg, verbose=False), 13)
    c3ak.names = {i: n for i, n in enumerate(['a', 'b', 'c'])}
    c3ak.set_indexing('ij')
    torch.save(yolov5_ckpt(minimal, ema=c3ak), out / 'c3akconv_tiny.pt')
    write_expected(ref, out / 'c3akconv_tiny.expected.safetensors', c3ak.half(), torch.float16, 'ij')
    made += ['c3akconv_tiny.pt', 'c3akconv_tiny.expected.safetensors']

    # The seed's segmentation config at width 1/32 (Segment head, Proto).
    cfg = yaml.safe_load((CONFIGS / 'yolov5_C3_AKConv-seg.yaml').read_text())
    cfg.update(nc=3, depth_multiple=0.33, width_multiple=WIDTH)
    torch.manual_seed(4)
    seg = randomize(SegmentationModel(cfg, verbose=False), 14)
    seg.names = list(NAMES3)
    torch.save(yolov5_ckpt(seg), out / 'seg_tiny.pt')
    write_expected(ref, out / 'seg_tiny.expected.safetensors', seg.half(), torch.float16)
    made += ['seg_tiny.pt', 'seg_tiny.expected.safetensors']
    return made, minimal


def make_views(ref, out):
    """Strided views (transposes, slices, offsets, expand, permute) and every dtype."""
    a = torch.arange(24, dtype=torch.float32).reshape(4, 6) * 0.5 - 3
    p = torch.arange(60, dtype=torch.float32).reshape(3, 4, 5) / 7
    v = torch.arange(10, dtype=torch.float32) * 1.25
    views = OrderedDict([
        ('base', a),
        ('transposed', a.t()),
        ('col_slice', a[:, 1::2]),
        ('row_offset', a[2:]),
        ('corner', a[1:3, 2:5]),
        ('offset_only', v[3:7]),
        ('expanded', torch.tensor([1.5, -2.0, 3.25]).expand(2, 3)),
        ('permuted', p.permute(2, 0, 1)),
        ('half_t', a.half().t()),
        ('bf16_slice', a.bfloat16()[:, :2]),
        ('double_strided', a.double()[1:3, ::3]),
        ('long', torch.arange(-3, 5, dtype=torch.long)),
        ('big_long', torch.tensor([2 ** 40, -2 ** 33], dtype=torch.long)),
        ('int32', torch.tensor([[1, -2], [3, 4]], dtype=torch.int32).t()),
        ('int16', torch.tensor([-300, 300], dtype=torch.int16)),
        ('int8', torch.tensor([-128, 127], dtype=torch.int8)),
        ('uint8', torch.tensor([0, 255], dtype=torch.uint8)),
        ('bool', torch.tensor([True, False, True])),
        ('scalar', torch.tensor(7.5)),
        ('empty', torch.zeros(0, 3)),
        ('param', nn.Parameter(torch.full((2, 2), 0.75))),
    ])
    torch.save(views, out / 'views.pt')
    torch.save(views, out / 'views.p4.pt', pickle_protocol=4)
    ref.save_safetensors(out / 'views.expected.safetensors',
                         OrderedDict((k, t.detach().contiguous().float()) for k, t in views.items()))
    return ['views.pt', 'views.p4.pt', 'views.expected.safetensors']


class Point:
    """A plain class (NEWOBJ + BUILD)."""

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __getnewargs__(self):
        return (self.x,)


class Keyed:
    """A class whose __new__ takes keyword arguments (NEWOBJ_EX in protocol 4+)."""

    def __new__(cls, *args, **kwargs):
        return super().__new__(cls)

    def __init__(self, a, *, k):
        self.a, self.k = a, k

    def __getnewargs_ex__(self):
        return ((self.a,), {'k': self.k})


def encode_json(v):
    """The tagged JSON the reader test rebuilds from our pickle values."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if abs(v) <= 2 ** 53 - 1 else {'__int__': str(v)}
    if isinstance(v, float):
        return v
    if isinstance(v, (bytes, bytearray)):
        return {'__bytes__': bytes(v).hex()}
    if isinstance(v, (list, tuple)):
        return [encode_json(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return {'__set__': [encode_json(x) for x in v]}
    if isinstance(v, dict):
        return {'__dict__': [[encode_json(k), encode_json(x)] for k, x in v.items()]}
    if isinstance(v, (Point, Keyed)):
        return {'__class__': f'fixture_things.{type(v).__name__}', 'state': encode_json(vars(v))}
    raise TypeError(type(v))


def make_pickles(out):
    mod = types.ModuleType('fixture_things')
    for cls in (Point, Keyed):
        cls.__module__ = 'fixture_things'
        setattr(mod, cls.__name__, cls)
    sys.modules['fixture_things'] = mod
    shared = [1, 'two']
    value = {
        'ints': [0, 1, -1, 255, 256, 65535, 65536, -2 ** 31, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1, 2 ** 53, -2 ** 63, 2 ** 64 + 1, 10 ** 30],
        'floats': [0.0, -0.5, 1e-300, 3.141592653589793, -2.5e10],
        'strings': ['', 'abc', 'ünïcödé ✓ 中文', 'x' * 300],
        'bytes': [b'', b'\x00\xff', bytes(range(256))],
        'bytearray': bytearray(b'abc'),
        'tuples': (1, (2, 3), (), (4,), (5, 6, 7), (8, 9, 10, 11)),
        'consts': [None, True, False],
        'set': {1, 2, 3},
        'frozenset': frozenset({'a'}),
        'ordered': OrderedDict([('b', 1), ('a', 2)]),
        'int_keys': {0: 'zero', 1: 'one', 10: 'ten'},
        'shared': [shared, shared],
        'point': Point(1, [2, 3]),
        'nested': {'deep': [[[{'x': 1}]]]},
    }
    made = []
    for proto in (2, 4, 5):
        v = dict(value)
        if proto >= 4:
            v['keyed'] = Keyed(5, k='kw')
        (out / f'values.p{proto}.pkl').write_bytes(pickle.dumps(v, protocol=proto))
        (out / f'values.p{proto}.json').write_text(json.dumps(encode_json(v), ensure_ascii=False) + '\n')
        made += [f'values.p{proto}.pkl', f'values.p{proto}.json']
    del sys.modules['fixture_things']
    return made


def fake_ultralytics():
    """Classes named like Ultralytics YOLOv8's (ultralytics.nn.tasks.DetectionModel, ...)."""
    names = ['ultralytics', 'ultralytics.nn', 'ultralytics.nn.tasks', 'ultralytics.nn.modules',
             'ultralytics.nn.modules.conv', 'ultralytics.nn.modules.block', 'ultralytics.nn.modules.head']
    mods = {n: types.ModuleType(n) for n in names}
    sys.modules.update(mods)

    def define(module, name, init):
        cls = type(name, (nn.Module,), {'__init__': init, '__module__': module, '__qualname__': name})
        setattr(mods[module], name, cls)
        return cls

    def conv_init(self, c1, c2, k=1, s=1):
        nn.Module.__init__(self)
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c2)
        self.act = nn.SiLU()

    Conv = define('ultralytics.nn.modules.conv', 'Conv', conv_init)

    def c2f_init(self, c1, c2):
        nn.Module.__init__(self)
        self.cv1 = Conv(c1, c2, 1)
        self.cv2 = Conv(c2, c2, 1)
        self.m = nn.ModuleList()

    C2f = define('ultralytics.nn.modules.block', 'C2f', c2f_init)

    def detect_init(self, nc, ch):
        nn.Module.__init__(self)
        self.nc, self.nl, self.reg_max = nc, len(ch), 16
        self.cv2 = nn.ModuleList(nn.Conv2d(c, 4 * 16, 1) for c in ch)
        self.cv3 = nn.ModuleList(nn.Conv2d(c, nc, 1) for c in ch)
        self.register_buffer('stride', torch.tensor([8.0, 16.0, 32.0]))

    Detect = define('ultralytics.nn.modules.head', 'Detect', detect_init)

    def model_init(self):
        nn.Module.__init__(self)
        self.model = nn.Sequential(Conv(3, 4, 3, 2), C2f(4, 4), Detect(2, [4, 4, 4]))
        self.yaml = {'nc': 2, 'scales': {'n': [0.33, 0.25, 1024]},
                     'backbone': [[-1, 1, 'Conv', [64, 3, 2]], [-1, 3, 'C2f', [128, True]]],
                     'head': [[[1, 1, 1], 1, 'Detect', ['nc']]], 'ch': 3}
        self.names = {0: 'a', 1: 'b'}
        self.stride = torch.tensor([8.0, 16.0, 32.0])

    DetectionModel = define('ultralytics.nn.tasks', 'DetectionModel', model_init)
    torch.manual_seed(5)
    model = DetectionModel()
    ckpt = {'date': DATE, 'version': '8.3.0', 'license': 'AGPL-3.0 License', 'docs': 'https://docs.ultralytics.com',
            'epoch': -1, 'best_fitness': None, 'model': deepcopy(model).half(), 'ema': None, 'updates': None,
            'optimizer': None, 'train_args': {'model': 'yolov8n.yaml', 'epochs': 1}, 'train_metrics': {}, 'train_results': None}
    buf = io.BytesIO()
    torch.save(ckpt, buf)
    for n in names:
        del sys.modules[n]
    return buf.getvalue()


def make_bad(ref, out, minimal):
    from models.yolo import DetectionModel
    bad = out / 'bad'
    bad.mkdir(exist_ok=True)
    made = []
    rng = random.Random(1234)
    data = bytes([0x00, 0x13]) + bytes(rng.randrange(256) for _ in range(254))
    (bad / 'random.bin').write_bytes(data)
    (bad / 'notes.txt').write_text('# not a checkpoint: a YOLOv5 config someone dropped by mistake\nnc: 80\ndepth_multiple: 0.33\n')
    (bad / 'empty.pt').write_bytes(b'')
    made += ['random.bin', 'notes.txt', 'empty.pt']

    # A zip laid out like a checkpoint, but without data.pkl.
    fixed_zip(bad / 'no_data_pkl.pt', [('archive/version', b'3\n'), ('archive/data/0', bytes(16))])
    made.append('no_data_pkl.pt')

    # A pickle using EXT1 (the copyreg extension registry), which the reader does not support.
    copyreg.add_extension('collections', 'OrderedDict', 240)
    try:
        pkl = pickle.dumps({'model': OrderedDict()}, protocol=2)
    finally:
        copyreg.remove_extension('collections', 'OrderedDict', 240)
    assert b'\x82\xf0' in pkl
    fixed_zip(bad / 'unsupported_opcode.pt', [('archive/data.pkl', pkl), ('archive/version', b'3\n')])
    made.append('unsupported_opcode.pt')

    # A quantized tensor: torch pickles it with torch._utils._rebuild_qtensor.
    q = torch.quantize_per_tensor(torch.linspace(0, 1, 4).reshape(2, 2), 0.1, 10, torch.quint8)
    torch.save({'model': OrderedDict([('model.0.conv.weight', q)])}, bad / 'unknown_rebuild.pt')
    made.append('unknown_rebuild.pt')

    # A YOLOv5 checkpoint whose yaml names a module YOLOv5 does not have (C2f).
    torch.manual_seed(6)
    c2f = DetectionModel(yaml.safe_load(MINIMAL_YAML), verbose=False)
    c2f.yaml['backbone'][3][2] = 'C2f'
    torch.save(yolov5_ckpt(c2f), bad / 'unsupported_module.pt')
    made.append('unsupported_module.pt')

    (bad / 'yolov8.pt').write_bytes(fake_ultralytics())
    made.append('yolov8.pt')

    # Weights only (the state dict under 'model', float16), no config.
    torch.save({'epoch': 3, 'model': OrderedDict((k, v.half() if v.is_floating_point() else v)
                                                 for k, v in minimal.state_dict().items())}, bad / 'weights_only.pt')
    ref.save_safetensors(bad / 'weights_only.safetensors', float_state(minimal, torch.float16))
    made += ['weights_only.pt', 'weights_only.safetensors']

    torch.save({'epoch': 3, 'best_fitness': 0.5, 'optimizer': None}, bad / 'no_model.pt')
    made.append('no_model.pt')

    # The pre-1.6 format (no zip). No tensors: their storage keys are object ids, which change from run to run.
    torch.save({'epoch': 3, 'model': None}, bad / 'legacy.pt', _use_new_zipfile_serialization=False)
    made.append('legacy.pt')

    scripted = torch.jit.trace(nn.Conv2d(1, 1, 1).eval(), torch.zeros(1, 1, 2, 2))
    buf = io.BytesIO()
    torch.jit.save(scripted, buf)
    zin = zipfile.ZipFile(io.BytesIO(buf.getvalue()))  # rewritten with fixed timestamps and order, for determinism
    fixed_zip(bad / 'torchscript.pt', [(n, zin.read(n)) for n in sorted(zin.namelist())])
    made.append('torchscript.pt')
    return ['bad/' + m for m in made]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('shared', nargs='?', default=str(REPO.parent / 'shared'))
    ap.add_argument('--out', default=str(REPO / 'test' / 'fixtures' / 'checkpoints'))
    a = ap.parse_args()
    ref_dir = Path(a.shared).resolve() / 'reference'
    if not (ref_dir / 'refcli.py').is_file():
        sys.exit(f'make.py: {a.shared} does not look like the shared folder (needs reference/refcli.py)')
    sys.path.insert(0, str(ref_dir))
    import refcli as ref  # noqa: E402  (also puts the reference's models/ package on the path)

    torch.set_num_threads(1)
    torch.set_grad_enabled(False)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    made, minimal = make_models(ref, out)
    made += make_views(ref, out)
    made += make_pickles(out)
    made += make_bad(ref, out, minimal)
    total = 0
    for m in made:
        size = (out / m).stat().st_size
        total += size
        print(f'{size:>9,}  {m}')
    print(f'{total:>9,}  total ({len(made)} files) in {out}')


if __name__ == '__main__':
    main()
