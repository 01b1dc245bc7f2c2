#!/usr/bin/python3
"""Exports the shipped models to ONNX, the speed anchor's copy of the same weights.

    /usr/bin/python3 training/export_onnx.py [--models yolov5n-c3akconv-ij,yolov5n]
        [--sizes 320x320,640x640,256x320] [--out .cache/onnx] [--reference 96x128]

Writes `<out>/<model>-<H>x<W>.onnx` for every model and input size (opset 13, float32 weights from
public/models/<model>.safetensors, built by training/yolo.py, the PyTorch model that the golden tests
check against the reference). One file per size: AKConv's base positions (p_0 + p_n) are written as a
constant for the traced map size, so an ONNX graph with a dynamic height or width would be wrong.

`--reference HxW` also writes `<out>/<model>-<H>x<W>.onnx` at that (small) size plus
`<model>-<H>x<W>.ref.json` and `.ref.bin`: a seeded random input and PyTorch's output for it, which
`scripts/bench/check-onnx.ts` runs through onnxruntime-web to check the export.

Needs only Debian's python3-torch: torch.onnx.export (the TorchScript exporter) writes the protobuf
itself, without the `onnx` pip package. Files are skipped when newer than the weights and this script.
"""
import argparse
import contextlib
import json
import sys
import warnings
from pathlib import Path

import torch

TRAINING = Path(__file__).resolve().parent
REPO = TRAINING.parent
sys.path.insert(0, str(TRAINING))
from yolo import AKConv, load_model  # noqa: E402

MODELS = ('yolov5n-c3akconv-ij', 'yolov5n-c3akconv-xy', 'yolov5n')
OPSET = 13
INPUT, OUTPUT = 'images', 'output0'


def parse_size(text):
    """'640' or '256x320' -> (height, width)."""
    parts = text.lower().split('x')
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2 or not all(p.isdigit() and int(p) % 32 == 0 and int(p) > 0 for p in parts):
        raise ValueError(f'input size {text!r} is not H, HxW or H with multiples of 32')
    return int(parts[0]), int(parts[1])


def onnx_path(out, model, size):
    return Path(out) / f'{model}-{size[0]}x{size[1]}.onnx'


def up_to_date(target, sources):
    return target.exists() and all(target.stat().st_mtime >= s.stat().st_mtime for s in sources)


def export(model, size, path):
    """Traces `model` at `size` into the ONNX file `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    x = torch.zeros(1, 3, *size)
    with warnings.catch_warnings(), torch.no_grad(), frozen_base_positions(model, x):
        # The tracer warns that shapes become constants: that is the point of one file per size.
        warnings.simplefilter('ignore')
        torch.onnx.export(model, x, str(path), input_names=[INPUT], output_names=[OUTPUT],
                          opset_version=OPSET, do_constant_folding=True)


@contextlib.contextmanager
def frozen_base_positions(model, x):
    """Each AKConv's p_0 + p_n for the map size of `x`, as a constant while tracing.

    Under the tracer the map size is a traced value, so AKConv's cache misses and torch.meshgrid
    gets traced, and the TorchScript exporter of torch 1.13 cannot translate meshgrid's 'xy'
    indexing. The positions depend only on the shape, so a constant is exact."""
    model(x)  # fills every AKConv's cache for this size
    layers = [m for m in model.modules() if isinstance(m, AKConv)]
    for m in layers:
        grid = next(iter(m._grid.values()))
        m.base_positions = lambda h, w, dtype, device, grid=grid: grid
    try:
        yield
    finally:
        for m in layers:
            del m.base_positions


def write_reference(model, size, path, seed=0):
    """A seeded input in [0, 1) and PyTorch's output for it, next to the ONNX file `path`."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(1, 3, *size, generator=g)
    with torch.no_grad():
        y = model(x)
    data = torch.cat([x.flatten(), y.flatten()]).numpy().astype('<f4')
    path.with_suffix('.ref.bin').write_bytes(data.tobytes())
    meta = {'onnx': path.name, 'input': {'name': INPUT, 'shape': list(x.shape)},
            'output': {'name': OUTPUT, 'shape': list(y.shape)}, 'seed': seed,
            'bin': path.with_suffix('.ref.bin').name, 'layout': 'input then output, float32 little-endian'}
    path.with_suffix('.ref.json').write_text(json.dumps(meta, indent=1) + '\n')


def export_model(name, sizes, out, reference=None, force=False):
    weights = REPO / 'public' / 'models' / f'{name}.safetensors'
    if not weights.exists():
        raise FileNotFoundError(f'no weights for model {name!r} at {weights}')
    model, _ = load_model(weights)
    written = []
    for size in sizes + ([reference] if reference else []):
        path = onnx_path(out, name, size)
        if force or not up_to_date(path, [weights, Path(__file__)]):
            export(model, size, path)
            written.append(path)
        if size == reference and (force or not up_to_date(path.with_suffix('.ref.bin'), [path])):
            write_reference(model, size, path)
    return written


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--models', default=','.join(MODELS))
    ap.add_argument('--sizes', default='320x320,640x640,256x320')
    ap.add_argument('--out', default=str(REPO / '.cache' / 'onnx'))
    ap.add_argument('--reference', default=None, help='also an HxW export with a PyTorch input/output pair')
    ap.add_argument('--force', action='store_true', help='export even when the file is up to date')
    args = ap.parse_args(argv)
    sizes = [parse_size(s) for s in args.sizes.split(',') if s]
    reference = parse_size(args.reference) if args.reference else None
    torch.set_num_threads(1)
    for name in [m for m in args.models.split(',') if m]:
        for path in export_model(name, sizes, args.out, reference, args.force):
            print(f'{path} ({path.stat().st_size / 2**20:.1f} MiB)')


if __name__ == '__main__':
    main()
