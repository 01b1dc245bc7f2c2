/**
 * The two contestants on one input size, in whatever JavaScript host runs
 * them (Chromium's bench page, or Node with Dawn's WebGPU): this app's model
 * on tfjs, and onnxruntime-web on the same weights exported to ONNX.
 *
 * One timed forward = input tensor from a Float32Array, the network, and the
 * output read back to the CPU, for both, so neither is charged for work the
 * other skips.
 */
import * as tf from '@tensorflow/tfjs';
import type * as Ort from 'onnxruntime-web';
import { readCheckpoint } from '../../src/io/checkpoint';
import { YoloModel } from '../../src/model/yolo';
import type { ForwardCounts } from './protocol';

export interface Runner {
  /** One forward; returns its wall time in ms. */
  forward(): Promise<number>;
  /** Kernels / dispatches of one forward and the first forward's time (call once, first). */
  counts(): Promise<ForwardCounts>;
  dispose(): Promise<void>;
}

export type OrtModule = typeof Ort;
export type Size = readonly [height: number, width: number];

/** A fixed pseudo-random image in [0, 1) (the speed does not depend on the values, but keep them real). */
export function benchInput(size: Size): Float32Array {
  const data = new Float32Array(size[0] * size[1] * 3);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s >>> 8) / 2 ** 24;
  }
  return data;
}

let dispatchCount = 0;
let dispatchHooked = false;

/** Counts every WebGPU compute dispatch in this JavaScript realm (tfjs's and onnxruntime-web's alike). */
function hookDispatches(): boolean {
  if (dispatchHooked) return true;
  const encoder = (globalThis as { GPUComputePassEncoder?: { prototype: GPUComputePassEncoder } }).GPUComputePassEncoder;
  if (!encoder) return false;
  const proto = encoder.prototype;
  const original = proto.dispatchWorkgroups;
  proto.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...args: Parameters<GPUComputePassEncoder['dispatchWorkgroups']>) {
    dispatchCount++;
    return original.apply(this, args);
  };
  dispatchHooked = true;
  return true;
}

async function countDispatches(onWebGpu: boolean, run: () => Promise<unknown>): Promise<number | null> {
  if (!onWebGpu || !hookDispatches()) {
    await run();
    return null;
  }
  const before = dispatchCount;
  await run();
  return dispatchCount - before;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

/** This app's model (a .safetensors checkpoint) on tfjs's current backend. */
export async function tfjsRunner(checkpoint: Uint8Array, size: Size): Promise<Runner> {
  const ckpt = await readCheckpoint(checkpoint);
  return modelRunner(YoloModel.load(ckpt.config, ckpt.weights, { convention: ckpt.convention ?? 'xy' }), size);
}

/** A model already built (e.g. an untrained one, src/model/init.ts) on tfjs's current backend; disposes it with the runner. */
export function modelRunner(model: YoloModel, size: Size): Runner {
  const input = benchInput(size);
  const onWebGpu = tf.getBackend() === 'webgpu';
  const forward = async (): Promise<void> => {
    const out = tf.tidy(() => model.forward(tf.tensor4d(input, [1, size[0], size[1], 3])).pred);
    try {
      await out.data();
    } finally {
      out.dispose();
    }
  };
  return {
    forward: () => timed(forward),
    async counts() {
      const firstMs = await timed(forward);
      const dispatches = await countDispatches(onWebGpu, forward);
      const x = tf.tensor4d(input, [1, size[0], size[1], 3]);
      let pred: tf.Tensor | null = null;
      const profile = await tf.profile(() => {
        pred = model.forward(x).pred;
        return pred;
      });
      tf.dispose([x, ...(pred ? [pred] : [])]);
      return { kernels: profile.kernels.length, dispatches, firstMs };
    },
    async dispose() {
      model.dispose();
    },
  };
}

/** onnxruntime-web on `onnx` (from training/export_onnx.py) with one execution provider, default options. */
export async function ortRunner(ort: OrtModule, onnx: Uint8Array, size: Size, provider: 'wasm' | 'webgl' | 'webgpu'): Promise<Runner> {
  const session = await ort.InferenceSession.create(onnx, { executionProviders: [provider] });
  const inputName = session.inputNames[0];
  if (inputName === undefined) throw new Error('the ONNX model has no input');
  const input = benchInput(size);
  const forward = async (): Promise<void> => {
    const feeds = { [inputName]: new ort.Tensor('float32', input, [1, 3, size[0], size[1]]) };
    const results = await session.run(feeds);
    // Outputs on the GPU (webgpu, webgl) come back to the CPU here, as tfjs's do.
    for (const t of Object.values(results)) {
      await t.getData();
      t.dispose();
    }
  };
  return {
    forward: () => timed(forward),
    async counts() {
      const firstMs = await timed(forward);
      return { kernels: null, dispatches: await countDispatches(provider === 'webgpu', forward), firstMs };
    },
    dispose: () => session.release(),
  };
}
