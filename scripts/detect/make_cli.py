#!/usr/bin/python3
"""Golden data for the CLI's detect.py / val.py options, from the PyTorch
reference (refcli.py) and ports of the YOLOv5 code they follow.

Run: /usr/bin/python3 scripts/detect/make_cli.py [SHARED]   (default ../shared)
Writes test/fixtures/cli/ deterministically (one torch thread):

- py-format.json: Python's '%g', '%.3g', round(x, 3) and round(x, 5) of
  float32 values, ties (13/128, ...) and large or tiny numbers.
- argsort.json: numpy's default (unstable) argsort of arrays with many ties.
- rect.json: val.py's rectangular batches (LoadImagesAndLabels, rect=True,
  pad 0.5) on COCO128 val2017's image sizes: the file order and each file's
  batch shape, for a few image and batch sizes, and load_image's sizes.
- rect-input.json: load_image + letterbox(auto=False, scaleup=False) of three
  photos that val.py enlarges: sizes, gain, pad and the sha256 of the pixels.
- resize-area.json: cv2.resize INTER_AREA (load_image shrinking an image) of
  four COCO128 photos at 320 and of a synthetic pattern: sha256 of the pixels.
- predict.json: refcli.py's model and letterbox on test/fixtures/detect/photos
  at 320 with YOLOv5 general.py's NMS options (classes, agnostic, max_det),
  then detect.py's label lines (with conf) and save_one_box's crop rectangles,
  with the float32 boxes they were made from ([x1, y1, x2, y2, conf, cls]).
"""
import json
import math
import sys
from pathlib import Path

import cv2
import numpy as np
import torch
from PIL import Image
from rect_letterbox import rect_letterbox

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / 'shared').resolve()
sys.path.insert(0, str(SHARED / 'reference'))
import refcli  # noqa: E402

OUT = ROOT / 'test/fixtures/cli'
PHOTOS = ROOT / 'test/fixtures/detect/photos'
torch.set_num_threads(1)


def make_py_format():
    g = np.random.default_rng(3)
    values = [0.0, 1.0, 0.5, 13 / 128, 0.1015625, 1234565.0, 123456.5, 1e-5, 0.0001234565, 2.5e-7, 1e20, 640.0, 0.0625,
              123.0625, 0.015625, 0.9999995, 0.99999951, 9.9999996, 0.3365, 0.50549, 0.0005, 0.0015, 2.675]
    values += [float(np.float32(v)) for v in g.random(60)]
    values += [float(np.float32(v)) for v in g.random(20) * 1000]
    values += [float(np.float32(v)) for v in g.random(20) * 1e-3]
    values += [-v for v in values[:8]]
    rows = [{'x': v, 'g': '%g' % v, 'g3': '%.3g' % v, 'r3': round(v, 3), 'r5': round(v, 5), 'w11': '%11.3g' % v} for v in values]
    (OUT / 'py-format.json').write_text(json.dumps(rows, indent=0) + '\n')


def make_argsort():
    g = np.random.default_rng(5)
    cases = []
    for n in [5, 16, 17, 40, 128, 300]:
        v = g.integers(0, max(2, n // 6), n) / 7.0  # many ties
        cases.append({'values': v.tolist(), 'order': np.argsort(v).tolist()})
    (OUT / 'argsort.json').write_text(json.dumps(cases) + '\n')


def rect_shapes(wh, img_size, batch_size, stride=32, pad=0.5):
    """LoadImagesAndLabels.__init__'s rect branch (YOLOv5 utils/dataloaders.py)."""
    n = len(wh)
    bi = np.floor(np.arange(n) / batch_size).astype(int)
    nb = bi[-1] + 1
    s = np.array(wh, dtype=np.float64)
    ar = s[:, 1] / s[:, 0]
    irect = ar.argsort()
    ar = ar[irect]
    shapes = [[1, 1]] * nb
    for i in range(nb):
        ari = ar[bi == i]
        mini, maxi = ari.min(), ari.max()
        if maxi < 1:
            shapes[i] = [maxi, 1]
        elif mini > 1:
            shapes[i] = [1, 1 / mini]
    batch_shapes = np.ceil(np.array(shapes) * img_size / stride + pad).astype(int) * stride
    return irect, bi, batch_shapes


def make_rect():
    files = sorted((SHARED / 'data/coco128/images/val2017').iterdir())
    wh = [Image.open(f).size for f in files]
    cases = []
    for img_size, batch_size in [(640, 32), (640, 16), (320, 8), (640, 1)]:
        irect, bi, shapes = rect_shapes(wh, img_size, batch_size)
        cases.append({'imgsz': img_size, 'batch_size': batch_size, 'order': [files[i].name for i in irect],
                      'shapes': [shapes[b].tolist() for b in bi]})
    loaded = []
    for (w0, h0), f in zip(wh, files):
        r = 640 / max(h0, w0)
        loaded.append([f.name, w0, h0, math.ceil(w0 * r), math.ceil(h0 * r)])
    (OUT / 'rect.json').write_text(json.dumps({'cases': cases, 'load_640': loaded}) + '\n')


def make_rect_input():
    """load_image (long side to 640, sides rounded up, INTER_LINEAR when enlarging) and
    the rect letterbox, for photos that val.py enlarges; sha256 of the RGB bytes."""
    import hashlib
    cases = []
    for name, shape in [('000000001503.jpg', (512, 672)), ('tall_crop.png', (672, 480)), ('wide_crop.png', (288, 672))]:
        im0 = cv2.imread(str(PHOTOS / name))
        h0, w0 = im0.shape[:2]
        r = 640 / max(h0, w0)
        assert r > 1
        im = cv2.resize(im0, (math.ceil(w0 * r), math.ceil(h0 * r)), interpolation=cv2.INTER_LINEAR)
        h, w = im.shape[:2]
        out, pad = rect_letterbox(im, shape)
        rgb = np.ascontiguousarray(out[:, :, ::-1])
        cases.append({'file': name, 'shape': list(shape), 'loaded': [w, h], 'gain': h / h0, 'pad': list(pad),
                      'output': [rgb.shape[1], rgb.shape[0]], 'sha256': hashlib.sha256(rgb.tobytes()).hexdigest()})
    (OUT / 'rect-input.json').write_text(json.dumps(cases, indent=1) + '\n')


def synthetic(width, height):
    """A deterministic RGB test pattern that the TypeScript test rebuilds."""
    y, x, c = np.meshgrid(np.arange(height), np.arange(width), np.arange(3), indexing='ij')
    return ((x * 7 + y * 13 + c * 29 + (x * y) % 17) % 256).astype(np.uint8)


def make_area():
    """cv2.resize INTER_AREA (load_image's shrink) of COCO128 photos at 320 and of the
    synthetic pattern (3x blocks and a non-integer scale); sha256 of the RGB bytes."""
    import hashlib
    cases = []
    val = ROOT / 'test/fixtures/coco128/images/val2017'
    for name in ['000000000139.jpg', '000000000724.jpg', '000000001490.jpg', '000000001584.jpg']:
        rgb = cv2.imread(str(val / name))[:, :, ::-1]
        h0, w0 = rgb.shape[:2]
        r = 320 / max(h0, w0)
        size = (math.ceil(w0 * r), math.ceil(h0 * r))
        out = np.ascontiguousarray(cv2.resize(np.ascontiguousarray(rgb), size, interpolation=cv2.INTER_AREA))
        cases.append({'source': f'coco128/images/val2017/{name}', 'size': list(size), 'sha256': hashlib.sha256(out.tobytes()).hexdigest()})
    for w0, h0, size in [(960, 720, (320, 240)), (960, 720, (400, 300)), (101, 67, (50, 33))]:
        out = np.ascontiguousarray(cv2.resize(synthetic(w0, h0), size, interpolation=cv2.INTER_AREA))
        cases.append({'source': f'synthetic {w0}x{h0}', 'size': list(size), 'sha256': hashlib.sha256(out.tobytes()).hexdigest()})
    (OUT / 'resize-area.json').write_text(json.dumps(cases, indent=1) + '\n')


def nms(pred, conf_thres, iou_thres, classes=None, agnostic=False, max_det=300):
    """general.py non_max_suppression, best class per box (detect.py)."""
    x = pred[0]
    x = x[x[:, 4] > conf_thres].clone()
    x[:, 5:] *= x[:, 4:5]
    box = torch.cat((x[:, :2] - x[:, 2:4] / 2, x[:, :2] + x[:, 2:4] / 2), 1)
    conf, j = x[:, 5:].max(1, keepdim=True)
    x = torch.cat((box, conf, j.float()), 1)[conf.view(-1) > conf_thres]
    if classes is not None:
        x = x[(x[:, 5:6] == torch.tensor(classes)).any(1)]
    x = x[x[:, 4].argsort(descending=True)[:30000]]
    c = x[:, 5:6] * (0 if agnostic else 7680)
    keep = refcli.nms_boxes(x[:, :4] + c, x[:, 4], iou_thres)[:max_det]
    return x[keep]


def xyxy2xywh(x):
    y = x.clone()
    y[:, 0] = (x[:, 0] + x[:, 2]) / 2
    y[:, 1] = (x[:, 1] + x[:, 3]) / 2
    y[:, 2] = x[:, 2] - x[:, 0]
    y[:, 3] = x[:, 3] - x[:, 1]
    return y


def xywh2xyxy(x):
    y = x.clone()
    y[:, 0] = x[:, 0] - x[:, 2] / 2
    y[:, 1] = x[:, 1] - x[:, 3] / 2
    y[:, 2] = x[:, 0] + x[:, 2] / 2
    y[:, 3] = x[:, 1] + x[:, 3] / 2
    return y


def crop_box(xyxy, shape, gain=1.02, pad=10):
    """save_one_box's rectangle (square=False): [x1, y1, x2, y2] as the slice bounds."""
    b = xyxy2xywh(torch.tensor(xyxy).view(-1, 4))
    b[:, 2:] = b[:, 2:] * gain + pad
    xy = xywh2xyxy(b).long()
    xy[:, [0, 2]] = xy[:, [0, 2]].clamp(0, shape[1])
    xy[:, [1, 3]] = xy[:, [1, 3]].clamp(0, shape[0])
    return [int(v) for v in xy[0]]


def make_predict():
    model, _ = refcli.load_checkpoint(str(SHARED / 'weights/yolov5n.pt'))
    names = model.names if isinstance(model.names, list) else [model.names[k] for k in sorted(model.names)]
    cases = [
        {'name': 'default', 'args': [], 'nms': {}},
        {'name': 'classes', 'args': ['--classes', '0', '2'], 'nms': {'classes': [0, 2]}},
        {'name': 'agnostic', 'args': ['--agnostic-nms', '--conf', '0.1'], 'nms': {'agnostic': True, 'conf_thres': 0.1}},
        {'name': 'max-det', 'args': ['--max-det', '2'], 'nms': {'max_det': 2}},
    ]
    out = []
    for case in cases:
        images = {}
        for f in sorted(PHOTOS.iterdir()):
            im0 = cv2.imread(str(f))
            im, r, (dw, dh) = refcli.letterbox(im0, 320, auto=True, stride=32)
            x = torch.from_numpy(np.ascontiguousarray(im[:, :, ::-1].transpose(2, 0, 1))).float()[None] / 255
            with torch.no_grad():
                pred = model(x)[0]
            kw = {'conf_thres': 0.25, 'iou_thres': 0.45, **case['nms']}
            det = nms(pred, **kw)
            det[:, [0, 2]] = ((det[:, [0, 2]] - dw) / r).clamp(0, im0.shape[1])
            det[:, [1, 3]] = ((det[:, [1, 3]] - dh) / r).clamp(0, im0.shape[0])
            gn = torch.tensor(im0.shape)[[1, 0, 1, 0]]
            lines, crops, boxes = [], [], []
            for *xyxy, conf, cls in reversed(det):  # detect.py writes in reversed order
                boxes.append([float(v) for v in (*xyxy, conf, cls)])
                xywh = (xyxy2xywh(torch.tensor(xyxy).view(1, 4)) / gn).view(-1).tolist()
                line = (cls, *xywh, conf)
                lines.append(('%g ' * len(line)).rstrip() % line)
                crops.append({'name': names[int(cls)], 'box': crop_box(xyxy, im0.shape)})
            images[f.stem] = {'width': im0.shape[1], 'height': im0.shape[0], 'boxes': boxes, 'lines': lines, 'crops': crops}
        out.append({'name': case['name'], 'args': case['args'], 'images': images})
    (OUT / 'predict.json').write_text(json.dumps(out, indent=1) + '\n')


if __name__ == '__main__':
    OUT.mkdir(parents=True, exist_ok=True)
    make_py_format()
    make_argsort()
    make_rect()
    make_rect_input()
    make_area()
    make_predict()
    print('wrote', ', '.join(sorted(p.name for p in OUT.iterdir())))
