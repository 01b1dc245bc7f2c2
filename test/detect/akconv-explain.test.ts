/**
 * The explainer's numbers are the model's: its output vector equals the tfjs
 * forward of the AKConv at the same pixel, on the shipped default model, in
 * both conventions, with the convention's shape and with a drawn one; its
 * sampling positions equal the ones captured in the same pass; and a sample
 * outside the map shows the seed's clamping.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplainSource, ExplainTrace } from '../../src/detect/akconv-explain';
import { explainedPixel, explainPixel } from '../../src/detect/akconv-explain';
import { detect } from '../../src/detect/detector';
import { readCheckpoint } from '../../src/io/checkpoint';
import type { RgbImage } from '../../src/io/image';
import type { GridConvention, SamplePoint } from '../../src/model/geometry';
import { initialShape } from '../../src/model/geometry';
import { setFusedKernels } from '../../src/model/kernels/fused';
import { YoloModel } from '../../src/model/yolo';
import { useNodeBackend } from '../helpers/node-backends';

const publicFile = (rel: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../public/${rel}`, import.meta.url))));

/** The project's tolerance rule: |ours - ref| <= 1e-4 x (1 + |ref|); returns the worst ratio to the bound. */
function worstRatio(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  expect(ours.length).toBe(ref.length);
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i] as number;
    worst = Math.max(worst, Math.abs((ours[i] as number) - r) / (1e-4 * (1 + Math.abs(r))));
  }
  return worst;
}

/** Deterministic RGB noise with a bright square, so the offsets are not those of pure noise. */
function photo(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let s = 7;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s >>> 24;
  }
  for (let y = 16; y < 48; y++) data.fill(240, (y * width + 24) * 3, (y * width + 72) * 3);
  return { data, width, height };
}

/** A drawn shape for N = 3 (the default model's AKConv): a chevron, not the convention's p_n. */
const DRAWN: SamplePoint[] = [
  { row: 0, col: 0 },
  { row: 1, col: 1 },
  { row: 2, col: 0 },
];

let model: YoloModel;
let site: string;

beforeAll(async () => {
  await useNodeBackend('wasm');
  const ckpt = await readCheckpoint(publicFile('models/yolov5n-c3akconv-ij.safetensors'));
  model = YoloModel.load(ckpt.config, ckpt.weights, { convention: 'ij' });
  site = model.akconvSites()[0]!.name;
  expect(model.akconvSites()[0]!.layer.numParam).toBe(DRAWN.length);
});

afterAll(() => model?.dispose());

/** One detection pass with the explainer's capture, and the layer's own forward on the captured map. */
async function traceAndForward(convention: GridConvention, customShape: SamplePoint[] | null, pixel: [number, number] | null) {
  model.setSamplingGeometry(customShape ? { convention, customShape } : { convention });
  const r = await detect(model, photo(96, 64), { imageSize: 96, capture: site, explain: true });
  const source = r.explain as ExplainSource;
  expect(source).toBeDefined();
  const field = r.field!;
  const trace = explainPixel(source, explainedPixel({ h: field.h, w: field.w }, pixel));
  const layer = model.akconvSites()[0]!.layer;
  const [pr, pc] = trace.pixel;
  const reference = tf.tidy(() => {
    const y = layer.apply(tf.tensor4d(source.map.data, [1, source.map.h, source.map.w, source.map.c]));
    return tf.slice(y, [0, pr, pc, 0], [1, 1, 1, -1]);
  });
  const forward = await reference.data();
  reference.dispose();
  // The positions the same forward pass captured for the offsets panel.
  const k = pr * field.w + pc;
  const n = field.n;
  const captured = Array.from(field.cells.learned.subarray(k * 2 * n, (k + 1) * 2 * n));
  return { trace, forward, captured, source };
}

function positionsOf(trace: ExplainTrace): number[] {
  return [...trace.samples.map((s) => s.position.row), ...trace.samples.map((s) => s.position.col)];
}

describe('explainPixel on the default model', () => {
  it.each([
    { convention: 'ij', shape: 'default' },
    { convention: 'xy', shape: 'default' },
    { convention: 'ij', shape: 'drawn' },
    { convention: 'xy', shape: 'drawn' },
  ] as const)('matches the tfjs forward of the AKConv ($convention, $shape shape)', async ({ convention, shape }) => {
    for (const pixel of [null, [0, 1]] as const) {
      const { trace, forward, captured } = await traceAndForward(convention, shape === 'drawn' ? DRAWN : null, pixel ? [pixel[0], pixel[1]] : null);
      expect(trace.convention).toBe(convention);
      expect(trace.samples.map((s) => s.shape)).toEqual(shape === 'drawn' ? DRAWN : initialShape(3, convention));
      const outputRatio = worstRatio(trace.output, forward);
      const positionRatio = worstRatio(positionsOf(trace), captured);
      console.log(`explainer ${convention} ${shape} pixel ${trace.pixel.join(',')}: worst output ${outputRatio.toFixed(3)}, positions ${positionRatio.toFixed(3)} of the 1e-4 bound`);
      expect(outputRatio).toBeLessThanOrEqual(1);
      expect(positionRatio).toBeLessThanOrEqual(1);
      expect(trace.output.length).toBe(trace.channelsOut);
      expect(trace.samples[0]!.values.length).toBe(trace.channelsIn);
      // The bilinear weights sum to 1 for a sample inside the map.
      for (const s of trace.samples) {
        if (!s.border.row && !s.border.col) expect(s.corners.reduce((a, q) => a + q.weight, 0)).toBeCloseTo(1, 5);
      }
    }
  });

  it('reports the seed\'s clamping when a sample falls outside the map, and still matches the forward', async () => {
    // A drawn point 15 cells down and right of p_0: from the last output pixel it lands outside the map.
    const far = [...DRAWN.slice(0, 2), { row: 15, col: 15 }];
    const { trace, forward } = await traceAndForward('ij', far, [99, 99]);
    expect(trace.pixel).toEqual([trace.out.h - 1, trace.out.w - 1]);
    const outside = trace.samples[2]!;
    expect(outside.outside).toEqual({ row: true, col: true });
    expect(outside.border).toEqual({ row: true, col: true });
    expect(outside.clamped).toEqual({ row: trace.map.h - 1, col: trace.map.w - 1 });
    // All four corners on the corner cell, each with weight 1: the border read 2 x 2 = 4 times over.
    expect(outside.corners.every((q) => q.row === trace.map.h - 1 && q.col === trace.map.w - 1 && q.weight === 1)).toBe(true);
    expect(worstRatio(trace.output, forward)).toBeLessThanOrEqual(1);
  });

  it("matches the composed tfjs ops (the model's reference path) too", async () => {
    const fused = await traceAndForward('xy', DRAWN, [1, 2]);
    setFusedKernels(false);
    try {
      const composed = await traceAndForward('xy', DRAWN, [1, 2]);
      expect(worstRatio(composed.trace.output, fused.trace.output)).toBeLessThanOrEqual(1);
      expect(worstRatio(composed.trace.output, composed.forward)).toBeLessThanOrEqual(1);
    } finally {
      setFusedKernels(true);
    }
  });

  it('leaves no tensor behind when detect() captures the input map', async () => {
    model.setSamplingGeometry({ convention: 'ij' });
    await detect(model, photo(96, 64), { imageSize: 96, capture: site, explain: true });
    const before = tf.memory().numTensors;
    const r = await detect(model, photo(96, 64), { imageSize: 96, capture: site, explain: true });
    expect(r.explain?.map.data.length).toBe(r.explain!.map.h * r.explain!.map.w * r.explain!.map.c);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives p_0 in both conventions', async () => {
    const { trace } = await traceAndForward('xy', null, [0, 1]);
    // The seed's xy grid reads flat index k = 0 * w + 1 as (k % h, k // h): pixel (0, 1) starts one row down.
    expect(trace.out.h).toBeGreaterThan(1);
    expect(trace.base).toEqual({ row: trace.stride, col: 0 });
    expect(trace.otherConvention).toBe('ij');
    expect(trace.otherBase).toEqual({ row: 0, col: trace.stride });
  });
});

describe('explainPixel by hand', () => {
  /** A 2 x 2 map with one channel 1, 2 / 3, 4; p_conv gives constant offsets (its bias); the column conv sums the samples. */
  function tinySource(offsetRows: number[], offsetCols: number[]): ExplainSource {
    const n = offsetRows.length;
    return {
      geometry: { site: 'model.0', layerIndex: 0, inputStride: 8, convention: 'ij', akconvStride: 1, shape: initialShape(n, 'ij'), n },
      map: { data: new Float32Array([1, 2, 3, 4]), h: 2, w: 2, c: 1 },
      weights: {
        kernelSize: [3, 3],
        channelsIn: 1,
        channelsOut: 1,
        numParam: n,
        offsetKernel: new Float32Array(9 * 2 * n),
        offsetBias: new Float32Array([...offsetRows, ...offsetCols]),
        mixKernel: new Float32Array(n).fill(1),
        mixBias: new Float32Array([0.5]),
      },
    };
  }

  it('reads a clamped axis with weight 2 and an inside one bilinearly', () => {
    // Pixel (0, 0), N = 1, p_n = (0, 0): p = (-0.5, 0.3). Rows clamp to 0 (weight 2); columns mix 0.7 x col 0 + 0.3 x col 1.
    const trace = explainPixel(tinySource([-0.5], [0.3]), [0, 0]);
    const s = trace.samples[0]!;
    expect(s.position.row).toBeCloseTo(-0.5, 6);
    expect(s.outside).toEqual({ row: true, col: false });
    expect(s.border).toEqual({ row: true, col: false });
    expect(s.values[0]).toBeCloseTo(2 * (0.7 * 1 + 0.3 * 2), 5);
    expect(trace.preActivation[0]).toBeCloseTo(0.5 + 2.6, 5);
    expect(trace.output[0]).toBeCloseTo(3.1 / (1 + Math.exp(-3.1)), 5);
    expect(trace.windowMeans).toEqual([null, null, null, null, 1, 2, null, 3, 4]);
  });

  it('rejects a pixel outside the output map and a map that does not fit the weights, each in one sentence', () => {
    expect(() => explainPixel(tinySource([0], [0]), [2, 0])).toThrow(/output pixel \(2, 0\) is outside the 2 x 2 map of model\.0/);
    const bad = tinySource([0], [0]);
    bad.map = { data: new Float32Array(8), h: 2, w: 2, c: 2 };
    expect(() => explainPixel(bad, [0, 0])).toThrow(/reads 1 channels but its input map has 2/);
  });

  it('explains the middle pixel when none is selected, and clamps a selection into the map', () => {
    expect(explainedPixel({ h: 4, w: 6 }, null)).toEqual([2, 3]);
    expect(explainedPixel({ h: 4, w: 6 }, [9, -2])).toEqual([3, 0]);
  });
});
