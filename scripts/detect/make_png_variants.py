#!/usr/bin/python3
"""PNG colour types and bit depths for the decoder test (test/detect/image-decode.test.ts).

Run: /usr/bin/python3 scripts/detect/make_png_variants.py [SHARED]   (default ../shared)
Writes test/fixtures/detect/png/: NAME.png (one PNG variant of a 48x32 crop of a
COCO128 photo) and NAME.expected.png (what cv2.imread(NAME.png, IMREAD_COLOR)
gives, written back as a plain 8-bit RGB PNG). Deterministic; needs cv2 and PIL.
"""
import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / 'shared').resolve()
OUT = ROOT / 'test/fixtures/detect/png'


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for f in OUT.glob('*.png'):
        f.unlink()
    bgr = cv2.imread(str(SHARED / 'data/coco128/images/val2017/000000001503.jpg'))[100:132, 120:168].copy()
    rgb = np.ascontiguousarray(bgr[:, :, ::-1])
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    noise = np.random.default_rng(0).integers(0, 257, bgr.shape).astype(np.uint16)
    bgra = cv2.cvtColor(bgr, cv2.COLOR_BGR2BGRA)
    bgra[:, :, 3] = (np.arange(48) * 5).astype(np.uint8)[None]
    cv2.imwrite(str(OUT / 'rgb8.png'), bgr)
    cv2.imwrite(str(OUT / 'gray8.png'), gray)
    cv2.imwrite(str(OUT / 'rgba8.png'), bgra)
    cv2.imwrite(str(OUT / 'rgb16.png'), bgr.astype(np.uint16) * 257 + noise)  # low bytes differ: truncate, not round
    cv2.imwrite(str(OUT / 'gray16.png'), gray.astype(np.uint16) * 257 + 200)
    Image.fromarray(rgb).convert('P', palette=Image.ADAPTIVE, colors=16).save(OUT / 'palette4.png')
    Image.fromarray(gray).convert('1').save(OUT / 'bilevel1.png')
    Image.fromarray(rgb).convert('LA').save(OUT / 'gray_alpha8.png')
    Image.fromarray(rgb).save(OUT / 'rgb8_trns.png', transparency=tuple(int(v) for v in rgb[10, 10]))
    Image.fromarray(gray).save(OUT / 'gray8_trns.png', transparency=int(gray[5, 5]))
    for f in sorted(OUT.glob('*.png')):
        if f.name.endswith('.expected.png'):
            continue
        cv2.imwrite(str(f.with_suffix('.expected.png')), cv2.imread(str(f), cv2.IMREAD_COLOR))
    print(sorted((p.name, p.stat().st_size) for p in OUT.iterdir()))


if __name__ == '__main__':
    main()
