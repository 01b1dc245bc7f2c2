/**
 * From PyTorch state dicts to what the tfjs layers use: names checked against
 * the architecture, BatchNorm folded into the convolution before it, and
 * kernels laid out HWIO for tfjs's NHWC convolutions.
 */
import type { TensorData, WeightMap } from '../io/tensor';
import { numelOf } from '../io/tensor';
import type { Architecture } from './architecture';
import { modelParamSpecs } from './architecture';

/** YOLOv5 sets every BatchNorm's eps to 0.001 (the seed's models too). */
export const BATCH_NORM_EPS = 1e-3;

export class WeightsError extends Error {
  override name = 'WeightsError';
}

const LIST_LIMIT = 5;

function firstFew(names: string[]): string {
  const shown = names.slice(0, LIST_LIMIT).join(', ');
  return names.length > LIST_LIMIT ? `${shown} and ${names.length - LIST_LIMIT} more` : shown;
}

/**
 * Buffers a state dict may carry that the model does not need: BatchNorm's
 * step counter, and the `anchor_grid` cache that YOLOv5 v6.0 checkpoints
 * (the official yolov5n.pt among them) still save.
 */
function isIgnorable(name: string): boolean {
  return name.endsWith('.num_batches_tracked') || /^model\.\d+\.anchor_grid$/.test(name);
}

/**
 * Checks that the weights fit the architecture exactly: every expected tensor
 * present with its shape, nothing unexpected. Throws a WeightsError naming
 * the first few offenders of each kind.
 */
export function checkWeights(arch: Architecture, weights: WeightMap): void {
  const specs = modelParamSpecs(arch);
  const expected = new Set(specs.map((s) => s.name));
  const missing: string[] = [];
  const misshaped: string[] = [];
  for (const spec of specs) {
    const t = weights.get(spec.name);
    if (!t) missing.push(spec.name);
    else if (t.shape.length !== spec.shape.length || t.shape.some((d, i) => d !== spec.shape[i])) {
      misshaped.push(`${spec.name} (${t.shape.join('x') || 'scalar'}, expected ${spec.shape.join('x')})`);
    } else if (t.data.length !== numelOf(t.shape)) {
      misshaped.push(`${spec.name} (${t.data.length} values for shape ${t.shape.join('x')})`);
    }
  }
  const unexpected = [...weights.keys()].filter((n) => !expected.has(n) && !isIgnorable(n));
  const problems: string[] = [];
  if (missing.length) problems.push(`${missing.length} missing: ${firstFew(missing)}`);
  if (unexpected.length) problems.push(`${unexpected.length} unexpected: ${firstFew(unexpected)}`);
  if (misshaped.length) problems.push(`${misshaped.length} with the wrong shape: ${firstFew(misshaped)}`);
  if (problems.length) throw new WeightsError(`the weights do not fit the model config: ${problems.join('; ')}`);
}

/** A convolution with its BatchNorm folded in, kernel in HWIO order. */
export interface FoldedConv {
  /** [kh, kw, cin, cout] */
  kernel: TensorData;
  /** [cout] */
  bias: TensorData;
}

export function getTensor(weights: WeightMap, name: string): TensorData {
  const t = weights.get(name);
  if (!t) throw new WeightsError(`missing tensor ${name}`);
  return t;
}

/**
 * OIHW weights (and optional bias) with BatchNorm `bnPrefix` folded in:
 * w' = w * g / sqrt(var + eps), b' = beta + (b - mean) * g / sqrt(var + eps).
 */
export function foldConv(weights: WeightMap, weightName: string, bnPrefix: string | null, biasName: string | null = null): FoldedConv {
  const w = getTensor(weights, weightName);
  const [cout, cin, kh, kw] = w.shape as [number, number, number, number];
  const scale = new Float64Array(cout).fill(1);
  const shift = new Float64Array(cout);
  if (biasName) {
    const b = getTensor(weights, biasName).data;
    for (let o = 0; o < cout; o++) shift[o] = b[o] as number;
  }
  if (bnPrefix) {
    const gamma = getTensor(weights, `${bnPrefix}.weight`).data;
    const beta = getTensor(weights, `${bnPrefix}.bias`).data;
    const mean = getTensor(weights, `${bnPrefix}.running_mean`).data;
    const variance = getTensor(weights, `${bnPrefix}.running_var`).data;
    for (let o = 0; o < cout; o++) {
      scale[o] = (gamma[o] as number) / Math.sqrt((variance[o] as number) + BATCH_NORM_EPS);
      shift[o] = (beta[o] as number) + ((shift[o] as number) - (mean[o] as number)) * (scale[o] as number);
    }
  }
  const kernel = new Float32Array(kh * kw * cin * cout);
  for (let o = 0; o < cout; o++) {
    const s = scale[o] as number;
    for (let i = 0; i < cin; i++) {
      for (let y = 0; y < kh; y++) {
        for (let x = 0; x < kw; x++) {
          kernel[((y * kw + x) * cin + i) * cout + o] = (w.data[((o * cin + i) * kh + y) * kw + x] as number) * s;
        }
      }
    }
  }
  return { kernel: { shape: [kh, kw, cin, cout], data: kernel }, bias: { shape: [cout], data: Float32Array.from(shift) } };
}

/**
 * AKConv's column conv (kernel (N, 1), stride (N, 1) over the N samples
 * stacked as rows) as a 1x1 conv over N*C channels ordered (sample, channel),
 * with its BatchNorm folded in.
 */
export function foldColumnConv(weights: WeightMap, prefix: string, hasBias: boolean): FoldedConv {
  const folded = foldConv(weights, `${prefix}.conv.0.weight`, `${prefix}.conv.1`, hasBias ? `${prefix}.conv.0.bias` : null);
  // HWIO of a (N, 1) kernel is [N, 1, C, O]; in row-major that is already (n, c) order.
  const [n, , c, o] = folded.kernel.shape as [number, number, number, number];
  return { kernel: { shape: [1, 1, n * c, o], data: folded.kernel.data }, bias: folded.bias };
}
