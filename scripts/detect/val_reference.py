#!/usr/bin/python3
"""val.py's pipeline in PyTorch on refcli.py's model, to tell apart a
difference in `akconv val` from one in the machine val.py ran on.

Run: /usr/bin/python3 scripts/detect/val_reference.py [SHARED] [--batch-size 32] [--stable]
Reads SHARED/weights/yolov5n.pt and SHARED/data/coco128 (default ../shared);
prints images, labels, P, R, mAP50, mAP50-95 as val.py computes them.

Ported from YOLOv5 7.0: LoadImagesAndLabels with rect=True and pad 0.5
(numpy's argsort of aspect ratios, or a stable one with --stable),
load_image (sides rounded up; INTER_LINEAR to enlarge, INTER_AREA to shrink),
letterbox(auto=False, scaleup=False), non_max_suppression(conf 0.001,
IoU 0.6, multi_label, max_det 300), scale_boxes with val.py's ratio_pad,
process_batch and ap_per_class (utils/metrics.py).
"""
import argparse
import math
import sys
from pathlib import Path

import cv2
import numpy as np
import torch
from PIL import Image
from rect_letterbox import rect_letterbox

ROOT = Path(__file__).resolve().parents[2]


def multilabel_nms(x, conf_thres=0.001, iou_thres=0.6, max_det=300):
    import refcli
    x = x[x[:, 4] > conf_thres].clone()
    x[:, 5:] *= x[:, 4:5]
    box = torch.cat((x[:, :2] - x[:, 2:4] / 2, x[:, :2] + x[:, 2:4] / 2), 1)
    i, j = (x[:, 5:] > conf_thres).nonzero(as_tuple=False).T
    x = torch.cat((box[i], x[i, j + 5, None], j[:, None].float()), 1)
    x = x[x[:, 4].argsort(descending=True)[:30000]]
    keep = refcli.nms_boxes(x[:, :4] + x[:, 5:6] * 7680, x[:, 4], iou_thres)[:max_det]
    return x[keep]


def box_iou(a, b):
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(0).prod(2)
    return inter / (area_a[:, None] + area_b[None] - inter + 1e-7)


def process_batch(detections, labels, iouv):
    correct = np.zeros((detections.shape[0], iouv.shape[0])).astype(bool)
    iou = box_iou(labels[:, 1:], detections[:, :4])
    correct_class = labels[:, 0:1] == detections[:, 5]
    for i in range(len(iouv)):
        x = torch.where((iou >= iouv[i]) & correct_class)
        if x[0].shape[0]:
            matches = torch.cat((torch.stack(x, 1), iou[x[0], x[1]][:, None]), 1).cpu().numpy()
            if x[0].shape[0] > 1:
                matches = matches[matches[:, 2].argsort()[::-1]]
                matches = matches[np.unique(matches[:, 1], return_index=True)[1]]
                matches = matches[np.unique(matches[:, 0], return_index=True)[1]]
            correct[matches[:, 1].astype(int), i] = True
    return correct


def compute_ap(recall, precision):
    mrec = np.concatenate(([0.0], recall, [1.0]))
    mpre = np.concatenate(([1.0], precision, [0.0]))
    mpre = np.flip(np.maximum.accumulate(np.flip(mpre)))
    x = np.linspace(0, 1, 101)
    return np.trapz(np.interp(x, mrec, mpre), x)


def smooth(y, f=0.05):
    nf = round(len(y) * f * 2) // 2 + 1
    p = np.ones(nf // 2)
    yp = np.concatenate((p * y[0], y, p * y[-1]), 0)
    return np.convolve(yp, np.ones(nf) / nf, mode='valid')


def ap_per_class(tp, conf, pred_cls, target_cls, eps=1e-16):
    i = np.argsort(-conf)
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
    return p[:, i], r[:, i], ap


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('shared', nargs='?', default=str(ROOT.parent / 'shared'))
    ap.add_argument('--batch-size', type=int, default=32)
    ap.add_argument('--imgsz', type=int, default=640)
    ap.add_argument('--stable', action='store_true')
    a = ap.parse_args()
    shared = Path(a.shared).resolve()
    sys.path.insert(0, str(shared / 'reference'))
    import refcli
    torch.set_num_threads(1)
    model, _ = refcli.load_checkpoint(str(shared / 'weights/yolov5n.pt'))
    files = sorted((shared / 'data/coco128/images/val2017').iterdir())
    s = np.array([Image.open(f).size for f in files], dtype=np.float64)
    ar = s[:, 1] / s[:, 0]
    irect = np.argsort(ar, kind='stable') if a.stable else ar.argsort()
    n = len(files)
    bi = np.floor(np.arange(n) / a.batch_size).astype(int)
    ars = ar[irect]
    shapes = []
    for b in range(bi[-1] + 1):
        ari = ars[bi == b]
        mini, maxi = ari.min(), ari.max()
        shapes.append([maxi, 1] if maxi < 1 else [1, 1 / mini] if mini > 1 else [1, 1])
    batch_shapes = np.ceil(np.array(shapes) * a.imgsz / 32 + 0.5).astype(int) * 32
    iouv = torch.linspace(0.5, 0.95, 10)
    stats = []
    for k, idx in enumerate(irect):
        f = files[idx]
        im0 = cv2.imread(str(f))
        h0, w0 = im0.shape[:2]
        r = a.imgsz / max(h0, w0)
        im = im0
        if r != 1:
            im = cv2.resize(im0, (math.ceil(w0 * r), math.ceil(h0 * r)), interpolation=cv2.INTER_LINEAR if r > 1 else cv2.INTER_AREA)
        h, w = im.shape[:2]
        img, (dw, dh) = rect_letterbox(im, tuple(batch_shapes[bi[k]]))
        x = torch.from_numpy(np.ascontiguousarray(img[:, :, ::-1].transpose(2, 0, 1))).float()[None] / 255
        with torch.no_grad():
            pred = model(x)[0][0]
        det = multilabel_nms(pred)
        gain = h / h0

        def scale(b):
            b = b.clone()
            b[:, [0, 2]] = ((b[:, [0, 2]] - dw) / gain).clamp(0, w0)
            b[:, [1, 3]] = ((b[:, [1, 3]] - dh) / gain).clamp(0, h0)
            return b

        lf = shared / 'data/coco128/labels/val2017' / (f.stem + '.txt')
        lab = np.loadtxt(lf, ndmin=2, dtype=np.float32) if lf.exists() else np.zeros((0, 5), np.float32)
        lab = torch.from_numpy(lab)
        tbox = torch.stack((lab[:, 1] - lab[:, 3] / 2, lab[:, 2] - lab[:, 4] / 2, lab[:, 1] + lab[:, 3] / 2, lab[:, 2] + lab[:, 4] / 2), 1)
        tbox = tbox * torch.tensor([w, h, w, h]) + torch.tensor([dw, dh, dw, dh])
        predn = det.clone()
        predn[:, :4] = scale(det[:, :4])
        correct = np.zeros((len(det), 10), bool)
        if len(lab):
            labelsn = torch.cat((lab[:, 0:1], scale(tbox)), 1)
            if len(det):
                correct = process_batch(predn, labelsn, iouv)
        stats.append((correct, det[:, 4].numpy(), det[:, 5].numpy(), lab[:, 0].numpy()))
    tp, conf, pcls, tcls = (np.concatenate(z, 0) for z in zip(*stats))
    p, r, apc = ap_per_class(tp, conf, pcls, tcls)
    print(f'images {n}  labels {len(tcls)}  P {p.mean():.4f}  R {r.mean():.4f}  mAP50 {apc[:, 0].mean():.4f}  mAP50-95 {apc.mean(1).mean():.4f}'
          f'  ({"stable" if a.stable else "numpy"} order, batch {a.batch_size})')


if __name__ == '__main__':
    main()
