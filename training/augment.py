"""Images and YOLOv5's training augmentation, in cv2 / numpy (hyp.scratch-low values).

Distillation needs no labels, so only the pixels are transformed. A training sample is either a
mosaic (4 images on a 2s x 2s canvas around a random centre, then random_perspective with
border -s/2, which crops it back to s x s) or a single image letterboxed to s x s and then passed
through random_perspective; then HSV jitter and a horizontal flip with p = 0.5.
"""
import math
from pathlib import Path

import cv2
import numpy as np

IMG_EXTS = {'.jpg', '.jpeg', '.png', '.bmp', '.webp'}
HYP = {'hsv_h': 0.015, 'hsv_s': 0.7, 'hsv_v': 0.4, 'degrees': 0.0, 'translate': 0.1, 'scale': 0.5, 'shear': 0.0,
       'perspective': 0.0, 'fliplr': 0.5}


def image_files(folder):
    return sorted(str(f) for f in Path(folder).iterdir() if f.suffix.lower() in IMG_EXTS)


def load_image(path, img_size, augment):
    """YOLOv5's load_image: BGR, long side resized to img_size (INTER_AREA when shrinking for val)."""
    im = cv2.imread(path)
    if im is None:
        raise FileNotFoundError(f'cannot read image {path}')
    h0, w0 = im.shape[:2]
    r = img_size / max(h0, w0)
    if r != 1:
        interp = cv2.INTER_LINEAR if (augment or r > 1) else cv2.INTER_AREA
        im = cv2.resize(im, (math.ceil(w0 * r), math.ceil(h0 * r)), interpolation=interp)
    return im, (h0, w0), im.shape[:2]


def letterbox(im, new_shape=(640, 640), color=(114, 114, 114), auto=False, scaleup=True, stride=32):
    """YOLOv5's letterbox. Returns (image, (rw, rh), (dw, dh))."""
    shape = im.shape[:2]
    if isinstance(new_shape, int):
        new_shape = (new_shape, new_shape)
    r = min(new_shape[0] / shape[0], new_shape[1] / shape[1])
    if not scaleup:
        r = min(r, 1.0)
    new_unpad = int(round(shape[1] * r)), int(round(shape[0] * r))
    dw, dh = new_shape[1] - new_unpad[0], new_shape[0] - new_unpad[1]
    if auto:
        dw, dh = np.mod(dw, stride), np.mod(dh, stride)
    dw /= 2
    dh /= 2
    if shape[::-1] != new_unpad:
        im = cv2.resize(im, new_unpad, interpolation=cv2.INTER_LINEAR)
    top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
    left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
    im = cv2.copyMakeBorder(im, top, bottom, left, right, cv2.BORDER_CONSTANT, value=color)
    return im, (r, r), (dw, dh)


def random_perspective(im, rng, border=(0, 0), hyp=HYP):
    """YOLOv5's random_perspective (affine part: rotation, scale, shear, translation)."""
    height = im.shape[0] + border[0] * 2
    width = im.shape[1] + border[1] * 2
    C = np.eye(3)
    C[0, 2] = -im.shape[1] / 2
    C[1, 2] = -im.shape[0] / 2
    R = np.eye(3)
    a = rng.uniform(-hyp['degrees'], hyp['degrees'])
    s = rng.uniform(1 - hyp['scale'], 1 + hyp['scale'])
    R[:2] = cv2.getRotationMatrix2D(angle=a, center=(0, 0), scale=s)
    S = np.eye(3)
    S[0, 1] = math.tan(rng.uniform(-hyp['shear'], hyp['shear']) * math.pi / 180)
    S[1, 0] = math.tan(rng.uniform(-hyp['shear'], hyp['shear']) * math.pi / 180)
    T = np.eye(3)
    T[0, 2] = rng.uniform(0.5 - hyp['translate'], 0.5 + hyp['translate']) * width
    T[1, 2] = rng.uniform(0.5 - hyp['translate'], 0.5 + hyp['translate']) * height
    M = T @ S @ R @ C
    if (border[0] != 0) or (border[1] != 0) or (M != np.eye(3)).any():
        im = cv2.warpAffine(im, M[:2], dsize=(width, height), borderValue=(114, 114, 114))
    return im


def augment_hsv(im, rng, hgain=HYP['hsv_h'], sgain=HYP['hsv_s'], vgain=HYP['hsv_v']):
    r = rng.uniform(-1, 1, 3) * [hgain, sgain, vgain] + 1
    hue, sat, val = cv2.split(cv2.cvtColor(im, cv2.COLOR_BGR2HSV))
    x = np.arange(0, 256, dtype=r.dtype)
    lut_hue = ((x * r[0]) % 180).astype(np.uint8)
    lut_sat = np.clip(x * r[1], 0, 255).astype(np.uint8)
    lut_val = np.clip(x * r[2], 0, 255).astype(np.uint8)
    im_hsv = cv2.merge((cv2.LUT(hue, lut_hue), cv2.LUT(sat, lut_sat), cv2.LUT(val, lut_val)))
    return cv2.cvtColor(im_hsv, cv2.COLOR_HSV2BGR)


def load_mosaic(files, index, s, rng, cache=None):
    """YOLOv5's 4-image mosaic on a 2s x 2s canvas (before random_perspective)."""
    yc, xc = (int(rng.uniform(s // 2, 3 * s // 2)) for _ in range(2))
    indices = [index] + list(rng.integers(0, len(files), 3))
    img4 = np.full((s * 2, s * 2, 3), 114, dtype=np.uint8)
    for i, idx in enumerate(indices):
        im = cache[idx] if cache is not None else load_image(files[idx], s, True)[0]
        h, w = im.shape[:2]
        if i == 0:
            x1a, y1a, x2a, y2a = max(xc - w, 0), max(yc - h, 0), xc, yc
            x1b, y1b, x2b, y2b = w - (x2a - x1a), h - (y2a - y1a), w, h
        elif i == 1:
            x1a, y1a, x2a, y2a = xc, max(yc - h, 0), min(xc + w, s * 2), yc
            x1b, y1b, x2b, y2b = 0, h - (y2a - y1a), min(w, x2a - x1a), h
        elif i == 2:
            x1a, y1a, x2a, y2a = max(xc - w, 0), yc, xc, min(s * 2, yc + h)
            x1b, y1b, x2b, y2b = w - (x2a - x1a), 0, w, min(y2a - y1a, h)
        else:
            x1a, y1a, x2a, y2a = xc, yc, min(xc + w, s * 2), min(s * 2, yc + h)
            x1b, y1b, x2b, y2b = 0, 0, min(w, x2a - x1a), min(y2a - y1a, h)
        img4[y1a:y2a, x1a:x2a] = im[y1b:y2b, x1b:x2b]
    return img4


def train_sample(files, index, s, rng, mosaic_p=1.0, cache=None):
    """One augmented s x s BGR uint8 training image."""
    if rng.random() < mosaic_p:
        im = load_mosaic(files, index, s, rng, cache)
        im = random_perspective(im, rng, border=(-s // 2, -s // 2))
    else:
        im = cache[index] if cache is not None else load_image(files[index], s, True)[0]
        im, _, _ = letterbox(im, (s, s), auto=False, scaleup=True)
        im = random_perspective(im, rng)
    im = augment_hsv(im, rng)
    if rng.random() < HYP['fliplr']:
        im = np.ascontiguousarray(np.fliplr(im))
    return im


def to_tensor(ims):
    """BGR uint8 HWC images -> float32 NCHW RGB in [0, 1]."""
    import torch
    arr = np.stack([im[:, :, ::-1].transpose(2, 0, 1) for im in ims])
    return torch.from_numpy(np.ascontiguousarray(arr)).float() / 255
