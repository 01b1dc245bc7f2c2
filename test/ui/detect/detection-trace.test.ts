import { describe, expect, it } from 'vitest';
import { headLevels, provenanceOfRow } from '../../../src/detect/provenance';
import type { ComputedField } from '../../../src/detect/sampling-field';
import { samplingField } from '../../../src/detect/sampling-field';
import { basePlusShape } from '../../../src/model/geometry';
import { initialShape } from '../../../src/model/geometry';
import type { FrameDetections, SiteInfo } from '../../../src/runtime/protocol';
import { boxAt, detectionKey, indexOfKey, stepIndex, traceDetection, traceSite } from '../../../src/ui/detect/detection-trace';

// A 128 x 96 (w x h) letterboxed input of a 256 x 160 image: ratio 0.5, 8 px of padding on top and bottom.
const levels = headLevels([8, 16, 32], [[[10, 13]], [[30, 61]], [[116, 90]]], 96, 128);
const site: SiteInfo = { name: 'model.8.m.0.cv2', layerIndex: 8, numParam: 4, inputStride: 32, akconvStride: 1 };

function frame(): FrameDetections {
  const det = (row: number, box: [number, number, number, number], classId: number) => ({ box, score: 0.9, classId, label: `c${classId}`, provenance: provenanceOfRow(levels, row) });
  return {
    modelLabel: 'test',
    // Level 0 has 12 x 16 rows, so row 192 + 2 x 8 + 1 is level 1 (16 px), cell (2, 1); row 15 is level 0, cell (0, 15).
    detections: [det(209, [0, 0, 200, 150], 0), det(15, [40, 20, 80, 60], 1), det(15, [0, 100, 10, 110], 2)],
    timings: { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 },
    inputSize: [96, 128],
    letterbox: { pad: [0, 8], resized: [128, 80], ratio: 0.5 },
  };
}

/** A field for the 3 x 4 AKConv map of the input, every sample moved by (+0.5, -0.25) cells. */
function field(): ComputedField {
  const shape = initialShape(4, 'ij');
  const initial = basePlusShape(3, 4, 1, 'ij', shape);
  const learned = initial.map((v, k) => v + ((k % 8) < 4 ? 0.5 : -0.25));
  return { ...samplingField(learned, 3, 4, 4, 32, initial), site: site.name, layerIndex: 8, convention: 'ij', akconvStride: 1, shape, image: { width: 128, height: 96 } };
}

describe('picking a detection', () => {
  it('a click selects the smallest box under it, or none', () => {
    const { detections } = frame();
    expect(boxAt(detections, 50, 30)).toBe(1);
    expect(boxAt(detections, 150, 100)).toBe(0);
    expect(boxAt(detections, 250, 10)).toBe(-1);
  });

  it('arrow keys step through the list and wrap', () => {
    expect(stepIndex(-1, 3, 1)).toBe(0);
    expect(stepIndex(-1, 3, -1)).toBe(2);
    expect(stepIndex(2, 3, 1)).toBe(0);
    expect(stepIndex(0, 3, -1)).toBe(2);
    expect(stepIndex(-1, 0, 1)).toBe(-1);
  });

  it('a detection is known again by its row and class', () => {
    const f = frame();
    expect(detectionKey(f.detections[1]!)).toBe('15:1');
    expect(indexOfKey(f, '15:2')).toBe(2);
    expect(indexOfKey(f, '16:1')).toBe(-1);
    expect(detectionKey({ classId: 0 })).toBeNull();
  });

  it("the site is the layer setting's, else the model's first", () => {
    const other = { ...site, name: 'model.2.m.0.cv2' };
    expect(traceSite([site, other], 'model.2.m.0.cv2')).toBe(other);
    expect(traceSite([site, other], null)).toBe(site);
    expect(traceSite([], null)).toBeNull();
  });
});

describe('tracing a detection to its samples', () => {
  it('maps the cell, the AKConv pixel and its samples back to image pixels', () => {
    const t = traceDetection(frame(), 0, site, field())!;
    expect(t.provenance).toMatchObject({ level: 1, stride: 16, gy: 2, gx: 1 });
    // Cell (2, 1) at 16 px: input (16, 32)..(32, 48), so image (32, 48)..(64, 80).
    expect(t.cell).toEqual({ x: 32, y: 48, width: 32, height: 32 });
    // Its centre (24, 40) lies in AKConv pixel (1, 0) of the 3 x 4 map.
    expect(t.akconv?.path.pixel).toEqual([1, 0]);
    expect(t.akconv?.square).toEqual({ x: 0, y: 48, width: 64, height: 64 });
    const samples = t.akconv?.samples ?? [];
    expect(samples).toHaveLength(4);
    // ij: p_0(1, 0) = (1, 0), p_n(0) = (0, 0): initial cell (1, 0) -> input (16, 48) -> image (32, 80).
    expect(samples[0]?.initial).toEqual({ x: 32, y: 80 });
    // Learned: 0.5 rows down and 0.25 columns left = (-8, +16) input px = (-16, +32) image px.
    expect(samples[0]?.learned).toEqual({ x: 16, y: 112 });
  });

  it('draws no samples from a field of another layer or map size, and stops at the head without AKConv', () => {
    const other = { ...field(), site: 'model.2.m.0.cv2' };
    expect(traceDetection(frame(), 1, site, other)?.akconv?.samples).toBeNull();
    expect(traceDetection(frame(), 1, site, null)?.akconv?.path.pixel).toEqual([0, 3]);
    expect(traceDetection(frame(), 1, null, field())?.akconv).toBeNull();
    expect(traceDetection(frame(), 5, site, null)).toBeNull();
  });
});
