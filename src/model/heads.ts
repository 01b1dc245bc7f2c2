/**
 * YOLOv5's Detect and Segment heads with their inference-time decode:
 * per level a 1x1 conv to na x no channels, then
 *   xy = (2 sigmoid(t) + grid - 0.5) * stride,  wh = (2 sigmoid(t))^2 * anchor,
 *   objectness and class scores = sigmoid(t),
 * and for Segment the nm mask coefficients left raw, plus the prototypes.
 */
import * as tf from '@tensorflow/tfjs';
import type { WeightMap } from '../io/tensor';
import { ProtoBlock } from './layers';
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
  private readonly gridCache = new Map<string, tf.Tensor>();

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
  }

  get na(): number {
    return this.spec.anchors[0]?.length ?? 0;
  }

  apply(inputs: tf.Tensor4D[]): HeadOutput {
    const pred = tf.tidy(() => tf.concat(inputs.map((x, i) => this.level(x, i)), 1) as tf.Tensor3D);
    const first = inputs[0];
    return this.proto && first ? { pred, proto: this.proto.run(first) } : { pred };
  }

  dispose(): void {
    for (const t of [...this.kernels, ...this.biases, ...this.gridCache.values()]) t.dispose();
    this.gridCache.clear();
    this.proto?.dispose();
  }

  private level(x: tf.Tensor4D, i: number): tf.Tensor3D {
    const { nc, no } = this.spec;
    const na = this.na;
    const [b, ny, nx] = x.shape;
    const y = tf.add(tf.conv2d(x, this.kernels[i] as tf.Tensor4D, 1, 'valid'), this.biases[i] as tf.Tensor1D);
    // Channel a * no + o (PyTorch's view(bs, na, no, ny, nx)) -> [b, na, ny, nx, no].
    const t = tf.transpose(tf.reshape(y, [b, ny, nx, na, no]), [0, 3, 1, 2, 4]);
    const stride = this.strides[i] as number;
    const sizes = this.spec.nm > 0 ? [2, 2, nc + 1, this.spec.nm] : [2, 2, nc + 1];
    const [xyRaw, whRaw, scoresRaw, maskRaw] = tf.split(t, sizes, 4);
    const xy = tf.mul(tf.add(tf.mul(tf.sigmoid(xyRaw as tf.Tensor), 2), this.grid(ny, nx)), stride);
    const wh = tf.mul(tf.square(tf.mul(tf.sigmoid(whRaw as tf.Tensor), 2)), this.anchorGrid(i));
    const parts = [xy, wh, tf.sigmoid(scoresRaw as tf.Tensor)];
    if (maskRaw) parts.push(maskRaw);
    return tf.reshape(tf.concat(parts, 4), [b, na * ny * nx, no]);
  }

  /** (x - 0.5, y - 0.5) per cell: [1, 1, ny, nx, 2]. */
  private grid(ny: number, nx: number): tf.Tensor {
    const key = `g${ny}x${nx}`;
    let g = this.gridCache.get(key);
    if (!g) {
      const data = new Float32Array(ny * nx * 2);
      for (let r = 0; r < ny; r++) {
        for (let c = 0; c < nx; c++) {
          data[(r * nx + c) * 2] = c - 0.5;
          data[(r * nx + c) * 2 + 1] = r - 0.5;
        }
      }
      g = tf.keep(tf.tensor(data, [1, 1, ny, nx, 2]));
      this.gridCache.set(key, g);
    }
    return g;
  }

  /** Anchor (w, h) in pixels: [1, na, 1, 1, 2]. */
  private anchorGrid(i: number): tf.Tensor {
    const key = `a${i}`;
    let g = this.gridCache.get(key);
    if (!g) {
      g = tf.keep(tf.tensor((this.anchorPixels[i] ?? []).flat(), [1, this.na, 1, 1, 2]));
      this.gridCache.set(key, g);
    }
    return g;
  }
}
