/**
 * AKConv (the seed's code, line for line in effect) on tfjs, NHWC.
 *
 * 1. offsets = p_conv(x): a 3x3 conv (padding 1, the layer's stride) giving 2N
 *    channels: rows of the N samples, then their columns.
 * 2. p = p_0 + p_n + offsets (geometry.ts gives p_0 and p_n).
 * 3. The seed's bilinear read, quirks included: the corner indices come from
 *    floor(p) and floor(p) + 1 clamped into the map, p itself is clamped, and
 *    the weights use the clamped values, so a sample that falls outside the map
 *    reads its border pixel with weight 2 per clamped axis (not zero padding).
 * 4. The N samples of each pixel are mixed by the column conv (kernel (N, 1),
 *    stride (N, 1) over samples stacked as rows), done here as one 1x1 conv
 *    over N*C channels, with BatchNorm folded in, then SiLU.
 *
 * On WebGPU and WebGL, steps 2 and 3 are one custom program
 * (kernels/akconv-sample.ts) and SiLU rides in step 4's conv; on cpu and wasm steps 2 and 3
 * are one loop over host memory (kernels/akconv-sample-host.ts). The composed
 * ops below stay the reference (setFusedKernels(false) selects them).
 */
import * as tf from '@tensorflow/tfjs';
import type { WeightMap } from '../io/tensor';
import type { GridConvention, SamplePoint } from './geometry';
import { basePlusShape, initialShape, outputSize, validateCustomShape } from './geometry';
import type { AKConvSpec } from './modules';
import { sampleStackedWebGL, sampleStackedWebGPU } from './kernels/akconv-sample';
import { sampleStackedHost } from './kernels/akconv-sample-host';
import type { FusedBackend } from './kernels/fused';
import { fusedBackend } from './kernels/fused';
import { conv2dSilu } from './kernels/conv-silu';
import { foldColumnConv, getTensor } from './weights';
import { ShapeCache } from './shape-cache';

export interface AKConvOptions {
  convention: GridConvention;
  /** Replaces the initial sampling shape p_n (N points, row and column). */
  customShape?: readonly SamplePoint[];
}

/** What one apply() keeps for the panels (see `AKConvLayer.capture`). */
export interface AKConvCapture {
  positions: tf.Tensor4D | null;
  /** undefined: not wanted; null: wanted, not yet captured. */
  input?: tf.Tensor4D | null;
}

/** An AKConv's weights as host arrays (`AKConvLayer.weights`). */
export interface AKConvWeights {
  kernelSize: [number, number];
  channelsIn: number;
  channelsOut: number;
  numParam: number;
  /** p_conv, HWIO: [kh, kw, C, 2N]. */
  offsetKernel: Float32Array;
  offsetBias: Float32Array;
  /** The column conv (N, 1) with BatchNorm folded: [N * C, O], row n * C + c. */
  mixKernel: Float32Array;
  mixBias: Float32Array;
}

export class AKConvLayer {
  readonly spec: AKConvSpec;
  readonly prefix: string;
  private offsetKernel: tf.Tensor4D;
  private offsetBias: tf.Tensor1D;
  private readonly mixKernel: tf.Tensor4D;
  private readonly mixBias: tf.Tensor1D;
  private options: AKConvOptions;
  /**
   * When set, the next apply() keeps its sampling positions here (for the
   * offsets panel) and, when `input` is not undefined, its input map (for the
   * explainer); the caller disposes both.
   */
  capture: AKConvCapture | null = null;
  /** The weights as host arrays, read once on demand (the explainer's arithmetic). */
  private weightsOnHost: Promise<AKConvWeights> | null = null;
  /** (p_0 + p_n) as [1, h, w, 2N] per output size, for the last few sizes (shape-cache.ts); rebuilt when the geometry changes. */
  private readonly baseCache = new ShapeCache<tf.Tensor4D>((t) => t.dispose());

  constructor(spec: AKConvSpec, prefix: string, weights: WeightMap, options: AKConvOptions) {
    this.spec = spec;
    this.prefix = prefix;
    this.options = checkOptions(options, spec.numParam);
    const pw = getTensor(weights, `${prefix}.p_conv.weight`);
    // p_conv has no BatchNorm: only the OIHW -> HWIO transpose.
    this.offsetKernel = offsetKernelOf(pw.data, pw.shape);
    this.offsetBias = tf.tensor1d(getTensor(weights, `${prefix}.p_conv.bias`).data);
    const mix = foldColumnConv(weights, prefix, spec.bias);
    this.mixKernel = tf.tensor4d(mix.kernel.data, mix.kernel.shape as [number, number, number, number]);
    this.mixBias = tf.tensor1d(mix.bias.data);
  }

  get numParam(): number {
    return this.spec.numParam;
  }

  get geometry(): Readonly<AKConvOptions> {
    return this.options;
  }

  /** The initial shape this layer uses (custom or the convention's p_n). */
  get initialShape(): SamplePoint[] {
    return this.options.customShape ? [...this.options.customShape] : initialShape(this.spec.numParam, this.options.convention);
  }

  /** Replaces p_conv's weight (OIHW, PyTorch's layout) and bias, e.g. to perturb an untrained model's offsets. */
  setOffsetConv(weight: { shape: number[]; data: Float32Array }, bias: { shape: number[]; data: Float32Array }): void {
    const expected = [2 * this.spec.numParam, this.spec.c1, 3, 3];
    if (weight.shape.join('x') !== expected.join('x')) throw new Error(`${this.prefix}.p_conv.weight must be ${expected.join('x')}, got ${weight.shape.join('x')}`);
    if (bias.data.length !== expected[0]) throw new Error(`${this.prefix}.p_conv.bias must have ${expected[0]} values, got ${bias.data.length}`);
    const kernel = offsetKernelOf(weight.data, weight.shape);
    this.offsetKernel.dispose();
    this.offsetBias.dispose();
    this.offsetKernel = kernel;
    this.offsetBias = tf.tensor1d(bias.data);
  }

  setGeometry(options: AKConvOptions): void {
    this.options = checkOptions(options, this.spec.numParam);
    this.clearCache();
  }

  /** p_conv's raw output: [b, h, w, 2N] (rows, then columns). */
  offsets(x: tf.Tensor4D): tf.Tensor4D {
    return tf.fused.conv2d({ x, filter: this.offsetKernel, strides: this.spec.stride, pad: 1, bias: this.offsetBias });
  }

  /** Sampling positions before clamping, [b, h, w, 2N]: rows of the N samples, then columns. */
  positions(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const offsets = this.offsets(x);
      return tf.add(offsets, this.base(offsets.shape[1], offsets.shape[2]));
    });
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    // A clone shares x's data (no copy); kept, as an enclosing tidy would free it.
    if (this.capture && this.capture.input !== undefined) this.capture.input = tf.keep(tf.clone(x));
    return tf.tidy(() => {
      const fused = fusedBackend();
      const stacked = fused ? this.sampleFused(x, fused) : this.sampleComposed(x);
      return conv2dSilu({ x: stacked, filter: this.mixKernel, strides: 1, pad: 'valid', dilations: 1, bias: this.mixBias });
    });
  }

  /** Positions and bilinear read in one GPU program or host loop: [b, h, w, N * C]. */
  private sampleFused(x: tf.Tensor4D, fused: FusedBackend): tf.Tensor4D {
    const offsets = this.offsets(x);
    const base = this.base(offsets.shape[1], offsets.shape[2]);
    if (this.capture) this.capture.positions = tf.keep(tf.add<tf.Tensor4D>(offsets, base));
    if (fused === 'webgpu') return sampleStackedWebGPU(x, offsets, base);
    return fused === 'webgl' ? sampleStackedWebGL(x, offsets, base) : sampleStackedHost(x, offsets, base);
  }

  /** The reference: the seed's read in composed tfjs ops, [b, h, w, N * C]. */
  private sampleComposed(x: tf.Tensor4D): tf.Tensor4D {
    const [b, inH, inW, c] = x.shape;
    const n = this.spec.numParam;
    const p = this.positions(x);
    if (this.capture) this.capture.positions = tf.keep(p.clone());
    const [, h, w] = p.shape;
    const [pRow, pCol] = tf.split(p, 2, 3) as [tf.Tensor4D, tf.Tensor4D];
    const rowFloor = tf.floor(pRow);
    const colFloor = tf.floor(pCol);
    const ltRow = tf.clipByValue(rowFloor, 0, inH - 1);
    const ltCol = tf.clipByValue(colFloor, 0, inW - 1);
    const rbRow = tf.clipByValue(tf.add(rowFloor, 1), 0, inH - 1);
    const rbCol = tf.clipByValue(tf.add(colFloor, 1), 0, inW - 1);
    const row = tf.clipByValue(pRow, 0, inH - 1);
    const col = tf.clipByValue(pCol, 0, inW - 1);
    // The seed's weights: lt (1 + (q - p)), rb (1 - (q - p)), per axis.
    const wRowLt = tf.add(1, tf.sub(ltRow, row));
    const wRowRb = tf.sub(1, tf.sub(rbRow, row));
    const wColLt = tf.add(1, tf.sub(ltCol, col));
    const wColRb = tf.sub(1, tf.sub(rbCol, col));
    const flat = tf.reshape(x, [b * inH * inW, c]);
    // Float index arithmetic is exact below 2^24 cells; cast once at the end.
    const imageOffset = tf.reshape(tf.mul(tf.range(0, b, 1, 'float32'), inH * inW), [b, 1, 1, 1]);
    const read = (qRow: tf.Tensor, qCol: tf.Tensor, weight: tf.Tensor): tf.Tensor => {
      const index = tf.cast(tf.add(tf.add(tf.mul(qRow, inW), qCol), imageOffset), 'int32');
      // Rank 3 ([pixels, N, C]): tfjs-wasm has no fast path above rank 4.
      const values = tf.reshape(tf.gather(flat, tf.reshape(index, [-1])), [b * h * w, n, c]);
      return tf.mul(values, tf.reshape(weight, [b * h * w, n, 1]));
    };
    const sampled = tf.addN([
      read(ltRow, ltCol, tf.mul(wRowLt, wColLt)),
      read(rbRow, rbCol, tf.mul(wRowRb, wColRb)),
      read(ltRow, rbCol, tf.mul(wRowLt, wColRb)),
      read(rbRow, ltCol, tf.mul(wRowRb, wColLt)),
    ]);
    return tf.reshape<tf.Rank.R4>(sampled, [b, h, w, n * c]);
  }

  /**
   * The layer's weights as host arrays (read from the device once): p_conv's
   * HWIO kernel [3, 3, C, 2N] and bias, and the column conv with BatchNorm
   * folded as [N * C, O] (sample-major, as the samples are stacked) and bias.
   */
  weights(): Promise<AKConvWeights> {
    this.weightsOnHost ??= (async () => {
      const [kh, kw, channelsIn, twoN] = this.offsetKernel.shape;
      const channelsOut = this.mixBias.shape[0];
      const [offsetKernel, offsetBias, mixKernel, mixBias] = await Promise.all([this.offsetKernel, this.offsetBias, this.mixKernel, this.mixBias].map((t) => t.data() as Promise<Float32Array>));
      return { kernelSize: [kh, kw], channelsIn, channelsOut, numParam: twoN / 2, offsetKernel: offsetKernel!, offsetBias: offsetBias!, mixKernel: mixKernel!, mixBias: mixBias! };
    })();
    return this.weightsOnHost;
  }

  /** Output map size for an input map size. */
  outputSize(inH: number, inW: number): { h: number; w: number } {
    return outputSize(inH, inW, this.spec.stride);
  }

  dispose(): void {
    this.clearCache();
    for (const t of [this.offsetKernel, this.offsetBias, this.mixKernel, this.mixBias]) t.dispose();
  }

  private clearCache(): void {
    this.baseCache.clear();
  }

  private base(h: number, w: number): tf.Tensor4D {
    // Kept: made inside the forward pass's tidy, but it outlives it.
    return this.baseCache.get(`${h}x${w}`, () =>
      tf.keep(tf.tensor4d(basePlusShape(h, w, this.spec.stride, this.options.convention, this.initialShape), [1, h, w, 2 * this.spec.numParam])),
    );
  }
}

function checkOptions(options: AKConvOptions, numParam: number): AKConvOptions {
  if (options.convention !== 'xy' && options.convention !== 'ij') {
    throw new Error(`unknown AKConv convention '${String(options.convention)}' (use xy or ij)`);
  }
  return options.customShape
    ? { convention: options.convention, customShape: validateCustomShape(options.customShape, numParam) }
    : { convention: options.convention };
}

/** p_conv's OIHW weight as the HWIO kernel tfjs convolves with (p_conv has no BatchNorm to fold). */
function offsetKernelOf(data: Float32Array, shape: number[]): tf.Tensor4D {
  const [cout, cin, kh, kw] = shape as [number, number, number, number];
  return tf.tidy(() => tf.transpose(tf.tensor4d(data, [cout, cin, kh, kw]), [2, 3, 1, 0]));
}
