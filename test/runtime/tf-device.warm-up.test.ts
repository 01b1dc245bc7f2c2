/** The tfjs device's warm-up decision: a waiting frame replaces the warm-up except where shaders compile ahead (WebGPU). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { YoloModel } from '../../src/model/yolo';
import { warmUpAheadHelps } from '../../src/runtime/engine';
import { tfDevice } from '../../src/runtime/tf-device';

/** Stands in for a model: counts forward passes at the shape asked. */
function countingModel() {
  const m = {
    forwards: [] as number[][],
    forward(x: tf.Tensor4D) {
      m.forwards.push(x.shape);
      return { pred: tf.zeros([1, 1, 6]) };
    },
  };
  return m;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('tfDevice.warmUp', () => {
  it('runs one forward at the input size when no frame waits', async () => {
    const m = countingModel();
    await tfDevice.warmUp(m as unknown as YoloModel, 64, () => {}, { frameWaiting: false });
    await tfDevice.warmUp(m as unknown as YoloModel, 32, () => {});
    expect(m.forwards).toEqual([
      [1, 64, 64, 3],
      [1, 32, 32, 3],
    ]);
  });

  it('leaves the warm-up to a waiting frame on a backend without compile-ahead, freeing nothing it did not make', async () => {
    const m = countingModel();
    const before = tf.memory().numTensors;
    await tfDevice.warmUp(m as unknown as YoloModel, 64, () => {}, { frameWaiting: true });
    expect(m.forwards).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the warm-up only where shaders compile ahead of the first forward', () => {
    expect(['webgpu', 'webgl', 'wasm', 'cpu'].filter(warmUpAheadHelps)).toEqual(['webgpu']);
  });
});
