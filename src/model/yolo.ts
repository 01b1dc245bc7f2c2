/**
 * The whole YOLOv5 / YOLOv5-C3_AKConv network on tfjs: a small load() +
 * forward() surface over plain tensors (NHWC images in [0, 1]).
 */
import * as tf from '@tensorflow/tfjs';
import type { WeightMap } from '../io/tensor';
import type { AKConvCapture, AKConvLayer, AKConvOptions } from './akconv';
import type { Architecture, Layer } from './architecture';
import { blockPrefix, buildArchitecture } from './architecture';
import type { ModelConfig } from './config';
import type { GridConvention, SamplePoint } from './geometry';
import { DEFAULT_CONVENTION } from './geometry';
import type { HeadOutput } from './heads';
import { DetectHead } from './heads';
import type { Block } from './layers';
import { buildBlock } from './layers';
import { checkWeights } from './weights';
import { initialTensor } from './init';

export interface LoadOptions {
  /** AKConv's grid convention; `xy` is the seed's code as written. */
  convention?: GridConvention;
  /** A custom initial sampling shape applied to every AKConv with that many samples. */
  customShape?: readonly SamplePoint[];
}

export interface ForwardOptions {
  /** Also return every layer's output (NHWC), e.g. to compare with the reference. */
  layers?: boolean;
  /** AKConv sites (by name) whose sampling positions to return. */
  capture?: readonly string[];
  /** AKConv sites (by name) whose input map to return too (the explainer reads it). */
  captureInput?: readonly string[];
}

export interface ForwardResult extends HeadOutput {
  /** Layer index to output, when asked for (not the head). */
  layers?: Map<number, tf.Tensor4D>;
  /** Sampling positions before clamping, [b, h, w, 2N] (rows, then columns), per captured AKConv. */
  positions?: Map<string, tf.Tensor4D>;
  /** Input maps [b, h, w, C] of the AKConvs named in `captureInput`. */
  inputs?: Map<string, tf.Tensor4D>;
}

/** An AKConv inside the model, named by its PyTorch prefix (`model.8.m.0.cv2`). */
export interface AKConvSite {
  layerIndex: number;
  name: string;
  layer: AKConvLayer;
  /** Stride, in input-image pixels, of the feature map this AKConv samples. */
  inputStride: number;
}

export class YoloModel {
  readonly arch: Architecture;
  private readonly blocks: Block[][];
  private readonly head: DetectHead;
  /** For each layer, the last layer that reads its output (to free it early). */
  private readonly lastUse: number[];

  private constructor(arch: Architecture, weights: WeightMap, options: LoadOptions) {
    this.arch = arch;
    const akOptions: AKConvOptions = { convention: options.convention ?? DEFAULT_CONVENTION };
    const headLayer = arch.layers[arch.layers.length - 1] as Layer;
    this.blocks = [];
    try {
      for (const layer of arch.layers.slice(0, -1)) {
        this.blocks.push(layer.blocks.map((spec, j) => buildBlock(spec, weights, blockPrefix(layer, j), akOptions)));
      }
      this.head = new DetectHead(arch.head, arch.strides, weights, `model.${headLayer.index}`);
    } catch (e) {
      this.blocks.flat().forEach((b) => b.dispose());
      throw e;
    }
    this.lastUse = arch.layers.map(() => -1);
    for (const layer of arch.layers) for (const k of layer.inputs) if (k >= 0) this.lastUse[k] = layer.index;
    if (options.customShape) this.setSamplingGeometry({ convention: akOptions.convention, customShape: options.customShape });
  }

  /** Builds the model from a config and a PyTorch-named state dict (checked exactly). */
  static load(config: ModelConfig, weights: WeightMap, options: LoadOptions = {}): YoloModel {
    const arch = buildArchitecture(config);
    checkWeights(arch, weights);
    return new YoloModel(arch, weights, options);
  }

  get nc(): number {
    return this.arch.nc;
  }

  get isSegmentation(): boolean {
    return this.arch.nm > 0;
  }

  get strides(): number[] {
    return [...this.arch.strides];
  }

  /** The head's anchors per level [na][w, h] in input pixels, as its decode uses them. */
  anchorsInPixels(): number[][][] {
    return this.head.anchorsInPixels();
  }

  /** Every AKConv in the model, in execution order. */
  akconvSites(): AKConvSite[] {
    return this.blocks.flatMap((blocks, i) => {
      const layer = this.arch.layers[i] as Layer;
      const from = layer.inputs[0] as number;
      const inputStride = from === -1 ? 1 : (this.arch.layers[from] as Layer).stride;
      return blocks.flatMap((b) => b.akconvs().map((ak) => ({ layerIndex: i, name: ak.prefix, layer: ak, inputStride })));
    });
  }

  /**
   * Changes the AKConv geometry of the live model: the convention, and a
   * custom shape for the AKConvs whose N matches its length (others keep the
   * convention's own shape).
   */
  setSamplingGeometry(options: AKConvOptions): void {
    for (const { layer } of this.akconvSites()) {
      const fits = options.customShape && options.customShape.length === layer.numParam;
      layer.setGeometry(fits ? options : { convention: options.convention });
    }
  }

  /**
   * For an untrained model: sets every AKConv's p_conv to its initial values
   * plus seeded noise of about `std` cells (init.ts, InitOptions.offsetNoise;
   * 0 gives back the initial p_conv).
   */
  setOffsetNoise(std: number, seed = 0): void {
    for (const { name, layer } of this.akconvSites()) {
      const at = (leaf: string) => initialTensor(this.arch, `${name}.p_conv.${leaf}`, { seed, offsetNoise: std });
      layer.setOffsetConv(at('weight'), at('bias'));
    }
  }

  /**
   * Runs the network on NHWC images in [0, 1] whose height and width are
   * multiples of the largest stride (32).
   */
  forward(images: tf.Tensor4D, options: ForwardOptions = {}): ForwardResult {
    const [, h, w, c] = images.shape;
    const maxStride = Math.max(...this.arch.strides);
    if (c !== this.arch.config.ch) throw new Error(`the model expects ${this.arch.config.ch} input channels, got ${c}`);
    if (h % maxStride !== 0 || w % maxStride !== 0) {
      throw new Error(`input height and width must be multiples of ${maxStride}, got ${h} x ${w}`);
    }
    const kept = new Map<number, tf.Tensor4D>();
    const outputs: (tf.Tensor4D | undefined)[] = [];
    const captures = new Map<string, AKConvCapture>();
    for (const site of this.akconvSites()) {
      const wantsInput = !!options.captureInput?.includes(site.name);
      if (!options.capture?.includes(site.name) && !wantsInput) continue;
      const slot: AKConvCapture = wantsInput ? { positions: null, input: null } : { positions: null };
      site.layer.capture = slot;
      captures.set(site.name, slot);
    }
    const headLayer = this.arch.layers[this.arch.layers.length - 1] as Layer;
    try {
      for (const layer of this.arch.layers.slice(0, -1)) {
        const out = this.applyLayer(layer, images, outputs);
        if (options.layers) kept.set(layer.index, out);
        this.release(outputs, layer.index, kept);
      }
      const result: ForwardResult = this.head.apply(headLayer.inputs.map((k) => outputs[k] as tf.Tensor4D));
      if (options.layers) result.layers = kept;
      if (captures.size) {
        result.positions = new Map();
        for (const [name, slot] of captures) if (slot.positions) result.positions.set(name, slot.positions);
        const inputs = [...captures].filter((entry): entry is [string, AKConvCapture & { input: tf.Tensor4D }] => !!entry[1].input);
        if (inputs.length) result.inputs = new Map(inputs.map(([name, slot]) => [name, slot.input]));
      }
      return result;
    } finally {
      for (const site of this.akconvSites()) site.layer.capture = null;
      for (const t of outputs) if (t && !(options.layers && [...kept.values()].includes(t))) t.dispose();
    }
  }

  /**
   * Wall time of each layer (the head last) on the current backend, measured
   * the way detection's "inference" is: a pipelined pass with one wait at the
   * end. Prefix k runs layers 0..k and waits once (for the head: reads back
   * the whole prediction, as detection does); layer k's time is the median of
   * prefix k minus the median of prefix k - 1 (at least 0), so the rows add up
   * to about one full pass. Waiting after every layer instead charged each
   * layer a read-back round trip and made the sum exceed a real pass.
   * One full pass warms up first; `onRun(done, total)` follows the repeats.
   */
  async profileLayers(images: tf.Tensor4D, repeats = 3, onRun?: (done: number, total: number) => void): Promise<number[]> {
    const last = this.arch.layers.length - 1;
    await this.timePrefix(images, last);
    const runs: number[][] = [];
    for (let r = 0; r < repeats; r++) {
      const prefixes: number[] = [];
      for (let k = 0; k <= last; k++) prefixes.push(await this.timePrefix(images, k));
      runs.push(prefixes);
      onRun?.(r + 1, repeats);
    }
    const medians = Array.from({ length: last + 1 }, (_, k) => median(runs.map((p) => p[k] as number)));
    return medians.map((m, k) => Math.max(0, m - (k > 0 ? (medians[k - 1] as number) : 0)));
  }

  /** Milliseconds to run layers 0..k pipelined and wait once for the result (the head's: a full read-back). */
  private async timePrefix(images: tf.Tensor4D, k: number): Promise<number> {
    const outputs: (tf.Tensor4D | undefined)[] = [];
    const body = this.arch.layers.slice(0, Math.min(k + 1, this.arch.layers.length - 1));
    try {
      const t0 = performance.now();
      for (const layer of body) {
        this.applyLayer(layer, images, outputs);
        if (layer.index < k) this.release(outputs, layer.index, new Map());
      }
      if (k < this.arch.layers.length - 1) {
        await settle(outputs[k] as tf.Tensor4D);
        return performance.now() - t0;
      }
      const headLayer = this.arch.layers[k] as Layer;
      const head = this.head.apply(headLayer.inputs.map((i) => outputs[i] as tf.Tensor4D));
      try {
        await head.pred.data();
        if (head.proto) await head.proto.data();
        return performance.now() - t0;
      } finally {
        tf.dispose([head.pred, head.proto ?? []]);
      }
    } finally {
      tf.dispose(outputs.filter((t): t is tf.Tensor4D => !!t));
    }
  }

  dispose(): void {
    this.blocks.flat().forEach((b) => b.dispose());
    this.head.dispose();
  }

  /** Runs one layer's blocks on its inputs and stores its output. */
  private applyLayer(layer: Layer, images: tf.Tensor4D, outputs: (tf.Tensor4D | undefined)[]): tf.Tensor4D {
    let y = layer.inputs.map((k) => (k === -1 ? images : (outputs[k] as tf.Tensor4D)));
    for (const block of this.blocks[layer.index] as Block[]) y = [block.apply(y)];
    const out = y[0] as tf.Tensor4D;
    outputs[layer.index] = out;
    return out;
  }

  /** Frees outputs no later layer reads (the caller keeps those it asked for). */
  private release(outputs: (tf.Tensor4D | undefined)[], current: number, kept: Map<number, tf.Tensor4D>): void {
    for (let k = 0; k <= current; k++) {
      const t = outputs[k];
      if (t && this.lastUse[k] !== undefined && (this.lastUse[k] as number) <= current && !kept.has(k)) {
        t.dispose();
        outputs[k] = undefined;
      }
    }
  }
}

/** Waits until a tensor is computed: a one-element read-back, so the transfer itself costs nothing. */
async function settle(t: tf.Tensor): Promise<void> {
  const probe = tf.tidy(() => tf.slice(t.reshape([-1]), [0], [1]));
  await probe.data();
  probe.dispose();
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
