import { describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/fixtures';
import { runCli } from './run-cli';

// YOLOv5's own val.py (640, conf 0.001, IoU 0.6, batch 32) on these 128
// images, for the same checkpoint (../shared/README.md). Ours batches
// rectangles as val.py does. Which batch an image lands in depends on how
// numpy's unstable argsort orders equal aspect ratios: numpy 1.24's order
// (ported) gives 0.506 / 0.332 here, a stable order 0.509 / 0.336, so the
// machine val.py ran on decides the last 0.004; hence 0.005. The same
// pipeline in PyTorch (scripts/detect/val_reference.py) gives our numbers to
// four decimals on this machine.
const VAL_PY = { mAP50: 0.505, mAP50_95: 0.336, labels: 898 };
const TOLERANCE = 0.005;

describe('akconv val on COCO128 val2017', () => {
  it('matches YOLOv5 val.py within 0.005 for yolov5n in rectangular batches (about 2 to 3 minutes on wasm)', { timeout: 900_000 }, async () => {
    const { out } = await runCli(['val', '--weights', fixturePath('models/yolov5n.f16.safetensors'), '--data', fixturePath('coco128'), '--json']);
    const r = JSON.parse(out) as { images: number; labels: number; mAP50: number; mAP50_95: number; precision: number; recall: number };
    console.info('akconv val yolov5n:', JSON.stringify(r));
    expect(r.images).toBe(128);
    expect(r.labels).toBe(VAL_PY.labels);
    expect(Math.abs(r.mAP50 - VAL_PY.mAP50)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(r.mAP50_95 - VAL_PY.mAP50_95)).toBeLessThanOrEqual(TOLERANCE);
  });
});
