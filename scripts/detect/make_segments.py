#!/usr/bin/python3
"""Golden data for src/detect/contours.ts and src/detect/mask-segments.ts:
what segment/predict.py (YOLOv5 v7.0) does with --save-txt to a
segmentation model's masks. cv2.findContours(RETR_EXTERNAL,
CHAIN_APPROX_SIMPLE) on masks built to hit the scanner's corners, YOLOv5's
own masks2segments (utils/segment/general.py, 'largest') and scale_segments
(utils/general.py, normalize=True), and the label lines predict.py writes
from them. Opt-in: it needs a YOLOv5 source tree (not shipped), as
scripts/detect/make_mask_overlay.py does.

    git clone https://github.com/ultralytics/yolov5 && git -C yolov5 checkout v7.0
    apt-get install -y python3-torch python3-opencv python3-pandas python3-matplotlib python3-seaborn
    /usr/bin/python3 scripts/detect/make_segments.py path/to/yolov5

Writes test/fixtures/detect/segments.json. Masks are stored run-length
coded (row-major, alternating runs of 0 and 1, starting with 0s); points
as flat [x0, y0, x1, y1, ...] lists.
"""
import json
import sys
from pathlib import Path

import cv2
import numpy as np
import torch
from mask_runs import row_runs
from yolov5_path import use_yolov5

use_yolov5(sys.argv[1])

from utils.augmentations import letterbox  # noqa: E402  (YOLOv5's)
from utils.general import scale_segments  # noqa: E402
from utils.segment.general import masks2segments  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / 'test' / 'fixtures' / 'detect' / 'segments.json'


def blobs(rng, height, width, count, holes=True):
    m = np.zeros((height, width), np.uint8)
    for _ in range(count):
        c = (int(rng.integers(-2, width + 2)), int(rng.integers(-2, height + 2)))
        axes = (int(rng.integers(1, max(2, width // 3))), int(rng.integers(1, max(2, height // 3))))
        cv2.ellipse(m, c, axes, float(rng.integers(0, 180)), 0, 360, 1, -1)
        if holes and rng.random() < 0.5:
            cv2.ellipse(m, c, (max(axes[0] // 3, 1), max(axes[1] // 3, 1)), 0, 0, 360, 0, -1)
    return m


def named_masks(rng):
    cases = []

    def add(name, m):
        cases.append((name, np.ascontiguousarray(m, dtype=np.uint8)))

    for h, w in [(5, 7), (16, 16), (23, 31), (48, 64)]:
        for density in (0.2, 0.45, 0.6):
            add(f'noise {w}x{h} p={density}', rng.random((h, w)) < density)
    for h, w, n in [(20, 24, 3), (40, 56, 6), (64, 48, 9)]:
        add(f'blobs {w}x{h} x{n}', blobs(rng, h, w, n))
    add('empty', np.zeros((6, 9)))
    add('full', np.ones((6, 9)))
    add('1x1 on', np.ones((1, 1)))
    add('1x1 off', np.zeros((1, 1)))
    add('row', np.array([[0, 1, 1, 1, 0, 1, 1]]))
    add('column', np.array([[1], [1], [0], [1]]))
    single = np.zeros((7, 8))
    single[3, 4] = single[0, 0] = single[6, 7] = single[0, 7] = single[6, 0] = 1
    add('single pixels, corners too', single)
    lines = np.zeros((12, 12))
    lines[1, 2:10] = 1  # horizontal
    lines[3:11, 1] = 1  # vertical
    for k in range(6):
        lines[4 + k, 4 + k] = 1  # diagonal
        lines[10 - k, 6 + k] = 1  # anti-diagonal, crossing it
    add('1-pixel lines', lines)
    add('checkerboard (diagonal-only)', (np.indices((9, 10)).sum(0) % 2) == 0)
    diag = np.zeros((8, 8))
    diag[[0, 1, 2, 3], [0, 1, 2, 3]] = 1
    diag[[7, 6, 5], [0, 1, 2]] = 1
    diag[2:4, 6:8] = 1
    diag[4, 5] = 1
    add('diagonal steps', diag)
    ring = np.ones((10, 12))
    ring[2:8, 2:10] = 0
    ring[4:6, 5:7] = 1  # an island in the hole: not an outer contour
    add('frame touching all edges, island in its hole', ring)
    edges = np.zeros((9, 11))
    edges[0, 3:6] = edges[8, 2:9] = edges[2:6, 0] = edges[4:9, 10] = 1
    edges[0, 0] = edges[0, 10] = edges[8, 0] = 1
    add('pieces on every edge and corner', edges)
    tie = np.zeros((10, 14))
    tie[2:5, 1:4] = tie[6:9, 9:12] = tie[1:4, 8:11] = 1
    add('equal squares (argmax tie)', tie)
    nested = np.zeros((16, 16))
    nested[1:15, 1:15] = 1
    nested[3:13, 3:13] = 0
    nested[5:11, 5:11] = 1
    nested[7:9, 7:9] = 0
    nested[7, 7] = 1
    add('nested rings', nested)
    holes = np.ones((12, 15))
    holes[3, 3] = holes[5:8, 6:9] = holes[2, 11:13] = holes[9, 2:15] = 0
    add('holes, one cutting to the edge', holes)
    return cases


def contour_case(name, m):
    contours = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]
    (largest,) = masks2segments(torch.from_numpy(m[None]))
    return {
        'name': name,
        'width': int(m.shape[1]),
        'height': int(m.shape[0]),
        'mask': row_runs(m),
        'contours': [c.reshape(-1).tolist() for c in contours],
        'largest': [float(v) for v in largest.reshape(-1)],
    }


def scale_case(rng, name, image_hw, imgsz):
    h0, w0 = image_hw
    im0 = np.zeros((h0, w0, 3), np.uint8)
    im = letterbox(im0, imgsz, stride=32, auto=True)[0]  # as LoadImages for a PyTorch model
    h1, w1 = im.shape[:2]
    masks = np.stack([blobs(rng, h1, w1, 3, holes=False) for _ in range(3)])
    masks[1][rng.random((h1, w1)) < 0.002] = 1  # stray pixels, in the padding too
    det = torch.tensor([[0.93, 2], [0.61, 0], [0.27, 17]], dtype=torch.float32)  # conf, cls per mask
    # segment/predict.py, --save-txt:
    segments = reversed(masks2segments(torch.from_numpy(masks)))
    segments = [scale_segments(im.shape[:2], x, im0.shape, normalize=True) for x in segments]
    lines = {True: [], False: []}
    for j, (conf, cls) in enumerate(reversed(det)):
        segj = segments[j].reshape(-1)
        for save_conf in (True, False):
            line = (cls, *segj, conf) if save_conf else (cls, *segj)
            lines[save_conf].append(('%g ' * len(line)).rstrip() % line)
    return {
        'name': name,
        'image': [h0, w0],
        'input': [int(h1), int(w1)],
        'masks': [row_runs(m) for m in masks],
        'scores': [float(v) for v in det[:, 0]],
        'classes': [int(v) for v in det[:, 1]],
        # In the order predict.py writes them: the last detection first.
        'segments': [[float(v) for v in s.reshape(-1)] for s in segments],
        'lines': lines[False],
        'linesWithConf': lines[True],
    }


def main():
    rng = np.random.default_rng(11)
    contours = [contour_case(name, m) for name, m in named_masks(rng)]
    scales = [
        scale_case(rng, 'wide 640x480 at 320', (480, 640), 320),
        scale_case(rng, 'tall 333x517 at 320', (517, 333), 320),
        scale_case(rng, 'strip 1000x37 at 320', (37, 1000), 320),
        scale_case(rng, 'small 50x70 at 160 (enlarged)', (70, 50), 160),
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    source = 'OpenCV ' + cv2.__version__ + ' findContours(RETR_EXTERNAL, CHAIN_APPROX_SIMPLE); YOLOv5 v7.0 masks2segments, scale_segments(normalize=True), segment/predict.py --save-txt lines'
    OUT.write_text(json.dumps({'source': source, 'contours': contours, 'scales': scales}, separators=(',', ':')) + '\n')
    print(f'wrote {OUT} ({OUT.stat().st_size} bytes)')


main()
