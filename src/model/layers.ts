/**
 * The YOLOv5 building blocks on tfjs (NHWC), each built from its spec
 * (modules.ts) and the state-dict tensors under its PyTorch prefix.
 */
import * as tf from '@tensorflow/tfjs';
import type { WeightMap } from '../io/tensor';
import type { AKConvOptions } from './akconv';
import { AKConvLayer } from './akconv';
import type { BottleneckSpec, C3Spec, ConvSpec, ModuleSpec, ProtoSpec, SPPFSpec } from './modules';
import { conv2dSilu } from './kernels/conv-silu';
import { foldConv } from './weights';

/** A runnable block: inputs (one, or several for Concat and heads) to one map. */
export interface Block {
  apply(inputs: tf.Tensor4D[]): tf.Tensor4D;
  /** The AKConv layers inside this block, for inspection and geometry changes. */
  akconvs(): AKConvLayer[];
  dispose(): void;
}

function only(inputs: tf.Tensor4D[]): tf.Tensor4D {
  const x = inputs[0];
  if (!x || inputs.length !== 1) throw new Error(`expected one input, got ${inputs.length}`);
  return x;
}

/** Conv2d + BatchNorm (folded) + SiLU. */
export class ConvLayer implements Block {
  private readonly kernel: tf.Tensor4D;
  private readonly bias: tf.Tensor1D;

  constructor(
    readonly spec: ConvSpec,
    weights: WeightMap,
    prefix: string,
  ) {
    const f = foldConv(weights, `${prefix}.conv.weight`, `${prefix}.bn`);
    this.kernel = tf.tensor4d(f.kernel.data, f.kernel.shape as [number, number, number, number]);
    this.bias = tf.tensor1d(f.bias.data);
  }

  run(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const { s, p, d } = this.spec;
      // The bias (and on the GPU the SiLU) ride in the conv's own kernel: one dispatch, not three.
      const args = { x, filter: this.kernel, strides: s, pad: p === 0 ? ('valid' as const) : p, dilations: d, bias: this.bias };
      return this.spec.act ? conv2dSilu(args) : tf.fused.conv2d(args);
    });
  }

  apply(inputs: tf.Tensor4D[]): tf.Tensor4D {
    return this.run(only(inputs));
  }

  akconvs(): AKConvLayer[] {
    return [];
  }

  dispose(): void {
    this.kernel.dispose();
    this.bias.dispose();
  }
}

/** AKConv as a block (Bottleneck_AKConv's cv2, or an LDConv layer). */
class AKConvBlock implements Block {
  constructor(readonly layer: AKConvLayer) {}
  apply(inputs: tf.Tensor4D[]): tf.Tensor4D {
    return this.layer.apply(only(inputs));
  }
  akconvs(): AKConvLayer[] {
    return [this.layer];
  }
  dispose(): void {
    this.layer.dispose();
  }
}

class BottleneckBlock implements Block {
  private readonly cv1: ConvLayer;
  private readonly cv2: Block;

  constructor(
    readonly spec: BottleneckSpec,
    weights: WeightMap,
    prefix: string,
    options: AKConvOptions,
  ) {
    this.cv1 = new ConvLayer(spec.cv1, weights, `${prefix}.cv1`);
    this.cv2 = buildBlock(spec.cv2, weights, `${prefix}.cv2`, options);
  }

  apply(inputs: tf.Tensor4D[]): tf.Tensor4D {
    return tf.tidy(() => {
      const x = only(inputs);
      const y = this.cv2.apply([this.cv1.run(x)]);
      return this.spec.add ? tf.add(x, y) : y;
    });
  }

  akconvs(): AKConvLayer[] {
    return this.cv2.akconvs();
  }

  dispose(): void {
    this.cv1.dispose();
    this.cv2.dispose();
  }
}

/** C3 and C3_AKConv: cv3(concat(m(cv1(x)), cv2(x))). */
class C3Block implements Block {
  private readonly cv1: ConvLayer;
  private readonly cv2: ConvLayer;
  private readonly cv3: ConvLayer;
  private readonly m: BottleneckBlock[];

  constructor(spec: C3Spec, weights: WeightMap, prefix: string, options: AKConvOptions) {
    this.cv1 = new ConvLayer(spec.cv1, weights, `${prefix}.cv1`);
    this.cv2 = new ConvLayer(spec.cv2, weights, `${prefix}.cv2`);
    this.cv3 = new ConvLayer(spec.cv3, weights, `${prefix}.cv3`);
    this.m = spec.m.map((b, i) => new BottleneckBlock(b, weights, `${prefix}.m.${i}`, options));
  }

  apply(inputs: tf.Tensor4D[]): tf.Tensor4D {
    return tf.tidy(() => {
      const x = only(inputs);
      const a = this.m.reduce((y, b) => b.apply([y]), this.cv1.run(x));
      return this.cv3.run(tf.concat([a, this.cv2.run(x)], 3));
    });
  }

  akconvs(): AKConvLayer[] {
    return this.m.flatMap((b) => b.akconvs());
  }

  dispose(): void {
    for (const l of [this.cv1, this.cv2, this.cv3, ...this.m]) l.dispose();
  }
}

/** SPPF: three chained 5x5 max-pools (stride 1, 'same'), concatenated. */
class SPPFBlock implements Block {
  private readonly cv1: ConvLayer;
  private readonly cv2: ConvLayer;

  constructor(
    readonly spec: SPPFSpec,
    weights: WeightMap,
    prefix: string,
  ) {
    this.cv1 = new ConvLayer(spec.cv1, weights, `${prefix}.cv1`);
    this.cv2 = new ConvLayer(spec.cv2, weights, `${prefix}.cv2`);
  }

  apply(inputs: tf.Tensor4D[]): tf.Tensor4D {
    return tf.tidy(() => {
      const x = this.cv1.run(only(inputs));
      // Padding k // 2 with -inf, as PyTorch's MaxPool2d: tfjs's 'same' ignores padded cells.
      const pool = (t: tf.Tensor4D): tf.Tensor4D => tf.maxPool(t, this.spec.k, 1, 'same');
      const y1 = pool(x);
      const y2 = pool(y1);
      return this.cv2.run(tf.concat([x, y1, y2, pool(y2)], 3));
    });
  }

  akconvs(): AKConvLayer[] {
    return [];
  }

  dispose(): void {
    this.cv1.dispose();
    this.cv2.dispose();
  }
}

class UpsampleBlock implements Block {
  constructor(readonly scale: number) {}
  apply(inputs: tf.Tensor4D[]): tf.Tensor4D {
    const x = only(inputs);
    // PyTorch 'nearest': source index floor(dst / scale), which is tfjs's legacy (non half-pixel) rule.
    return tf.image.resizeNearestNeighbor(x, [Math.floor(x.shape[1] * this.scale), Math.floor(x.shape[2] * this.scale)], false, false);
  }
  akconvs(): AKConvLayer[] {
    return [];
  }
  dispose(): void {}
}

class ConcatBlock implements Block {
  apply(inputs: tf.Tensor4D[]): tf.Tensor4D {
    return tf.concat(inputs, 3);
  }
  akconvs(): AKConvLayer[] {
    return [];
  }
  dispose(): void {}
}

/** Segment's mask prototypes: cv3(cv2(upsample(cv1(x)))). */
export class ProtoBlock {
  private readonly cv1: ConvLayer;
  private readonly cv2: ConvLayer;
  private readonly cv3: ConvLayer;
  private readonly up = new UpsampleBlock(2);

  constructor(spec: ProtoSpec, weights: WeightMap, prefix: string) {
    this.cv1 = new ConvLayer(spec.cv1, weights, `${prefix}.cv1`);
    this.cv2 = new ConvLayer(spec.cv2, weights, `${prefix}.cv2`);
    this.cv3 = new ConvLayer(spec.cv3, weights, `${prefix}.cv3`);
  }

  run(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => this.cv3.run(this.cv2.run(this.up.apply([this.cv1.run(x)]))));
  }

  dispose(): void {
    for (const l of [this.cv1, this.cv2, this.cv3]) l.dispose();
  }
}

/** Builds the runnable block for any module spec except the head. */
export function buildBlock(spec: ModuleSpec, weights: WeightMap, prefix: string, options: AKConvOptions): Block {
  switch (spec.kind) {
    case 'Conv':
      return new ConvLayer(spec, weights, prefix);
    case 'AKConv':
      return new AKConvBlock(new AKConvLayer(spec, prefix, weights, options));
    case 'Bottleneck':
      return new BottleneckBlock(spec, weights, prefix, options);
    case 'C3':
      return new C3Block(spec, weights, prefix, options);
    case 'SPPF':
      return new SPPFBlock(spec, weights, prefix);
    case 'Upsample':
      return new UpsampleBlock(spec.scale);
    case 'Concat':
      return new ConcatBlock();
    case 'Proto':
    case 'Detect':
      throw new Error(`${spec.kind} is built by the model's head, not as a block`);
  }
}
