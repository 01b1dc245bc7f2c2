#!/usr/bin/python3
"""Detection mAP as YOLOv5's val.py computes it (v7.0 rules), for our .safetensors models.

    /usr/bin/python3 training/val.py --weights public/models/yolov5n-c3akconv-ij.safetensors
        [--data ../shared/data/coco128] [--split val2017] [--imgsz 640] [--square] [--indexing xy|ij]
        [--json OUT.json]

What follows val.py: images resized so the long side is 640 (INTER_AREA when shrinking),
rectangular batches of 32 sorted by aspect ratio with pad 0.5 (`--square`: every image
letterboxed to 640 x 640 instead), letterbox without upscaling, conf 0.001, IoU 0.6, multi-label
NMS (class offset 7680, at most 30000 candidates, 300 detections), matching at IoU 0.50:0.95
(process_batch), AP per class with 101-point interpolation, precision / recall at the max mean F1.
NMS is greedy and exact (stops after 300 kept boxes, which is what keeping the first 300 of a full
NMS gives). Also reports AKConv's offsets (layer-8 p_conv outputs) over the images.
"""
import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from augment import image_files, letterbox, load_image, to_tensor  # noqa: E402
from yolo import AKConv, load_model  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / 'shared' / 'data' / 'coco128'


# --- boxes -----------------------------------------------------------------------------------------
def xywh2xyxy(x):
    y = x.clone() if isinstance(x, torch.Tensor) else np.copy(x)
    y[..., 0] = x[..., 0] - x[..., 2] / 2
    y[..., 1] = x[..., 1] - x[..., 3] / 2
    y[..., 2] = x[..., 0] + x[..., 2] / 2
    y[..., 3] = x[..., 1] + x[..., 3] / 2
    return y


def box_iou(box1, box2, eps=1e-7):
    (a1, a2), (b1, b2) = box1.unsqueeze(1).chunk(2, 2), box2.unsqueeze(0).chunk(2, 2)
    inter = (torch.min(a2, b2) - torch.max(a1, b1)).clamp(0).prod(2)
    return inter / ((a2 - a1).prod(2) + (b2 - b1).prod(2) - inter + eps)


def nms(boxes, scores, iou_thres, max_det, classes=None):
    """Greedy NMS (IoU > iou_thres suppresses, as torchvision.ops.nms), exact and fast: boxes of
    different classes never overlap once offset by class x 7680, so each class is done on its own,
    keeping at most max_det per class (a box that is not among its class's first max_det kept boxes
    has max_det better kept boxes and cannot be in the final max_det); then the kept boxes are
    merged by score. Returns indices in descending score order."""
    b, sc = boxes.numpy().astype(np.float64), scores.numpy()
    cls = np.zeros(len(b)) if classes is None else classes.numpy()
    keep = []
    for c in np.unique(cls):
        idx = np.nonzero(cls == c)[0]
        idx = idx[np.argsort(-sc[idx], kind='stable')]
        x1, y1, x2, y2 = b[idx, 0], b[idx, 1], b[idx, 2], b[idx, 3]
        area = (x2 - x1) * (y2 - y1)
        order = np.arange(len(idx))
        k = 0
        while order.size and k < max_det:
            i = order[0]
            keep.append(idx[i])
            k += 1
            rest = order[1:]
            w = (np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest])).clip(0)
            h = (np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest])).clip(0)
            inter = w * h
            order = rest[inter / (area[i] + area[rest] - inter) <= iou_thres]
    keep = np.array(keep, dtype=np.int64)
    keep = keep[np.argsort(-sc[keep], kind='stable')][:max_det]
    return torch.from_numpy(keep)


def non_max_suppression(prediction, conf_thres=0.001, iou_thres=0.6, max_det=300, multi_label=True):
    max_wh, max_nms = 7680, 30000
    out = []
    for x in prediction:
        x = x[x[:, 4] > conf_thres]
        if not x.shape[0]:
            out.append(torch.zeros((0, 6)))
            continue
        x = x.clone()
        x[:, 5:] *= x[:, 4:5]
        box = xywh2xyxy(x[:, :4])
        if multi_label:
            i, j = (x[:, 5:] > conf_thres).nonzero(as_tuple=False).T
            x = torch.cat((box[i], x[i, 5 + j, None], j[:, None].float()), 1)
        else:
            conf, j = x[:, 5:].max(1, keepdim=True)
            x = torch.cat((box, conf, j.float()), 1)[conf.view(-1) > conf_thres]
        if not x.shape[0]:
            out.append(torch.zeros((0, 6)))
            continue
        x = x[x[:, 4].argsort(descending=True)[:max_nms]]
        keep = nms(x[:, :4] + x[:, 5:6] * max_wh, x[:, 4], iou_thres, max_det, x[:, 5])
        out.append(x[keep])
    return out


def clip_boxes(boxes, shape):
    boxes[:, 0].clamp_(0, shape[1])
    boxes[:, 1].clamp_(0, shape[0])
    boxes[:, 2].clamp_(0, shape[1])
    boxes[:, 3].clamp_(0, shape[0])


def scale_boxes(boxes, shape, ratio_pad):
    gain, pad = ratio_pad[0][0], ratio_pad[1]
    boxes[:, [0, 2]] -= pad[0]
    boxes[:, [1, 3]] -= pad[1]
    boxes[:, :4] /= gain
    clip_boxes(boxes, shape)
    return boxes


# --- metrics (YOLOv5 utils/metrics.py) ----------------------------------------------------------
def process_batch(detections, labels, iouv):
    correct = np.zeros((detections.shape[0], iouv.shape[0])).astype(bool)
    iou = box_iou(labels[:, 1:], detections[:, :4])
    correct_class = labels[:, 0:1] == detections[:, 5]
    for i in range(len(iouv)):
        x = torch.where((iou >= iouv[i]) & correct_class)
        if x[0].shape[0]:
            matches = torch.cat((torch.stack(x, 1), iou[x[0], x[1]][:, None]), 1).numpy()
            if x[0].shape[0] > 1:
                matches = matches[matches[:, 2].argsort()[::-1]]
                matches = matches[np.unique(matches[:, 1], return_index=True)[1]]
                matches = matches[np.unique(matches[:, 0], return_index=True)[1]]
            correct[matches[:, 1].astype(int), i] = True
    return torch.tensor(correct, dtype=torch.bool)


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
    i = np.argsort(-conf)
    tp, conf, pred_cls = tp[i], conf[i], pred_cls[i]
    unique_classes, nt = np.unique(target_cls, return_counts=True)
    nc = unique_classes.shape[0]
    px = np.linspace(0, 1, 1000)
    ap, p, r = np.zeros((nc, tp.shape[1])), np.zeros((nc, 1000)), np.zeros((nc, 1000))
    for ci, c in enumerate(unique_classes):
        i = pred_cls == c
        n_l, n_p = nt[ci], i.sum()
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
    return p[:, i], r[:, i], ap, unique_classes.astype(int)


# --- data -----------------------------------------------------------------------------------------
def read_labels(path):
    if not Path(path).exists():
        return np.zeros((0, 5), np.float32)
    rows = [line.split() for line in Path(path).read_text().splitlines() if line.strip()]
    lb = np.array(rows, dtype=np.float32).reshape(-1, 5)
    _, i = np.unique(lb, axis=0, return_index=True)  # duplicate rows removed, as verify_image_label
    return lb[np.sort(i)] if len(i) < len(lb) else lb


def load_split(data=DATA, split='val2017', imgsz=640, batch_size=32, rect=True, stride=32, pad=0.5):
    """Batches as val.py's dataloader makes them: [(images NCHW float, [per image: dict])]."""
    import cv2
    files = image_files(Path(data) / 'images' / split)
    shapes = np.array([cv2.imread(f).shape[1::-1] for f in files], dtype=np.float64)  # (w, h)
    n = len(files)
    bi = np.floor(np.arange(n) / batch_size).astype(int)
    nb = bi[-1] + 1
    if rect:
        ar = shapes[:, 1] / shapes[:, 0]
        irect = ar.argsort()
        files, ar = [files[i] for i in irect], ar[irect]
        bshapes = [[1, 1]] * nb
        for i in range(nb):
            ari = ar[bi == i]
            mini, maxi = ari.min(), ari.max()
            if maxi < 1:
                bshapes[i] = [maxi, 1]
            elif mini > 1:
                bshapes[i] = [1, 1 / mini]
        batch_shapes = np.ceil(np.array(bshapes) * imgsz / stride + pad).astype(int) * stride
    else:
        batch_shapes = np.full((nb, 2), imgsz, dtype=int)
    batches = []
    for b in range(nb):
        ims, infos = [], []
        for k in np.nonzero(bi == b)[0]:
            f = files[k]
            im, (h0, w0), (h, w) = load_image(f, imgsz, augment=False)
            im, ratio, padwh = letterbox(im, tuple(int(v) for v in batch_shapes[b]), auto=False, scaleup=False)
            lb = read_labels(str(Path(data) / 'labels' / split / (Path(f).stem + '.txt')))
            if len(lb):  # xywhn -> letterboxed pixels xyxy -> xywhn clipped (as __getitem__), kept in pixels below
                xy = xywh2xyxy(lb[:, 1:].copy())
                xy[:, [0, 2]] = xy[:, [0, 2]] * ratio[0] * w + padwh[0]
                xy[:, [1, 3]] = xy[:, [1, 3]] * ratio[1] * h + padwh[1]
                H, W = im.shape[:2]
                xy[:, [0, 2]] = xy[:, [0, 2]].clip(0, W - 1e-3)
                xy[:, [1, 3]] = xy[:, [1, 3]].clip(0, H - 1e-3)
                lb = np.concatenate([lb[:, :1], xy], 1)
            ims.append(im)
            infos.append({'file': f, 'shape0': (h0, w0), 'ratio_pad': ((h / h0, w / w0), padwh), 'labels': lb})
        batches.append((to_tensor(ims), infos))
    return batches


# --- evaluation -----------------------------------------------------------------------------------
CHUNK = 4  # images per forward call: on 2 CPU cores batches of 32 run slower per image


def prefix_features(model, batches, layers=(4, 6, 7), stop=8):
    """Outputs of the frozen layers 0..stop-1 that layers stop.. read, per batch (saved once, reused for
    every student: layers 0-7 are the teacher's in all our models)."""
    out = []
    with torch.no_grad():
        for x, _ in batches:
            rs = [model.run(x[i:i + CHUNK], stop=stop, keep=layers) for i in range(0, len(x), CHUNK)]
            out.append({k: torch.cat([r[k] for r in rs]) for k in layers})
    return out


def predict(model, x, prefix=None, start=8):
    outs = []
    for i in range(0, len(x), CHUNK):
        if prefix:
            outs.append(model.run(saved={k: v[i:i + CHUNK] for k, v in prefix.items()}, start=start)['out'])
        else:
            outs.append(model(x[i:i + CHUNK]))
    return torch.cat(outs)


def evaluate(model, batches, prefix=None, start=8, conf_thres=0.001, iou_thres=0.6):
    """mAP50, mAP50-95, P, R (YOLOv5's definitions) and layer-8 AKConv offset statistics."""
    iouv = torch.linspace(0.5, 0.95, 10)
    stats, offsets = [], []
    akc = [m for m in model.modules() if isinstance(m, AKConv)]
    hooks = [m.p_conv.register_forward_hook(lambda mod, i, o: offsets.append(o.detach().abs().flatten()))
             for m in akc[:1]]
    model.eval()
    t0 = time.time()
    with torch.no_grad():
        for bi, (x, infos) in enumerate(batches):
            pred = predict(model, x, prefix[bi] if prefix else None, start)
            dets = non_max_suppression(pred, conf_thres, iou_thres)
            for det, info in zip(dets, infos):
                lb = torch.from_numpy(info['labels'])
                nl, npr = lb.shape[0], det.shape[0]
                correct = torch.zeros(npr, len(iouv), dtype=torch.bool)
                if npr == 0:
                    if nl:
                        stats.append((correct, torch.zeros(0), torch.zeros(0), lb[:, 0]))
                    continue
                predn = det.clone()
                scale_boxes(predn[:, :4], info['shape0'], info['ratio_pad'])
                if nl:
                    tbox = scale_boxes(lb[:, 1:5].clone(), info['shape0'], info['ratio_pad'])
                    correct = process_batch(predn, torch.cat((lb[:, 0:1], tbox), 1), iouv)
                stats.append((correct, det[:, 4], det[:, 5], lb[:, 0]))
    for h in hooks:
        h.remove()
    stats = [torch.cat(x, 0).numpy() for x in zip(*stats)]
    p, r, ap, _ = ap_per_class(*stats)
    res = {'mAP50': float(ap[:, 0].mean()), 'mAP50-95': float(ap.mean(1).mean()), 'P': float(p.mean()),
           'R': float(r.mean()), 'labels': int(len(stats[3])), 'images': sum(len(b[1]) for b in batches),
           'seconds': round(time.time() - t0, 1)}
    if offsets:
        o = torch.cat(offsets)
        res['offset_mean_abs'] = float(o.mean())
        res['offset_max_abs'] = float(o.max())
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--weights', nargs='+', required=True)
    ap.add_argument('--data', default=str(DATA))
    ap.add_argument('--split', default='val2017')
    ap.add_argument('--imgsz', type=int, default=640)
    ap.add_argument('--square', action='store_true', help='letterbox every image to imgsz x imgsz (no rect batches)')
    ap.add_argument('--indexing', choices=['xy', 'ij'], help="override the file's AKConv convention")
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--json', help='write the results here')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    batches = load_split(a.data, a.split, a.imgsz, rect=not a.square)
    results, prefix, ref = {}, None, None
    for w in a.weights:
        model, _ = load_model(w, a.indexing)
        # layers 0-7 are the teacher's in every model here: run them once and reuse their outputs
        head = {k: v for k, v in model.state_dict().items() if int(k.split('.')[1]) < 8}
        if ref is None:
            ref, prefix = head, prefix_features(model, batches)
        same = head.keys() == ref.keys() and all(torch.equal(v, ref[k]) for k, v in head.items())
        res = evaluate(model, batches, prefix=prefix if same else None, start=8 if same else 0)
        res['mode'] = 'square' if a.square else 'rect'
        res['indexing'] = model.indexing
        results[w] = res
        print(f'{w}: ' + json.dumps(res), flush=True)
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1))


if __name__ == '__main__':
    main()
