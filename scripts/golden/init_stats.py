#!/usr/bin/python3
"""Golden data for the untrained ("architecture only") models: what the
PyTorch reference's DetectionModel holds right after construction, for the
seed's detection and segmentation configs and the LDConv YOLOv5n config at
scales n, s, m, l, x.

    /usr/bin/python3 scripts/golden/init_stats.py [--shared ../shared] [--out test/fixtures/init]

Writes (the tests never read ../shared):
- counts.json: per config and scale, the parameter count, the state dict's
  tensor count (num_batches_tracked left out) and the sha256 of its
  "name shape" lines (shape as d1xd2..., sorted by name), so that a test can
  check every name and shape without a 168 MB fixture;
- shapes_det_l.json: those lines in full for the seed's model (scale l), so a
  mismatch can be located;
- stats.json: mean, std, min, max (float64) of a few tensors of the seed's
  model at scale l built with torch.manual_seed(0): the largest 3x3 and 1x1
  conv weights, an AKConv column conv and its p_conv, BatchNorm tensors, and
  the Detect head's weight and bias (after _initialize_biases).
"""
import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

os.environ.setdefault('OMP_NUM_THREADS', '1')
import torch  # noqa: E402

CONFIGS = {'seed-det': 'yolov5_C3_AKConv.yaml', 'seed-seg': 'yolov5_C3_AKConv-seg.yaml', 'ldconv': 'ldconv_yolov5n.yaml'}
SCALES = ['n', 's', 'm', 'l', 'x']
STATS = [
    'model.7.conv.weight',            # Conv 512 -> 1024, 3x3, stride 2 (fan_in 4608)
    'model.9.cv2.conv.weight',        # SPPF cv2 2048 -> 1024, 1x1
    'model.8.m.0.cv2.conv.0.weight',  # AKConv column conv (512, 512, 3, 1)
    'model.8.m.0.cv2.p_conv.weight',  # zero-initialised by the seed's AKConv
    'model.8.m.0.cv2.p_conv.bias',
    'model.8.m.0.cv2.conv.1.weight',
    'model.8.m.0.cv2.conv.1.bias',
    'model.8.m.0.cv2.conv.1.running_mean',
    'model.8.m.0.cv2.conv.1.running_var',
    'model.24.m.0.weight',
    'model.24.m.0.bias',
    'model.24.m.2.bias',
    'model.24.anchors',
]


def shape_lines(sd):
    return sorted(f'{k} {"x".join(map(str, v.shape))}' for k, v in sd.items() if not k.endswith('num_batches_tracked'))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=str(Path(__file__).resolve().parents[2] / '..' / 'shared'))
    ap.add_argument('--out', default=str(Path(__file__).resolve().parents[2] / 'test' / 'fixtures' / 'init'))
    a = ap.parse_args()
    ref = Path(a.shared).resolve() / 'reference'
    sys.path.insert(0, str(ref))
    sys.dont_write_bytecode = True
    torch.set_num_threads(1)
    from refcli import load_cfg  # noqa: E402
    from models.yolo import DetectionModel  # noqa: E402
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for cid, file in CONFIGS.items():
        for s in SCALES:
            torch.manual_seed(0)
            model = DetectionModel(load_cfg(ref / 'models' / file, s), verbose=False)
            sd = model.state_dict()
            lines = shape_lines(sd)
            counts[f'{cid}-{s}'] = {
                'parameters': sum(p.numel() for p in model.parameters()),
                'tensors': len(lines),
                'sha256': hashlib.sha256('\n'.join(lines).encode()).hexdigest(),
            }
            print(cid, s, counts[f'{cid}-{s}']['parameters'], flush=True)
            if cid == 'seed-det' and s == 'l':
                (out / 'shapes_det_l.json').write_text(json.dumps(lines, indent=0) + '\n')
                stats = {}
                for name in STATS:
                    t = sd[name].double()
                    stats[name] = {'shape': list(t.shape), 'mean': t.mean().item(), 'std': t.std().item() if t.numel() > 1 else 0.0,
                                   'min': t.min().item(), 'max': t.max().item()}
                (out / 'stats.json').write_text(json.dumps(stats, indent=1) + '\n')
            del model, sd
    (out / 'counts.json').write_text(json.dumps(counts, indent=1) + '\n')


if __name__ == '__main__':
    main()
