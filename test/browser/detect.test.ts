/** Issue 3 in the browser: .pt import, segmentation masks and a scale-l model on WebGPU. */
import { describe, expect, it } from 'vitest';
import { boxIou } from '../../src/detect/nms';
import type { ImageResult } from '../../src/cli/predict';
import { readFixtureText } from '../helpers/fixtures';
import type * as DetectCases from './cases/detect';
import { useHarness } from './use-harness';

describe('checkpoints and detections on WebGPU', () => {
  const browser = useHarness();
  const run = () => browser().module<typeof DetectCases>('/test/browser/cases/detect.ts');

  it('reads a YOLOv5 .pt (zip + pickle) in the page and runs it', async () => {
    const r = await run()('runTinyCheckpoint');
    expect(r.source).toBe('ema');
    expect(r.names).toHaveLength(3);
    expect(r.predShape).toEqual([1, 3 * (8 * 12 + 4 * 6 + 2 * 3), 8]);
  });

  it('segmentation: boxes, scores and masks match refcli.py predict on PNG photos', async () => {
    const files = ['tall_crop.png', 'wide_crop.png'];
    const ours = await run()('predictSegmentation', files);
    const ref = (JSON.parse(readFixtureText('detect/predict_seg_n_xy.json')) as ImageResult[]).filter((r) => files.includes(r.image));
    ours.forEach((r, i) => {
      const theirs = ref[i]!;
      expect(r.backend).toBe('webgpu');
      expect(r.leaked).toBe(0);
      expect(r.input).toEqual(theirs.input);
      expect(r.detections.length).toBe(theirs.detections.length);
      r.detections.forEach((d, k) => {
        const e = theirs.detections[k]!;
        expect(d.class).toBe(e.class);
        expect(boxIou(d.box, e.box)).toBeGreaterThanOrEqual(0.9);
        expect(Math.abs(d.conf - e.conf)).toBeLessThanOrEqual(0.02);
        expect(Math.abs((d.mask_area ?? 0) - (e.mask_area ?? 0))).toBeLessThanOrEqual(0.02 * Math.max(1, e.mask_area ?? 0));
      });
    });
    expect(ours.flatMap((r) => r.detections).some((d) => (d.mask_area ?? 0) > 0)).toBe(true);
  });

  it('a scale-l C3_AKConv model (41.9 M parameters) loads and runs at 64 x 96', async () => {
    const r = await run()('runScaleL');
    expect(r.parameters).toBe(41_928_079);
    expect(r.predShape).toEqual([1, 3 * (8 * 12 + 4 * 6 + 2 * 3), 85]);
    expect(r.finite).toBe(true);
    expect(r.leaked).toBe(0);
  });
});
