import { describe, expect, it } from 'vitest';
import type { LabelDetection } from '../../src/detect/export-formats';
import { COCO80_TO_COCO91, cocoImageId, cocoResults, labelsFile, yoloTxt, yoloTxtLine } from '../../src/detect/export-formats';
import { readFixtureText } from '../helpers/fixtures';
import { decodeMask, golden as segments } from './segments-golden';

interface GoldenImage {
  width: number;
  height: number;
  /** [x1, y1, x2, y2, conf, cls] as detect.py holds them (float32), in the order it writes them. */
  boxes: number[][];
  lines: string[];
}
interface GoldenCase {
  name: string;
  images: Record<string, GoldenImage>;
}

const golden = JSON.parse(readFixtureText('cli/predict.json')) as GoldenCase[];
const images = golden.flatMap((c) => Object.entries(c.images).map(([stem, im]) => [`${c.name} ${stem}`, im] as const));

describe("detect.py's --save-txt lines", () => {
  it.each(images)('%s: the same text from the same float32 boxes', (_, im) => {
    const dets = im.boxes.map(([x1 = 0, y1 = 0, x2 = 0, y2 = 0, score = 0, classId = 0]) => ({ box: [x1, y1, x2, y2], score, classId }));
    expect(dets.map((d) => yoloTxtLine(d, im.width, im.height, true))).toEqual(im.lines);
    expect(yoloTxt(dets, im.width, im.height, false)).toBe(im.lines.map((l) => `${l.split(' ').slice(0, 5).join(' ')}\n`).join(''));
  });

  it('the goldens hold detections', () => {
    expect(images.reduce((n, [, im]) => n + im.lines.length, 0)).toBeGreaterThan(20);
  });
});

describe("segment/predict.py's --save-txt lines (polygons)", () => {
  it.each(segments.scales.map((c) => [c.name, c] as const))('%s: the same text, last detection first, with and without --save-conf', (_, c) => {
    const [h1, w1] = c.input;
    const [h0, w0] = c.image;
    // Boxes do not enter a polygon line; a mask-less detection would be written from its box.
    const dets: LabelDetection[] = c.masks.map((runs, k) => ({ box: [0, 0, w0, h0], score: c.scores[k] ?? NaN, classId: c.classes[k] ?? NaN, mask: decodeMask(runs, w1, h1) }));
    expect(labelsFile(dets, w0, h0, true)).toBe(c.linesWithConf.map((l) => `${l}\n`).join(''));
    expect(labelsFile(dets, w0, h0, false)).toBe(c.lines.map((l) => `${l}\n`).join(''));
  });

  it('a detection without a mask keeps its box line among polygon lines', () => {
    const c = segments.scales[0]!;
    const [h1, w1] = c.input;
    const [h0, w0] = c.image;
    const box: LabelDetection = { box: [10, 20, 110, 220], score: 0.5, classId: 4 };
    const masked: LabelDetection = { box: [0, 0, 1, 1], score: c.scores[2] ?? NaN, classId: c.classes[2] ?? NaN, mask: decodeMask(c.masks[2] ?? [], w1, h1) };
    expect(labelsFile([box, masked], w0, h0, true)).toBe(`${c.linesWithConf[0]}\n${yoloTxtLine(box, w0, h0, true)}\n`);
  });

  it('an empty mask writes the class (and conf) alone, as an empty segment does', () => {
    const empty: LabelDetection = { box: [1, 2, 3, 4], score: 0.25, classId: 7, mask: { width: 4, height: 3, data: new Uint8Array(12) } };
    expect(labelsFile([empty], 8, 6, true)).toBe('7 0.25\n');
    expect(labelsFile([empty], 8, 6, false)).toBe('7\n');
  });
});

describe("val.py's --save-json results", () => {
  it('coco80_to_coco91_class: 80 increasing ids from 1 to 90, 11 of 1..90 unused', () => {
    expect(COCO80_TO_COCO91).toHaveLength(80);
    expect(COCO80_TO_COCO91[0]).toBe(1);
    expect(COCO80_TO_COCO91[79]).toBe(90);
    expect(COCO80_TO_COCO91.every((v, i) => i === 0 || v > (COCO80_TO_COCO91[i - 1] as number))).toBe(true);
    expect(COCO80_TO_COCO91[11]).toBe(13); // stop sign: COCO skips id 12
  });

  it('image_id is the stem as a number when it is all digits', () => {
    expect(cocoImageId('000000000139')).toBe(139);
    expect(cocoImageId('tall_crop')).toBe('tall_crop');
  });

  it('bbox is [x, y, w, h] from the top-left corner, rounded to 3 decimals; score to 5', () => {
    const [r] = cocoResults([{ box: [10.25, 20.5, 110.0625, 60.123456], score: 0.876543219, classId: 11 }], 139, COCO80_TO_COCO91);
    expect(r).toEqual({ image_id: 139, category_id: 13, bbox: [10.25, 20.5, 99.812, 39.623], score: 0.87654 });
    expect(Object.keys(r as object)).toEqual(['image_id', 'category_id', 'bbox', 'score']);
    expect(cocoResults([{ box: [0, 0, 1, 1], score: 0.5, classId: 11 }], 'x')[0]?.category_id).toBe(11);
  });
});
