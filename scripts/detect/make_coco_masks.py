#!/usr/bin/python3
"""Golden data for src/detect/coco-masks.ts and src/detect/coco-rle.ts: the
`segmentation` of segment/val.py's --save-json (YOLOv5 v7.0). val.py turns
each predicted mask (0/1, uint8, at the letterboxed input size) into the
original image's size with utils/segment/general.py scale_image (crop the
padding, cv2.resize INTER_LINEAR on the [h, w, n] uint8 stack), then
save_one_json encodes each with pycocotools' mask.encode, whose C core
(common/maskApi.c: rleEncode, rleToString) is compiled and called here,
since Debian packages no pycocotools. Opt-in: it needs a YOLOv5 source tree
and the cocoapi sources (neither shipped).

    git clone https://github.com/ultralytics/yolov5 && git -C yolov5 checkout v7.0
    git clone https://github.com/cocodataset/cocoapi
    apt-get install -y gcc python3-torch python3-opencv python3-pandas python3-matplotlib python3-seaborn
    /usr/bin/python3 scripts/detect/make_coco_masks.py path/to/yolov5 path/to/cocoapi

Writes test/fixtures/detect/coco-masks.json. Masks are stored run-length
coded (row-major, alternating runs of 0 and 1, starting with 0s).
"""
import ctypes
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from mask_runs import row_runs
from yolov5_path import use_yolov5

use_yolov5(sys.argv[1])

from utils.segment.general import scale_image  # noqa: E402  (YOLOv5's)

OUT = Path(__file__).resolve().parents[2] / 'test' / 'fixtures' / 'detect' / 'coco-masks.json'


class Rle(ctypes.Structure):
    _fields_ = [('h', ctypes.c_ulong), ('w', ctypes.c_ulong), ('m', ctypes.c_ulong), ('cnts', ctypes.POINTER(ctypes.c_uint))]


def mask_api(cocoapi):
    """cocoapi's maskApi.c as a shared library, built with gcc in a temporary folder."""
    lib = Path(tempfile.mkdtemp()) / 'maskApi.so'
    subprocess.run(['gcc', '-O2', '-shared', '-fPIC', '-o', str(lib), str(Path(cocoapi) / 'common' / 'maskApi.c')], check=True)
    api = ctypes.CDLL(str(lib))
    api.rleEncode.argtypes = [ctypes.POINTER(Rle), ctypes.c_char_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    api.rleToString.argtypes = [ctypes.POINTER(Rle)]
    api.rleToString.restype = ctypes.c_void_p
    api.rleFree.argtypes = [ctypes.POINTER(Rle)]
    return api


def coco_encode(api, mask):
    """pycocotools.mask.encode of one [h, w] mask, as save_one_json's single_encode calls it."""
    m = np.asarray(mask[:, :, None], order='F', dtype='uint8')
    h, w = m.shape[:2]
    r = Rle()
    api.rleEncode(ctypes.byref(r), m.tobytes(order='F'), h, w, 1)
    p = api.rleToString(ctypes.byref(r))
    counts = ctypes.string_at(p).decode('utf-8')
    ctypes.CDLL(None).free(ctypes.c_void_p(p))
    api.rleFree(ctypes.byref(r))
    return {'size': [int(h), int(w)], 'counts': counts}


def blobs(rng, h, w, n):
    """n masks of ellipses and rectangles (a cropped process_mask looks like that), some touching the edges."""
    yy, xx = np.mgrid[0:h, 0:w]
    out = np.zeros((n, h, w), np.uint8)
    for i in range(n):
        for _ in range(rng.integers(1, 4)):
            cy, cx = rng.uniform(-0.1, 1.1) * h, rng.uniform(-0.1, 1.1) * w
            ry, rx = rng.uniform(0.05, 0.5) * h, rng.uniform(0.05, 0.5) * w
            if rng.random() < 0.5:
                out[i] |= (((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1).astype(np.uint8)
            else:
                out[i] |= ((abs(yy - cy) <= ry) & (abs(xx - cx) <= rx)).astype(np.uint8)
    return out


# (input h, input w, original h, original w, pad x, pad y): pads as the letterbox gives
# them (dw / 2, dh / 2 before rounding), including halves, whose int() truncates.
CASES = [
    (96, 128, 480, 640, 0.0, 0.0),     # 5x up, no padding
    (128, 128, 480, 640, 0.0, 16.0),   # square letterbox
    (160, 160, 333, 500, 0.0, 13.5),   # half-pixel pad
    (64, 96, 100, 150, 0.0, 0.0),      # 1.5625x up
    (128, 96, 200, 151, 0.0, 0.0),     # odd original
    (160, 160, 100, 77, 7.5, 0.0),     # both directions: original smaller
    (64, 64, 32, 32, 0.0, 0.0),        # exact 2x down (cv2 takes INTER_AREA)
    (64, 64, 64, 64, 0.0, 0.0),        # same size
    (96, 160, 427, 640, 0.0, 0.5),     # a COCO-shaped photo at 160, auto pad
    (32, 32, 7, 1, 0.0, 0.0),          # a sliver
]


def main():
    api = mask_api(sys.argv[2])
    rng = np.random.default_rng(20261201)
    cases = []
    for ih, iw, oh, ow, px, py in CASES:
        n = 3
        masks = blobs(rng, ih, iw, n)
        if ih == 64 and iw == 64 and oh == 64:
            masks[2] = 0  # an empty mask
        # What val.py gives scale_image: [h, w, n] uint8 after permute(1, 2, 0).
        scaled = scale_image((ih, iw), np.ascontiguousarray(masks.transpose(1, 2, 0)), (oh, ow), ((oh / ih, ow / iw), (px, py)))
        scaled = np.transpose(scaled, (2, 0, 1))
        # scale_image on one mask alone must equal its slice of the stack (cv2 works per value).
        one = scale_image((ih, iw), np.ascontiguousarray(masks[0][:, :, None]), (oh, ow), ((oh / ih, ow / iw), (px, py)))
        assert np.array_equal(one[:, :, 0], scaled[0])
        cases.append({
            'input': [ih, iw], 'original': [oh, ow], 'pad': [px, py],
            'masks': [row_runs(m) for m in masks],
            'scaled': [row_runs(m) for m in scaled],
            'segmentation': [coco_encode(api, m) for m in scaled],
        })
    # Count strings that exercise rleToString's sign and carry rules: long runs (several
    # 5-bit groups) and runs shorter than the one two back (negative deltas).
    special = []
    for h, w, pattern in [(1, 1, [1]), (1, 1, [0]), (3, 1, [1, 0, 1]), (1, 4000, None), (50, 40, 'stripes')]:
        if pattern is None:
            m = np.zeros((h, w), np.uint8)
            m[0, 1234:3999] = 1
            m[0, 5:6] = 1
        elif pattern == 'stripes':
            m = np.zeros((h, w), np.uint8)
            for c in range(w):
                m[(c * 7) % h: (c * 7) % h + (c % 9) + 1, c] = 1
        else:
            m = np.array(pattern, np.uint8).reshape(h, w)
        special.append({'mask': row_runs(m), 'size': [h, w], 'segmentation': coco_encode(api, m)})
    OUT.write_text(json.dumps({'source': 'YOLOv5 v7.0 utils/segment/general.py scale_image, cocoapi common/maskApi.c', 'cases': cases, 'rle': special}) + '\n')
    print(f'wrote {OUT} ({len(cases)} scale cases, {len(special)} RLE cases)')


if __name__ == '__main__':
    main()
