/**
 * Builds the layer list of a YOLOv5 model from its config with YOLOv5's own
 * rules (parse_model in models/yolo.py), and reports parameters and FLOPs as
 * the table the YOLOv5 training code prints.
 */
import type { ArgValue, ConfigRow, ModelConfig } from './config';
import { ConfigError } from './config';
import type { DetectSpec, MapShape, ModuleSpec } from './modules';
import { analyse, c3, conv, moduleCount, parameterCount, paramSpecs, proto, sppf } from './modules';
import type { ParamSpec } from './modules';
import { pythonRepr } from './pyrepr';

/** Module names a config may use; `LDConv` is the official repository's later name for AKConv. */
export const SUPPORTED_MODULES = [
  'Conv',
  'Bottleneck',
  'C3',
  'SPPF',
  'nn.Upsample',
  'Concat',
  'Detect',
  'Segment',
  'AKConv',
  'LDConv',
  'Bottleneck_AKConv',
  'C3_AKConv',
] as const;
export type ModuleName = (typeof SUPPORTED_MODULES)[number];

/** The class path PyTorch prints for each module in the summary table. */
const MODULE_TYPES: Record<ModuleName, string> = {
  Conv: 'models.common.Conv',
  Bottleneck: 'models.common.Bottleneck',
  C3: 'models.common.C3',
  SPPF: 'models.common.SPPF',
  'nn.Upsample': 'torch.nn.modules.upsampling.Upsample',
  Concat: 'models.common.Concat',
  Detect: 'models.yolo.Detect',
  Segment: 'models.yolo.Segment',
  AKConv: 'models.common.AKConv',
  LDConv: 'models.common.AKConv',
  Bottleneck_AKConv: 'models.common.Bottleneck_AKConv',
  C3_AKConv: 'models.common.C3_AKConv',
};

const CHANNEL_MODULES = new Set<ModuleName>(['Conv', 'Bottleneck', 'Bottleneck_AKConv', 'SPPF', 'C3', 'C3_AKConv', 'AKConv', 'LDConv']);
const C3_MODULES = new Set<ModuleName>(['C3', 'C3_AKConv']);

export interface Layer {
  index: number;
  /** Input layer indices as written (-1 = the previous layer). */
  from: number | number[];
  /** Absolute input layer indices (-1 = the network input for layer 0). */
  inputs: number[];
  /** Repeats after depth scaling (the table's `n`). */
  n: number;
  module: ModuleName;
  /** The class path the table prints, e.g. `models.common.C3_AKConv`. */
  type: string;
  /** The module's constructor arguments after YOLOv5's rewriting, as the table prints them. */
  args: ArgValue[];
  /** One spec, or `n` copies for non-C3 modules repeated in an nn.Sequential. */
  blocks: ModuleSpec[];
  /** Output channels. */
  c2: number;
  /** Trainable parameters. */
  params: number;
  /** Total stride of this layer's output relative to the input image. */
  stride: number;
}

export interface Architecture {
  config: ModelConfig;
  layers: Layer[];
  head: DetectSpec;
  /** Strides of the detection levels. */
  strides: number[];
  nc: number;
  nm: number;
}

/** make_divisible: round channels up to a multiple of 8. */
export function makeDivisible(x: number, divisor = 8): number {
  return Math.ceil(x / divisor) * divisor;
}

/** Python's round(): halves to even. */
export function pythonRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function isSupportedModule(name: string): name is ModuleName {
  return (SUPPORTED_MODULES as readonly string[]).includes(name);
}

export function buildArchitecture(config: ModelConfig): Architecture {
  const { nc, depthMultiple: gd, widthMultiple: gw } = config;
  const anchorsValue = config.anchors;
  const na = typeof anchorsValue === 'number' ? anchorsValue : (anchorsValue[0]?.length ?? 0) / 2;
  const no = na * (nc + 5);
  const rows: ConfigRow[] = [...config.backbone, ...config.head];
  const layers: Layer[] = [];
  const ch: number[] = [];
  const strides: number[] = [];
  let head: DetectSpec | undefined;

  rows.forEach((row, i) => {
    const where = `layer ${i} (${row.module})`;
    if (!isSupportedModule(row.module)) {
      throw new ConfigError(
        `unsupported module '${row.module}' in layer ${i}; supported: ${SUPPORTED_MODULES.join(', ')}`,
      );
    }
    if (head) throw new ConfigError(`${where} comes after the Detect/Segment head, which must be last`);
    const module = row.module;
    const inputs = (Array.isArray(row.from) ? row.from : [row.from]).map((f) => resolveFrom(f, i, where));
    const chIn = (k: number): number => (k === -1 ? config.ch : (ch[k] as number));
    const strideIn = (k: number): number => (k === -1 ? 1 : (strides[k] as number));
    const args = row.args.map((a) => resolveArg(a, nc, anchorsValue));
    const n = row.number > 1 ? Math.max(pythonRound(row.number * gd), 1) : row.number;
    let repeats = n;
    let c2 = chIn(inputs[0] as number);
    let make: () => ModuleSpec;
    let stride = strideIn(inputs[0] as number);

    if (CHANNEL_MODULES.has(module)) {
      const c1 = chIn(inputs[0] as number);
      c2 = intArg(args[0], `${where} output channels`);
      if (c2 !== no) c2 = makeDivisible(c2 * gw, 8);
      args.splice(0, 1, c1, c2);
      if (C3_MODULES.has(module)) {
        args.splice(2, 0, n);
        repeats = 1;
      }
      make = () => channelModule(module, args, where);
      stride *= channelModuleStride(module, args);
    } else if (module === 'Concat') {
      c2 = inputs.reduce((s, k) => s + chIn(k), 0);
      make = () => ({ kind: 'Concat' });
    } else if (module === 'nn.Upsample') {
      const scale = args[1];
      if (typeof scale !== 'number' || scale <= 0 || args[0] !== null) {
        throw new ConfigError(`${where}: only nn.Upsample(None, scale_factor) is supported`);
      }
      if (args[2] !== undefined && args[2] !== 'nearest') throw new ConfigError(`${where}: only 'nearest' upsampling is supported`);
      make = () => ({ kind: 'Upsample', scale });
      stride /= scale;
    } else {
      // Detect / Segment
      const chs = inputs.map(chIn);
      args.push(chs);
      if (typeof args[1] === 'number') {
        const count = args[1];
        args[1] = Array.from({ length: inputs.length }, () => Array.from({ length: count * 2 }, (_, k) => k));
      }
      if (module === 'Segment') args[3] = makeDivisible(intArg(args[3] ?? 256, `${where} proto channels`) * gw, 8);
      const spec = headSpec(module, args, chs, where);
      head = spec;
      make = () => spec;
    }

    const blocks = Array.from({ length: repeats }, make);
    const params = blocks.reduce((s, b) => s + parameterCount(b), 0);
    layers.push({ index: i, from: row.from, inputs, n, module, type: MODULE_TYPES[module], args, blocks, c2, params, stride });
    ch.push(c2);
    strides.push(stride);
  });

  if (!head) throw new ConfigError('the config has no Detect or Segment head as its last layer');
  const last = layers[layers.length - 1] as Layer;
  return {
    config,
    layers,
    head,
    strides: last.inputs.map((k) => strides[k] as number),
    nc,
    nm: head.nm,
  };
}

function resolveFrom(f: number, i: number, where: string): number {
  const k = f < 0 ? i + f : f;
  if (i === 0 && f === -1) return -1;
  if (k < 0 || k >= i) throw new ConfigError(`${where}: input ${f} does not name an earlier layer`);
  return k;
}

function resolveArg(a: ArgValue, nc: number, anchors: number[][] | number): ArgValue {
  if (a === 'None') return null;
  if (a === 'nc') return nc;
  if (a === 'anchors') return typeof anchors === 'number' ? anchors : anchors.map((l) => [...l]);
  return a;
}

function intArg(v: ArgValue | undefined, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ConfigError(`${what} must be an integer, got ${pythonRepr(v ?? null)}`);
  return v;
}

function optInt(v: ArgValue | undefined, fallback: number, what: string): number {
  return v === undefined ? fallback : intArg(v, what);
}

function optBool(v: ArgValue | undefined, fallback: boolean, what: string): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new ConfigError(`${what} must be True or False, got ${pythonRepr(v)}`);
  return v;
}

function optNumber(v: ArgValue | undefined, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number') throw new ConfigError(`${what} must be a number, got ${pythonRepr(v)}`);
  return v;
}

/** Builds the spec of a module that takes (c1, c2, ...) from its rewritten arguments. */
function channelModule(module: ModuleName, args: ArgValue[], where: string): ModuleSpec {
  const c1 = intArg(args[0], `${where} c1`);
  const c2 = intArg(args[1], `${where} c2`);
  switch (module) {
    case 'Conv': {
      const p = args[4];
      if (p !== undefined && p !== null && typeof p !== 'number') throw new ConfigError(`${where}: padding must be an integer or None`);
      const g = optInt(args[5], 1, `${where} groups`);
      if (g !== 1) throw new ConfigError(`${where}: grouped convolutions (g=${g}) are not supported`);
      const act = args[7];
      if (act !== undefined && act !== true) throw new ConfigError(`${where}: only the default SiLU activation is supported`);
      return conv(c1, c2, optInt(args[2], 1, `${where} kernel`), optInt(args[3], 1, `${where} stride`), p ?? null, g, optInt(args[6], 1, `${where} dilation`));
    }
    case 'C3':
    case 'C3_AKConv': {
      const g = optInt(args[4], 1, `${where} groups`);
      if (g !== 1) throw new ConfigError(`${where}: grouped convolutions (g=${g}) are not supported`);
      return c3(c1, c2, intArg(args[2], `${where} n`), optBool(args[3], true, `${where} shortcut`), g, optNumber(args[5], 0.5, `${where} e`), module === 'C3_AKConv');
    }
    case 'Bottleneck':
    case 'Bottleneck_AKConv': {
      const g = optInt(args[3], 1, `${where} groups`);
      if (g !== 1) throw new ConfigError(`${where}: grouped convolutions (g=${g}) are not supported`);
      const shortcut = optBool(args[2], true, `${where} shortcut`);
      const e = optNumber(args[4], 0.5, `${where} e`);
      const c_ = Math.trunc(c2 * e);
      return {
        kind: 'Bottleneck',
        cv1: conv(c1, c_, 1, 1),
        cv2: module === 'Bottleneck_AKConv' ? { kind: 'AKConv', c1: c_, c2, numParam: 3, stride: 1, bias: false } : conv(c_, c2, 3, 1),
        add: shortcut && c1 === c2,
      };
    }
    case 'SPPF':
      return sppf(c1, c2, optInt(args[2], 5, `${where} k`));
    case 'AKConv':
    case 'LDConv': {
      const numParam = intArg(args[2], `${where} num_param`);
      if (numParam < 1) throw new ConfigError(`${where}: num_param must be at least 1`);
      const bias = args[4];
      return { kind: 'AKConv', c1, c2, numParam, stride: optInt(args[3], 1, `${where} stride`), bias: bias !== undefined && bias !== null && bias !== false };
    }
    default:
      throw new ConfigError(`${where}: ${module} takes no channel arguments`);
  }
}

function channelModuleStride(module: ModuleName, args: ArgValue[]): number {
  if (module === 'Conv') return typeof args[3] === 'number' ? args[3] : 1;
  if (module === 'AKConv' || module === 'LDConv') return typeof args[3] === 'number' ? args[3] : 1;
  return 1;
}

function headSpec(module: ModuleName, args: ArgValue[], ch: number[], where: string): DetectSpec {
  const nc = intArg(args[0], `${where} nc`);
  const anchorArg = args[1];
  if (!Array.isArray(anchorArg) || anchorArg.length !== ch.length) {
    throw new ConfigError(`${where}: needs one anchor list per input (${ch.length})`);
  }
  const anchors = anchorArg.map((level) => {
    if (!Array.isArray(level) || level.length % 2 !== 0) throw new ConfigError(`${where}: anchors must be (w, h) pairs`);
    const pairs: [number, number][] = [];
    for (let k = 0; k < level.length; k += 2) pairs.push([Number(level[k]), Number(level[k + 1])]);
    return pairs;
  });
  const na = anchors[0]?.length ?? 0;
  if (!anchors.every((l) => l.length === na)) throw new ConfigError(`${where}: every level needs the same number of anchors`);
  if (module === 'Segment') {
    const nm = optInt(args[2], 32, `${where} nm`);
    const npr = intArg(args[3], `${where} npr`);
    return { kind: 'Detect', nc, no: 5 + nc + nm, nm, anchors, ch, proto: proto(ch[0] as number, npr, nm) };
  }
  return { kind: 'Detect', nc, no: 5 + nc, nm: 0, anchors, ch };
}

/** Every tensor the model's state dict holds, under PyTorch's names. */
export function modelParamSpecs(arch: Architecture): ParamSpec[] {
  return arch.layers.flatMap((layer) =>
    layer.blocks.flatMap((b, j) => paramSpecs(b, layer.blocks.length > 1 ? `model.${layer.index}.${j}` : `model.${layer.index}`)),
  );
}

/** The state-dict prefix of block j of a layer. */
export function blockPrefix(layer: Layer, j: number): string {
  return layer.blocks.length > 1 ? `model.${layer.index}.${j}` : `model.${layer.index}`;
}

export interface LayerSummary {
  index: number;
  from: number | number[];
  n: number;
  params: number;
  module: string;
  /** The arguments as Python prints them, e.g. `[1024, 512, 3, False]`. */
  arguments: string;
  /** Output shape (channels, rows, columns) at the analysed input size. */
  output: MapShape;
  flops: number;
}

export interface ModelSummary {
  layers: LayerSummary[];
  parameters: number;
  /** nn.Modules in the PyTorch model (what the YOLOv5 summary calls "layers"). */
  modules: number;
  /** GFLOPs at the analysed input size (640 x 640 unless told otherwise). */
  gflops: number;
  inputSize: [number, number];
}

/** Per-layer table and totals, counted as the YOLOv5 summary counts them. */
export function summarize(arch: Architecture, inputSize: [number, number] = [640, 640]): ModelSummary {
  const shapes: MapShape[] = [];
  const image: MapShape = { c: arch.config.ch, h: inputSize[0], w: inputSize[1] };
  const layers = arch.layers.map((layer) => {
    let inShapes = layer.inputs.map((k) => (k === -1 ? image : (shapes[k] as MapShape)));
    let flops = 0;
    for (const b of layer.blocks) {
      const r = analyse(b, inShapes);
      flops += r.flops;
      inShapes = [r.out];
    }
    const output = inShapes[0] as MapShape;
    shapes.push(output);
    return {
      index: layer.index,
      from: layer.from,
      n: layer.n,
      params: layer.params,
      module: layer.type,
      arguments: pythonRepr(layer.args),
      output,
      flops,
    };
  });
  return {
    layers,
    parameters: layers.reduce((s, l) => s + l.params, 0),
    modules: countModules(arch),
    gflops: layers.reduce((s, l) => s + l.flops, 0) / 1e9,
    inputSize,
  };
}

/** PyTorch's len(list(model.modules())): the model, its Sequential, each layer, and the shared SiLU. */
export function countModules(arch: Architecture): number {
  let total = 3;
  for (const layer of arch.layers) {
    total += layer.blocks.reduce((s, b) => s + moduleCount(b), 0) + (layer.blocks.length > 1 ? 1 : 0);
  }
  return total;
}

/** The summary as the YOLOv5 training code prints it. */
export function formatSummaryTable(summary: ModelSummary, title = 'summary'): string {
  const pad = (s: string, n: number): string => s.padStart(n);
  const lines = [`${''.padStart(3)}${pad('from', 18)}${pad('n', 3)}${pad('params', 10)}  ${'module'.padEnd(40)}${'arguments'.padEnd(30)}`];
  for (const l of summary.layers) {
    lines.push(
      `${pad(String(l.index), 3)}${pad(pythonRepr(l.from), 18)}${pad(String(l.n), 3)}${pad(String(l.params), 10)}  ${l.module.padEnd(40)}${l.arguments.padEnd(30)}`,
    );
  }
  lines.push(`${title}: ${summary.modules} layers, ${summary.parameters} parameters, ${summary.gflops.toFixed(1)} GFLOPs`);
  return lines.join('\n');
}
