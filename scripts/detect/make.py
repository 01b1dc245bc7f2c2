#!/usr/bin/python3
"""Golden data for src/detect and the CLI, from the PyTorch reference (refcli.py).

Run: /usr/bin/python3 scripts/detect/make.py [SHARED]   (default ../shared)
Writes test/fixtures/detect/ deterministically.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / 'shared').resolve()
REF = SHARED / 'reference'
sys.path.insert(0, str(REF))
import refcli  # noqa: E402

OUT = ROOT / 'test/fixtures/detect'
PHOTOS = OUT / 'photos'
torch.set_num_threads(1)


def run(*args):
    print('+', ' '.join(str(a) for a in args), flush=True)
    subprocess.run([sys.executable, *map(str, args)], check=True)


def make_photos():
    """Two JPEGs as they are, and two PNG crops (tall, wide) of other photos."""
    PHOTOS.mkdir(parents=True, exist_ok=True)
    val = SHARED / 'data/coco128/images/val2017'
    for name in ['000000001503.jpg', '000000005586.jpg']:
        (PHOTOS / name).write_bytes((val / name).read_bytes())
    tall = cv2.imread(str(val / '000000008762.jpg'))[0:420, 100:400]
    cv2.imwrite(str(PHOTOS / 'tall_crop.png'), tall)
    wide = cv2.imread(str(val / '000000002149.jpg'))[100:300, 0:520]
    cv2.imwrite(str(PHOTOS / 'wide_crop.png'), wide)


def make_letterbox():
    tensors, cases = {}, []
    for f in sorted(PHOTOS.iterdir()):
        im = cv2.imread(str(f))
        for size, auto in [(160, True), (96, False)]:
            out, r, (dw, dh) = refcli.letterbox(im, size, auto=auto)
            key = f'{f.stem}_{size}_{int(auto)}'
            tensors[key] = torch.from_numpy(np.ascontiguousarray(out[:, :, ::-1]).astype(np.float16))  # RGB, exact in F16
            cases.append({'key': key, 'file': f.name, 'size': size, 'auto': auto, 'ratio': r, 'pad': [dw, dh]})
    refcli.save_safetensors(OUT / 'letterbox.safetensors', tensors, {'cases': json.dumps(cases)})


def multilabel_nms(pred, conf_thres, iou_thres, max_det=300):
    """YOLOv5 general.py's multi_label branch (val.py), with the reference's nms."""
    out = []
    for x in pred:
        x = x[x[:, 4] > conf_thres].clone()
        x[:, 5:] *= x[:, 4:5]
        box = torch.cat((x[:, :2] - x[:, 2:4] / 2, x[:, :2] + x[:, 2:4] / 2), 1)
        i, j = (x[:, 5:] > conf_thres).nonzero(as_tuple=False).T
        x = torch.cat((box[i], x[i, j + 5, None], j[:, None].float()), 1)
        x = x[x[:, 4].argsort(descending=True, stable=True)[:30000]]
        keep = refcli.nms_boxes(x[:, :4] + x[:, 5:6] * 7680, x[:, 4], iou_thres)[:max_det]
        out.append(x[keep])
    return out


def make_nms():
    g = torch.Generator().manual_seed(7)
    n, nc = 1200, 20
    pred = torch.zeros(1, n, 5 + nc)
    pred[0, :, 0:2] = torch.rand(n, 2, generator=g) * 320
    pred[0, :, 2:4] = torch.rand(n, 2, generator=g) * 90 + 4
    pred[0, :, 4] = torch.rand(n, generator=g) ** 2
    pred[0, :, 5:] = torch.rand(n, nc, generator=g) ** 4
    # clusters of overlapping boxes, so that suppression matters
    pred[0, :300, 0:2] = pred[0, :300, 0:2] // 40 * 40
    single = refcli.non_max_suppression(pred.clone(), 0.25, 0.45)[0]
    multi = multilabel_nms(pred.clone(), 0.001, 0.6)[0]
    refcli.save_safetensors(OUT / 'nms.safetensors', {'pred': pred[0], 'single': single, 'multi': multi})
    print('nms: single', single.shape[0], 'multi', multi.shape[0])


def make_masks():
    g = torch.Generator().manual_seed(3)
    protos = torch.randn(32, 24, 40, generator=g)
    coeffs = torch.randn(6, 32, generator=g) * 0.5
    boxes = torch.tensor([[10, 5, 90, 60], [0, 0, 160, 96], [33.3, 20.7, 34.9, 70.2], [100, 40, 150, 95], [5, 5, 6, 6], [60.5, 10.25, 140.75, 80.5]])
    masks = refcli.process_mask(protos, coeffs, boxes, (96, 160))
    refcli.save_safetensors(OUT / 'masks.safetensors', {'protos': protos, 'coeffs': coeffs, 'boxes': boxes.float(), 'masks': masks.half()})


# --- YOLOv5 utils/metrics.py and val.py's process_batch, as YOLOv5 writes them ---
def box_iou_np(a, b):
    return refcli.box_iou(torch.tensor(a, dtype=torch.float32), torch.tensor(b, dtype=torch.float32)).numpy()


def process_batch(detections, labels, iouv):
    correct = np.zeros((detections.shape[0], iouv.shape[0])).astype(bool)
    if not len(detections) or not len(labels):
        return correct
    iou = box_iou_np(labels[:, 1:], detections[:, :4])
    correct_class = labels[:, 0:1] == detections[:, 5]
    for i in range(len(iouv)):
        x = np.where((iou >= iouv[i]) & correct_class)
        if x[0].shape[0]:
            matches = np.concatenate((np.stack(x, 1), iou[x[0], x[1]][:, None]), 1)
            if x[0].shape[0] > 1:
                matches = matches[matches[:, 2].argsort()[::-1]]
                matches = matches[np.unique(matches[:, 1], return_index=True)[1]]
                matches = matches[np.unique(matches[:, 0], return_index=True)[1]]
            correct[matches[:, 1].astype(int), i] = True
    return correct


def smooth(y, f=0.05):
    nf = round(len(y) * f * 2) // 2 + 1
    p = np.ones(nf // 2)
    yp = np.concatenate((p * y[0], y, p * y[-1]), 0)
    return np.convolve(yp, np.ones(nf) / nf, mode='valid')


def compute_ap(recall, precision):
    mrec = np.concatenate(([0.0], recall, [1.0]))
    mpre = np.concatenate(([1.0], precision, [0.0]))
    mpre = np.flip(np.maximum.accumulate(np.flip(mpre)))
    x = np.linspace(0, 1, 101)
    return np.trapz(np.interp(x, mrec, mpre), x)


def ap_per_class(tp, conf, pred_cls, target_cls, eps=1e-16):
    i = np.argsort(-conf, kind='stable')
    tp, conf, pred_cls = tp[i], conf[i], pred_cls[i]
    unique_classes, nt = np.unique(target_cls, return_counts=True)
    nc = unique_classes.shape[0]
    px = np.linspace(0, 1, 1000)
    ap, p, r = np.zeros((nc, tp.shape[1])), np.zeros((nc, 1000)), np.zeros((nc, 1000))
    for ci, c in enumerate(unique_classes):
        i = pred_cls == c
        n_l = nt[ci]
        n_p = i.sum()
        if n_p == 0 or n_l == 0:
            continue
        fpc = (1 - tp[i]).cumsum(0)
        tpc = tp[i].cumsum(0)
        recall = tpc / (n_l + eps)
        r[ci] = np.interp(-px, -conf[i], recall[:, 0], left=0)
        precision = tpc / (tpc + fpc)
        p[ci] = np.interp(-px, -conf[i], precision[:, 0], left=1)
        for j in range(tp.shape[1]):
            ap[ci, j] = compute_ap(recall[:, j], precision[:, j])
    f1 = 2 * p * r / (p + r + eps)
    i = smooth(f1.mean(0), 0.1).argmax()
    return p[:, i], r[:, i], ap, unique_classes


def make_metrics():
    rng = np.random.default_rng(11)
    iouv = np.linspace(0.5, 0.95, 10)
    images, stats = [], []
    for _ in range(12):
        nl = int(rng.integers(0, 8))
        labels = np.zeros((nl, 5))
        labels[:, 0] = rng.integers(0, 5, nl)
        xy = rng.random((nl, 2)) * 200
        wh = rng.random((nl, 2)) * 60 + 10
        labels[:, 1:3], labels[:, 3:5] = xy, xy + wh
        dets = []
        for l in labels:  # noisy copies of labels, some with the wrong class
            for _ in range(int(rng.integers(0, 3))):
                jit = rng.normal(0, 4, 4)
                cls = l[0] if rng.random() > 0.2 else rng.integers(0, 5)
                dets.append([*(l[1:] + jit), rng.random(), cls])
        for _ in range(int(rng.integers(0, 4))):  # false positives
            xy = rng.random(2) * 200
            dets.append([*xy, *(xy + rng.random(2) * 50 + 5), rng.random() * 0.5, rng.integers(0, 6)])
        dets = np.array(dets, dtype=np.float64).reshape(-1, 6)
        dets = dets[np.argsort(-dets[:, 4], kind='stable')]
        correct = process_batch(dets, labels, iouv)
        stats.append((correct, dets[:, 4], dets[:, 5], labels[:, 0]))
        images.append({'labels': labels.tolist(), 'detections': dets.tolist(), 'correct': correct.tolist()})
    tp, conf, pcls, tcls = [np.concatenate(x, 0) for x in zip(*stats)]
    p, r, ap, classes = ap_per_class(tp, conf, pcls, tcls)
    expected = {'precision': float(p.mean()), 'recall': float(r.mean()), 'mAP50': float(ap[:, 0].mean()),
                'mAP50_95': float(ap.mean(1).mean()), 'classes': classes.astype(int).tolist(),
                'ap50': ap[:, 0].tolist(), 'ap50_95': ap.mean(1).tolist(), 'labels': int(len(tcls))}
    (OUT / 'metrics.json').write_text(json.dumps({'images': images, 'expected': expected}))
    print('metrics', expected['mAP50'], expected['mAP50_95'])


def make_predict():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        w = SHARED / 'weights/yolov5n.pt'
        run(REF / 'refcli.py', 'predict', '--weights', w, '--source', PHOTOS, '--imgsz', 320, '--out', OUT / 'predict_yolov5n.json')
        ak = tmp / 'c3akconv_n.pt'
        run(REF / 'refcli.py', 'checkpoint', '--cfg', REF / 'models/yolov5_C3_AKConv.yaml', '--scale', 'n', '--init', w, '--out', ak)
        for grid in ['xy', 'ij']:
            run(REF / 'refcli.py', 'predict', '--weights', ak, '--source', PHOTOS, '--imgsz', 320, '--indexing', grid,
                '--out', OUT / f'predict_c3akconv_n_{grid}.json')
        seg = tmp / 'seg_n.pt'
        run(REF / 'refcli.py', 'checkpoint', '--cfg', REF / 'models/yolov5_C3_AKConv-seg.yaml', '--scale', 'n', '--init', w, '--out', seg)
        run(REF / 'refcli.py', 'predict', '--weights', seg, '--source', PHOTOS, '--imgsz', 320, '--conf', 0.1,
            '--out', OUT / 'predict_seg_n_xy.json')


if __name__ == '__main__':
    OUT.mkdir(parents=True, exist_ok=True)
    make_photos()
    make_letterbox()
    make_nms()
    make_masks()
    make_metrics()
    make_predict()
    print('done:', sorted(p.name for p in OUT.iterdir()))
