import { describe, expect, it } from 'vitest';
import { COCO_NAMES } from '../../../src/detect/coco-names';
import type { FrameDetections } from '../../../src/runtime/protocol';
import type { FrameToSave } from '../../../src/ui/detect/result-files';
import { fileStem, resultFileName, resultText } from '../../../src/ui/detect/result-files';
import { decodeCocoRle } from '../../detect/coco-rle-decode';

const detections: FrameDetections['detections'] = [
  { box: [10.126, 20.5, 110.25, 220.75], score: 0.912345, classId: 0, label: 'person' },
  { box: [300, 40, 380.5, 90], score: 0.5, classId: 79, label: 'toothbrush' },
];

const frame = (name: string, names: readonly string[] = COCO_NAMES): FrameToSave => ({
  name,
  width: 640,
  height: 480,
  names,
  result: { modelLabel: 'YOLOv5n', detections, timings: { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 }, inputSize: [480, 640], letterbox: { pad: [0, 0], resized: [480, 640], ratio: 1 } },
});

describe('the result files of one frame', () => {
  it('JSON is one akconv predict --json entry: sizes, input, boxes to 0.01 px, scores to 5 decimals, names', () => {
    const { text, type } = resultText(frame('000000000885.jpg'), 'json');
    expect(type).toBe('application/json');
    expect(JSON.parse(text)).toEqual([
      {
        image: '000000000885.jpg',
        width: 640,
        height: 480,
        input: [480, 640],
        detections: [
          { box: [10.13, 20.5, 110.25, 220.75], conf: 0.91235, class: 0, name: 'person' },
          { box: [300, 40, 380.5, 90], conf: 0.5, class: 79, name: 'toothbrush' },
        ],
      },
    ]);
  });

  it('YOLO txt lists lowest confidence first (as detect.py) and its normalised xywh give back the boxes', () => {
    const lines = resultText(frame('a.jpg'), 'txt').text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const back = lines.map((l) => {
      const [c = NaN, x = NaN, y = NaN, w = NaN, h = NaN, conf = NaN] = l.split(' ').map(Number);
      return { classId: c, conf, box: [(x - w / 2) * 640, (y - h / 2) * 480, (x + w / 2) * 640, (y + h / 2) * 480] };
    });
    expect(back.map((b) => b.classId)).toEqual([79, 0]);
    [...detections].reverse().forEach((d, i) => {
      d.box.forEach((v, k) => expect(back[i]!.box[k]).toBeCloseTo(v, 2));
      expect(back[i]!.conf).toBeCloseTo(d.score, 5);
    });
  });

  it("YOLO txt of a segmentation model's detection is its mask's polygon (segment/predict.py), normalised by the frame", () => {
    // A rectangle of the 480x640 input (= the frame: gain 1, no padding), columns 64..128, rows 48..96.
    const data = new Uint8Array(480 * 640);
    for (let y = 48; y <= 96; y++) data.fill(1, y * 640 + 64, y * 640 + 129);
    const masked: FrameDetections['detections'] = [detections[0]!, { ...detections[1]!, mask: { width: 640, height: 480, data } }];
    const f = frame('a.jpg');
    const lines = resultText({ ...f, result: { ...f.result, detections: masked } }, 'txt').text.trimEnd().split('\n');
    expect(lines[0]).toBe('79 0.1 0.1 0.1 0.2 0.2 0.2 0.2 0.1 0.5');
    // The mask-less detection keeps its box line.
    expect(lines[1]).toBe(resultText(f, 'txt').text.trimEnd().split('\n')[1]);
  });

  it('COCO results: image_id from a numeric stem, COCO category ids for COCO names, top-left xywh', () => {
    const coco = JSON.parse(resultText(frame('000000000885.jpg'), 'coco').text) as Record<string, unknown>[];
    // val.py rounds the float32 score: fround(0.912345) is 0.91234499...
    expect(coco[0]).toEqual({ image_id: 885, category_id: 1, bbox: [10.126, 20.5, 100.124, 200.25], score: 0.91234 });
    expect(coco[1]).toMatchObject({ category_id: 90 });
    // Not COCO's classes: the class index is the category, and a non-numeric stem the image id.
    const own = JSON.parse(resultText(frame('clip.webm', ['a', 'b']), 'coco').text) as Record<string, unknown>[];
    expect(own.map((r) => [r['image_id'], r['category_id']])).toEqual([['clip', 0], ['clip', 79]]);
  });

  it("COCO results of a segmentation model's detection carry its mask as RLE at the frame's size (segment/val.py)", () => {
    // The 480x640 frame letterboxed into a 640x640 input: 80 rows of padding above, none at the sides.
    const data = new Uint8Array(640 * 640);
    for (let y = 128; y <= 176; y++) data.fill(1, y * 640 + 64, y * 640 + 129);
    const masked: FrameDetections['detections'] = [detections[0]!, { ...detections[1]!, mask: { width: 640, height: 640, data } }];
    const f = frame('000000000885.jpg');
    const result = { ...f.result, detections: masked, inputSize: [640, 640] as [number, number], letterbox: { pad: [0, 80] as [number, number], resized: [640, 480] as [number, number], ratio: 1 } };
    const coco = JSON.parse(resultText({ ...f, result }, 'coco').text) as { segmentation?: { size: number[]; counts: string } }[];
    expect(coco[0]).not.toHaveProperty('segmentation');
    const rle = coco[1]!.segmentation!;
    expect(rle.size).toEqual([480, 640]);
    // The same rectangle 80 rows up, in the frame: rows 48..96, columns 64..128.
    const mask = decodeCocoRle(rle);
    const set: number[] = [];
    mask.data.forEach((v, i) => v && set.push(i));
    expect(set.length).toBe(49 * 65);
    expect([set[0], set.at(-1)]).toEqual([48 * 640 + 64, 96 * 640 + 128]);
  });

  it('names the downloads after the source', () => {
    expect(fileStem('photo.v2.jpg')).toBe('photo.v2');
    expect(fileStem('webcam')).toBe('webcam');
    expect(['png', 'json', 'txt', 'coco'].map((f) => resultFileName('cat.jpg', f as 'png'))).toEqual(['cat.png', 'cat.json', 'cat.txt', 'cat_coco.json']);
  });
});
