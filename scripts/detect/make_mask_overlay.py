#!/usr/bin/python3
"""Golden data for src/detect/mask-overlay.ts: YOLOv5 v7.0's own
Annotator.masks (utils/plots.py), on the path segment/predict.py takes with
--retina-masks (masks at the image's resolution, im_gpu=None), applied to a
small random image and overlapping masks. Opt-in: it needs a YOLOv5 source
tree (not shipped), as scripts/detect/val_yolov5.py does.

    git clone https://github.com/ultralytics/yolov5 && git -C yolov5 checkout v7.0
    apt-get install -y python3-torch python3-opencv python3-pandas python3-matplotlib python3-seaborn
    /usr/bin/python3 scripts/detect/make_mask_overlay.py path/to/yolov5

Writes test/fixtures/detect/mask-overlay.json. The Annotator works in BGR
with colors(c, bgr=True); the fixture is stored in RGB.
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch
from yolov5_path import use_yolov5

use_yolov5(sys.argv[1])

from utils.plots import Annotator, colors  # noqa: E402  (YOLOv5's)

OUT = Path(__file__).resolve().parents[2] / 'test' / 'fixtures' / 'detect' / 'mask-overlay.json'


def case(rng, width, height, classes, alpha):
    rgb = rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)
    masks = np.zeros((len(classes), height, width), dtype=np.float32)
    for k in range(len(classes)):
        # A rectangle plus random pixels: masks overlap each other and the rectangles.
        x0, y0 = rng.integers(0, width // 2), rng.integers(0, height // 2)
        masks[k, y0:y0 + height // 2, x0:x0 + width // 2] = 1
        masks[k][rng.random((height, width)) < 0.15] = 1
    annotator = Annotator(np.ascontiguousarray(rgb[..., ::-1]), line_width=2, example='abc')
    annotator.masks(torch.from_numpy(masks), colors=[colors(c, True) for c in classes], im_gpu=None, alpha=alpha)
    out = annotator.result()[..., ::-1]
    return {
        'width': width,
        'height': height,
        'alpha': alpha,
        'image': rgb.reshape(-1).tolist(),
        'masks': [{'classId': int(c), 'data': masks[k].astype(np.uint8).reshape(-1).tolist()} for k, c in enumerate(classes)],
        'expected': np.ascontiguousarray(out).reshape(-1).tolist(),
    }


def main():
    rng = np.random.default_rng(7)
    cases = [case(rng, 24, 16, [0, 5, 17], 0.5), case(rng, 13, 9, [23, 23], 0.5), case(rng, 10, 10, [3], 0.3)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({'source': 'YOLOv5 v7.0 utils/plots.py Annotator.masks, im_gpu=None (--retina-masks)', 'cases': cases}))
    print(f'wrote {OUT}')


main()
