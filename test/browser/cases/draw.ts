/** The panel's drawing (src/ui/detect/draw.ts) on a plain grey canvas, read back. */
import type { FrameDetections } from '../../../src/runtime/protocol';
import { drawDetections } from '../../../src/ui/detect/draw';

/** Two overlapping masks (left two thirds, right two thirds) of classes 0 and 1 on grey 100; a pixel of each region, below the labels at the top. */
export function overlappingMasks(): { left: number[]; both: number[]; right: number[] } {
  const [width, height] = [30, 40];
  const canvas = document.createElement('canvas');
  Object.assign(canvas, { width, height });
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = 'rgb(100, 100, 100)';
  ctx.fillRect(0, 0, width, height);
  const mask = (x0: number, x1: number) => {
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) data.fill(1, y * width + x0, y * width + x1);
    return { width, height, data };
  };
  const detection = (classId: number, x0: number, x1: number) => ({ box: [0, 0, 0, 0] as [number, number, number, number], score: 0.9, classId, label: String(classId), mask: mask(x0, x1) });
  const result: FrameDetections = {
    modelLabel: 'test',
    detections: [detection(0, 0, 20), detection(1, 10, 30)],
    timings: { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 },
    inputSize: [height, width],
    letterbox: { pad: [0, 0], resized: [width, height], ratio: 1 },
  };
  drawDetections(ctx, result, width, height, width);
  const at = (x: number) => [...ctx.getImageData(x, 35, 1, 1).data.slice(0, 3)];
  return { left: at(5), both: at(15), right: at(25) };
}
