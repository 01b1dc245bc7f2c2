/**
 * Per-shape constants (AKConv's p_0 + p_n, the Detect head's decode columns)
 * are kept for the last SHAPES_KEPT sizes only: a sweep over many input
 * shapes leaves as many tensors as a few shapes do, and a shape met again
 * after its constants were dropped gives the same outputs as a fresh model.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_WEIGHTS, composeWeights, MODEL_GOLDEN_CASES } from '../cases/model-golden';
import { configFromObject } from '../../src/model/config';
import { SHAPES_KEPT, ShapeCache } from '../../src/model/shape-cache';
import { YoloModel } from '../../src/model/yolo';
import { readFixtureSafetensors } from '../helpers/fixtures';
import { NODE_BACKENDS, useNodeBackend } from '../helpers/node-backends';

describe('ShapeCache', () => {
  it('keeps the most recently used keys and releases the least recently used one beyond its capacity', () => {
    const released: string[] = [];
    const cache = new ShapeCache<string>((v) => released.push(v), 2);
    const made: string[] = [];
    const get = (key: string) => cache.get(key, () => (made.push(key), `value ${key}`));
    expect(get('a')).toBe('value a');
    expect(get('b')).toBe('value b');
    expect(get('a')).toBe('value a'); // a hit: a is now the most recent
    expect(made).toEqual(['a', 'b']);
    expect(get('c')).toBe('value c'); // b was the least recent
    expect(released).toEqual(['value b']);
    expect(cache.size).toBe(2);
    expect(get('b')).toBe('value b'); // made again
    expect(made).toEqual(['a', 'b', 'c', 'b']);
    expect(released).toEqual(['value b', 'value a']);
    cache.clear();
    expect(released.sort()).toEqual(['value a', 'value b', 'value b', 'value c']);
    expect(cache.size).toBe(0);
  });
});

/** The AKConv model of the fixtures: AKConv layers and the Detect head, both with per-shape constants. */
const AKCONV_CASE = MODEL_GOLDEN_CASES[1]!;

function loadModel(): YoloModel {
  const { weights, metadata } = composeWeights(readFixtureSafetensors(BASE_WEIGHTS), readFixtureSafetensors(AKCONV_CASE.overlay!));
  return YoloModel.load(configFromObject(JSON.parse(metadata['config']!)), weights, { convention: AKCONV_CASE.convention });
}

/** [h, w] input shapes, multiples of 32 (the largest stride). */
type Shape = readonly [number, number];

/** One forward pass at `shape` on a fixed image; the prediction read back, every output disposed. */
function predict(model: YoloModel, [h, w]: Shape): Float32Array {
  return tf.tidy(() => {
    const x = tf.randomUniform<tf.Rank.R4>([1, h, w, 3], 0, 1, 'float32', h * 1000 + w);
    const out = model.forward(x);
    return out.pred.dataSync() as Float32Array;
  });
}

/** The shapes used first, the last of them the one met again at the end. */
const FIRST: readonly Shape[] = Array.from({ length: SHAPES_KEPT }, (_, i) => [32 * (i + 1), 64] as const);
/** More shapes than the caches keep, none of them among FIRST. */
const SWEEP: readonly Shape[] = Array.from({ length: 3 * SHAPES_KEPT }, (_, i) => [32 + 32 * (i % 4), 96 + 32 * Math.floor(i / 4)] as const);

describe.each(NODE_BACKENDS)('per-shape constants are bounded on the %s backend', (backend) => {
  beforeAll(async () => {
    await useNodeBackend(backend);
  });

  it(`a sweep over ${SWEEP.length} shapes leaves the tensors of ${SHAPES_KEPT} shapes, and shapes met again give a fresh model's outputs`, () => {
    expect(tf.getBackend()).toBe(backend);
    const before = tf.memory().numTensors;
    const model = loadModel();
    const loaded = tf.memory().numTensors;
    for (const shape of FIRST) predict(model, shape);
    const afterFirst = tf.memory().numTensors;
    // Each shape adds constants (else this test would not test the bound).
    expect(afterFirst).toBeGreaterThan(loaded);

    for (const shape of SWEEP) {
      predict(model, shape);
      // Bounded all along: never more than SHAPES_KEPT shapes' worth.
      expect(tf.memory().numTensors).toBe(afterFirst);
    }
    // Back to the first shapes (their constants were all dropped by the sweep): rebuilt, and no more than before.
    const again = FIRST.map((shape) => predict(model, shape));
    expect(tf.memory().numTensors).toBe(afterFirst);

    const fresh = loadModel();
    for (const [i, shape] of FIRST.entries()) {
      const expected = predict(fresh, shape);
      expect(again[i]!.length).toBe(expected.length);
      expect(again[i]!.every((v, k) => v === expected[k]), `shape ${shape.join('x')}`).toBe(true);
    }
    fresh.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
