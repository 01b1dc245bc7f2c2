/**
 * YOLOv5's Detect and Segment heads with their inference-time decode:
 * per level a 1x1 conv to na x no channels, then
 *   xy = (2 sigmoid(t) + grid - 0.5) * stride,  wh = (2 sigmoid(t))^2 * anchor,
 *   objectness and class scores = sigmoid(t),
 * and for Segment the nm mask coefficients left raw, plus the prototypes.
 */
import * as tf from '@tensorflow/tfjs';
import type { WeightMap } from '../io/tensor';
import { decodeLevelWebGL, decodeLevelWebGPU } from './kernels/detect-decode';
import { fusedBackend } from './kernels/fused';
import { ProtoBlock } from './layers';
import { ShapeCache } from './shape-cache';
import type { DetectSpec } from './modules';
import { getTensor } from './weights';

export interface HeadOutput {
  /** [b, anchors x cells, no]: cx, cy, w, h in input pixels, objectness, class scores (+ mask coefficients). */
  pred: tf.Tensor3D;
  /** Segment only: mask prototypes, NHWC [b, h/4, w/4, nm]. */
  proto?: tf.Tensor4D;
}

export class DetectHead {
  private readonly kernels: tf.Tensor4D[];
  private readonly biases: tf.Tensor1D[];
  /** Anchors in pixels, per level [na, 2]. */
  private readonly anchorPixels: number[][][];
  private readonly proto?: ProtoBlock;
  /** Decode constants per level, for the last few map sizes (shape-cache.ts; they depend only on shapes). */
  private readonly decodeCache: ShapeCache<DecodeConstants>[];

  constructor(
    readonly spec: DetectSpec,
    readonly strides: number[],
    weights: WeightMap,
    prefix: string,
  ) {
    this.kernels = spec.ch.map((_, i) => {
      const w = getTensor(weights, `${prefix}.m.${i}.weight`);
      const [cout, cin] = w.shape as [number, number];
      return tf.tidy(() => tf.reshape(tf.transpose(tf.tensor2d(w.data, [cout, cin])), [1, 1, cin, cout]));
    });
    this.biases = spec.ch.map((_, i) => tf.tensor1d(getTensor(weights, `${prefix}.m.${i}.bias`).data));
    // The checkpoint's anchors buffer is in stride units; YOLOv5 multiplies it back by the stride.
    const anchors = getTensor(weights, `${prefix}.anchors`);
    const na = this.na;
    this.anchorPixels = spec.ch.map((_, i) =>
      Array.from({ length: na }, (_, a) => [0, 1].map((k) => (anchors.data[(i * na + a) * 2 + k] as number) * (strides[i] as number))),
    );
    if (spec.proto) this.proto = new ProtoBlock(spec.proto, weights, `${prefix}.proto`);
    this.decodeCache = spec.ch.map(() => new ShapeCache<DecodeConstants>(disposeDecodeConstants));
  }

  get na(): number {
    return this.spec.anchors[0]?.length ?? 0;
  }

  /** The anchors the decode uses, per level [na][w, h] in pixels (from the checkpoint, which autoanchor may have changed from the config's). */
  anchorsInPixels(): number[][][] {
    return this.anchorPixels.map((level) => level.map((wh) => [...wh]));
  }

  apply(inputs: tf.Tensor4D[]): HeadOutput {
    const pred = tf.tidy(() => tf.concat(inputs.map((x, i) => this.level(x, i)), 1) as tf.Tensor3D);
    const first = inputs[0];
    return this.proto && first ? { pred, proto: this.proto.run(first) } : { pred };
  }

  dispose(): void {
    for (const t of [...this.kernels, ...this.biases]) t.dispose();
    for (const cache of this.decodeCache) cache.clear();
    this.proto?.dispose();
  }

  /**
   * One level's conv and decode, all in rank <= 4 (tfjs-wasm has no fast path
   * for slices above rank 4, and a 5-D split cost most of the forward pass):
   * with v = sigmoid(t) * scale + offset, each output column is
   * v^2 * quadratic + v * linear (+ t * raw for mask coefficients), which is
   * (2 sigmoid + grid - 0.5) * stride for xy, (2 sigmoid)^2 * anchor for wh,
   * sigmoid for scores, and t itself for mask coefficients, each computed in
   * the same order as YOLOv5's own expressions. On WebGPU and WebGL the
   * transpose and decode are one program (kernels/detect-decode.ts).
   */
  private level(x: tf.Tensor4D, i: number): tf.Tensor3D {
    const no = this.spec.no;
    const na = this.na;
    const [b, ny, nx] = x.shape;
    const y = tf.fused.conv2d({ x, filter: this.kernels[i] as tf.Tensor4D, strides: 1, pad: 'valid', bias: this.biases[i] as tf.Tensor1D });
    const fused = fusedBackend();
    if (fused === 'webgpu' || fused === 'webgl') {
      const level = { no, nm: this.spec.nm, stride: this.strides[i] as number, anchors: this.anchorPixels[i] ?? [] };
      return fused === 'webgpu' ? decodeLevelWebGPU(y, level) : decodeLevelWebGL(y, level);
    }
    // Channel a * no + o (PyTorch's view(bs, na, no, ny, nx)) -> [b, na, ny * nx, no].
    const t = tf.transpose(tf.reshape(y, [b, ny * nx, na, no]), [0, 2, 1, 3]);
    const c = this.decodeConstants(i, ny, nx);
    const v = tf.add(tf.mul(tf.sigmoid(t), c.scale), c.offset);
    let out = tf.add(tf.mul(tf.square(v), c.quadratic), tf.mul(v, c.linear));
    if (c.raw) out = tf.add(out, tf.mul(t, c.raw));
    return tf.reshape(out, [b, na * ny * nx, no]);
  }

  /** The per-column constants of level i's decode, built once per map size. */
  private decodeConstants(i: number, ny: number, nx: number): DecodeConstants {
    const cache = this.decodeCache[i];
    if (!cache) throw new Error(`the Detect head has no level ${i}`);
    // Kept: built inside the forward pass's tidy, but they outlive it.
    return cache.get(`${ny}x${nx}`, () => keepAll(buildDecodeConstants(this.spec, this.anchorPixels[i] ?? [], this.strides[i] as number, ny, nx)));
  }
}

/** Broadcast over [b, na, ny * nx, no]; see DetectHead.level for the formula. */
interface DecodeConstants {
  /** [1, 1, 1, no]: 2 for xy and wh, 1 for scores, 0 for mask coefficients. */
  scale: tf.Tensor4D;
  /** [1, 1, ny * nx, no]: the cell's column - 0.5 and row - 0.5 in the xy columns, 0 elsewhere. */
  offset: tf.Tensor4D;
  /** [1, na, 1, no]: the anchor's width and height in pixels in the wh columns, 0 elsewhere. */
  quadratic: tf.Tensor4D;
  /** [1, 1, 1, no]: the stride for xy, 1 for scores, 0 elsewhere. */
  linear: tf.Tensor4D;
  /** [1, 1, 1, no], Segment only: 1 for the mask coefficients, 0 elsewhere. */
  raw?: tf.Tensor4D;
}

function buildDecodeConstants(spec: DetectSpec, anchors: number[][], stride: number, ny: number, nx: number): DecodeConstants {
  const { no, nm } = spec;
  const na = anchors.length;
  const scores = no - nm;
  const column = (f: (o: number) => number): tf.Tensor4D => tf.tensor4d(Array.from({ length: no }, (_, o) => f(o)), [1, 1, 1, no]);
  const offset = new Float32Array(ny * nx * no);
  for (let r = 0; r < ny; r++) {
    for (let col = 0; col < nx; col++) {
      offset[(r * nx + col) * no] = col - 0.5;
      offset[(r * nx + col) * no + 1] = r - 0.5;
    }
  }
  const quadratic = new Float32Array(na * no);
  anchors.forEach(([w, h], a) => {
    quadratic[a * no + 2] = w ?? 0;
    quadratic[a * no + 3] = h ?? 0;
  });
  return {
    scale: column((o) => (o < 4 ? 2 : o < scores ? 1 : 0)),
    offset: tf.tensor4d(offset, [1, 1, ny * nx, no]),
    quadratic: tf.tensor4d(quadratic, [1, na, 1, no]),
    linear: column((o) => (o < 2 ? stride : o < 4 ? 0 : o < scores ? 1 : 0)),
    ...(nm > 0 ? { raw: column((o) => (o < scores ? 0 : 1)) } : {}),
  };
}

function keepAll(c: DecodeConstants): DecodeConstants {
  for (const t of Object.values(c) as tf.Tensor[]) tf.keep(t);
  return c;
}

function disposeDecodeConstants(c: DecodeConstants): void {
  tf.dispose([c.scale, c.offset, c.quadratic, c.linear, ...(c.raw ? [c.raw] : [])]);
}
