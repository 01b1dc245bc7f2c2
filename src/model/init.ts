/**
 * Untrained weights: what the PyTorch reference's `DetectionModel(cfg)` holds
 * right after construction, made deterministically from a seed, so that any
 * supported config runs (and can be inspected) without a checkpoint.
 *
 * The rules, and where each comes from:
 * - Every nn.Conv2d weight: PyTorch's `Conv2d.reset_parameters`,
 *   `kaiming_uniform_(w, a=sqrt(5))`, i.e. U(-b, b) with
 *   b = gain * sqrt(3 / fan_in), gain = sqrt(2 / (1 + 5)), so b = 1 / sqrt(fan_in)
 *   (fan_in = in_channels / groups * kh * kw).
 * - Every nn.Conv2d bias (the Detect head's 1x1 convs, AKConv's p_conv, an
 *   AKConv column conv built with bias): U(-1 / sqrt(fan_in), 1 / sqrt(fan_in)),
 *   the same `reset_parameters`. YOLOv5's Conv has no bias.
 * - nn.BatchNorm2d: weight 1, bias 0, running_mean 0, running_var 1
 *   (`reset_parameters` / `reset_running_stats`); YOLOv5 then sets eps = 1e-3
 *   and momentum = 0.03 (reference models/yolo.py DetectionModel.__init__,
 *   YOLOv5's `initialize_weights`); eps is the model's BATCH_NORM_EPS.
 * - AKConv's p_conv weight: 0 (`nn.init.constant_(self.p_conv.weight, 0)` in
 *   the seed's AKConv.__init__); its bias keeps the default rule above, so the
 *   untrained offsets are small per-channel constants (|offset| <= 1 / sqrt(9 c)).
 *   The seed's backward hook `_set_lr` changes nothing (and does not run here).
 * - Detect / Segment head biases: `_initialize_biases` (reference
 *   models/yolo.py), per level with stride s, per anchor: objectness
 *   += log(8 / (640 / s)^2), each class += log(0.6 / (nc - 0.99999)); the
 *   box and mask-coefficient rows keep the default rule.
 * - The head's `anchors` buffer: the config's anchors divided by each level's
 *   stride (`m.anchors /= m.stride.view(-1, 1, 1)`).
 *
 * The values are not PyTorch's (its Mersenne Twister stream is not
 * reproduced); the distributions, shapes and parameter counts are. Each
 * tensor has its own stream seeded from (seed, name), so a tensor's values do
 * not depend on the order tensors are made in, and the map below makes a
 * tensor only when it is read: nothing holds all the float32 weights at once
 * (scale l is 168 MB) besides the model's own tensors.
 */
import type { TensorData, WeightMap } from '../common/tensor';
import { numelOf } from '../common/tensor';
import type { Architecture } from './architecture';
import { modelParamSpecs } from './architecture';
import type { ParamSpec } from './modules';

export interface InitOptions {
  /** The seed of every tensor's stream (default 0). */
  seed?: number;
  /**
   * "Perturb offsets", in cells (default 0: the reference's init): every
   * AKConv's p_conv bias gets seeded N(0, σ²) added (each sample moves by
   * about σ cells) and its zero weight becomes N(0, σ² / fan_in) (an offset
   * that varies with the features by about σ x their RMS).
   */
  offsetNoise?: number;
}

/** A seeded stream of uniform floats in [0, 1): sfc32, seeded through splitmix32. */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number, name = '') {
    let h = (seed ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
    this.a = splitmix(h);
    this.b = splitmix(this.a);
    this.c = splitmix(this.b);
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** A standard normal value (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

function splitmix(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** What a state-dict tensor is, for the init rules (by its PyTorch name). */
type Role = 'conv-weight' | 'conv-bias' | 'offset-weight' | 'offset-bias' | 'bn-weight' | 'bn-bias' | 'bn-mean' | 'bn-var' | 'anchors';

function roleOf(spec: ParamSpec, byName: ReadonlyMap<string, ParamSpec>): Role {
  const { name } = spec;
  const dot = name.lastIndexOf('.');
  const owner = name.slice(0, dot);
  const leaf = name.slice(dot + 1);
  if (leaf === 'anchors') return 'anchors';
  if (byName.has(`${owner}.running_mean`)) {
    return leaf === 'weight' ? 'bn-weight' : leaf === 'bias' ? 'bn-bias' : leaf === 'running_mean' ? 'bn-mean' : 'bn-var';
  }
  const offset = owner.endsWith('.p_conv');
  if (leaf === 'weight') return offset ? 'offset-weight' : 'conv-weight';
  return offset ? 'offset-bias' : 'conv-bias';
}

/** fan_in of the conv that owns `name` (its weight's in_channels * kh * kw). */
function fanIn(name: string, byName: ReadonlyMap<string, ParamSpec>): number {
  const owner = name.slice(0, name.lastIndexOf('.'));
  const weight = byName.get(`${owner}.weight`);
  if (!weight || weight.shape.length !== 4) throw new Error(`${name} has no convolution weight beside it`);
  return numelOf(weight.shape.slice(1));
}

function addNoise(out: Float32Array, rng: SeededRandom, std: number): void {
  if (std > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + std * rng.normal();
}

function uniform(out: Float32Array, rng: SeededRandom, bound: number): void {
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * bound;
}

/**
 * The untrained state dict of `arch`, as a WeightMap that makes each tensor
 * when it is read (and keeps none): `YoloModel.load(config, initialWeights(arch))`.
 */
export function initialWeights(arch: Architecture, options: InitOptions = {}): WeightMap {
  const specs = modelParamSpecs(arch);
  return new GeneratedWeights(specs, (spec, byName) => makeTensor(arch, spec, byName, options));
}

/** One tensor of the untrained model (exported for tests: `initialTensor(arch, 'model.7.conv.weight')`). */
export function initialTensor(arch: Architecture, name: string, options: InitOptions = {}): TensorData {
  const t = initialWeights(arch, options).get(name);
  if (!t) throw new Error(`the model has no tensor named ${name}`);
  return t;
}

function makeTensor(arch: Architecture, spec: ParamSpec, byName: ReadonlyMap<string, ParamSpec>, options: InitOptions): TensorData {
  const seed = options.seed ?? 0;
  const data = new Float32Array(numelOf(spec.shape));
  const rng = new SeededRandom(seed, spec.name);
  switch (roleOf(spec, byName)) {
    case 'conv-weight':
    case 'conv-bias':
      uniform(data, rng, 1 / Math.sqrt(fanIn(spec.name, byName)));
      break;
    case 'offset-bias':
      uniform(data, rng, 1 / Math.sqrt(fanIn(spec.name, byName)));
      addNoise(data, new SeededRandom(seed, `${spec.name}#noise`), options.offsetNoise ?? 0);
      break;
    case 'offset-weight':
      addNoise(data, rng, (options.offsetNoise ?? 0) / Math.sqrt(numelOf(spec.shape.slice(1))));
      break;
    case 'bn-weight':
    case 'bn-var':
      data.fill(1);
      break;
    case 'bn-bias':
    case 'bn-mean':
      break;
    case 'anchors':
      fillAnchors(arch, data);
      break;
  }
  if (isHeadBias(arch, spec.name)) addBiasPrior(arch, spec.name, data);
  return { shape: [...spec.shape], data };
}

function headIndex(arch: Architecture): number {
  return arch.layers.length - 1;
}

function isHeadBias(arch: Architecture, name: string): boolean {
  return new RegExp(`^model\\.${headIndex(arch)}\\.m\\.\\d+\\.bias$`).test(name);
}

/** YOLOv5's `_initialize_biases`: objectness and class priors per anchor of one level. */
function addBiasPrior(arch: Architecture, name: string, bias: Float32Array): void {
  const level = Number(/\.m\.(\d+)\.bias$/.exec(name)?.[1]);
  const stride = arch.strides[level];
  if (stride === undefined) throw new Error(`${name} has no detection level`);
  const { no, nc } = arch.head;
  const na = bias.length / no;
  const objectness = Math.log(8 / (640 / stride) ** 2);
  const cls = Math.log(0.6 / (nc - 0.99999));
  for (let a = 0; a < na; a++) {
    bias[a * no + 4] = (bias[a * no + 4] as number) + objectness;
    for (let k = 5; k < 5 + nc; k++) bias[a * no + k] = (bias[a * no + k] as number) + cls;
  }
}

function fillAnchors(arch: Architecture, data: Float32Array): void {
  let i = 0;
  arch.head.anchors.forEach((level, l) => {
    const stride = arch.strides[l] as number;
    for (const [w, h] of level) {
      data[i++] = w / stride;
      data[i++] = h / stride;
    }
  });
}

/**
 * A read-only WeightMap over the model's tensor specs whose `get` makes the
 * tensor on demand: the model folds and uploads each one and drops it, so the
 * float32 state dict is never held whole. Reading a name twice makes the same
 * values twice (each tensor's stream is seeded by its name).
 */
class GeneratedWeights extends Map<string, TensorData> {
  private readonly specs: ReadonlyMap<string, ParamSpec>;

  constructor(
    specs: readonly ParamSpec[],
    private readonly make: (spec: ParamSpec, byName: ReadonlyMap<string, ParamSpec>) => TensorData,
  ) {
    super();
    this.specs = new Map(specs.map((s) => [s.name, s]));
  }

  override get(name: string): TensorData | undefined {
    const spec = this.specs.get(name);
    return spec ? this.make(spec, this.specs) : undefined;
  }

  override has(name: string): boolean {
    return this.specs.has(name);
  }

  override get size(): number {
    return this.specs.size;
  }

  override keys(): MapIterator<string> {
    return this.specs.keys();
  }

  override *entries(): MapIterator<[string, TensorData]> {
    for (const name of this.specs.keys()) yield [name, this.get(name) as TensorData];
  }

  override *values(): MapIterator<TensorData> {
    for (const name of this.specs.keys()) yield this.get(name) as TensorData;
  }

  override [Symbol.iterator](): MapIterator<[string, TensorData]> {
    return this.entries();
  }

  override forEach(fn: (value: TensorData, key: string, map: Map<string, TensorData>) => void): void {
    for (const [name, t] of this.entries()) fn(t, name, this);
  }

  override set(): this {
    throw new Error('untrained weights are made from the seed and cannot be replaced');
  }
}
