/**
 * The building blocks of YOLOv5 and YOLOv5-C3_AKConv as plain descriptions
 * (no tensors): their parameters under PyTorch's names, their output shapes
 * and their FLOPs. The tfjs runtime (`layers.ts`) executes these same specs.
 */

/** A feature map's size (one image; channels, rows, columns). */
export interface MapShape {
  c: number;
  h: number;
  w: number;
}

export interface ConvSpec {
  kind: 'Conv';
  c1: number;
  c2: number;
  k: number;
  s: number;
  p: number;
  g: number;
  d: number;
  act: boolean;
}

export interface AKConvSpec {
  kind: 'AKConv';
  c1: number;
  c2: number;
  numParam: number;
  stride: number;
  bias: boolean;
}

export interface BottleneckSpec {
  kind: 'Bottleneck';
  cv1: ConvSpec;
  /** A 3x3 Conv (Bottleneck) or an AKConv with N = 3 (Bottleneck_AKConv). */
  cv2: ConvSpec | AKConvSpec;
  add: boolean;
}

/** C3 and C3_AKConv: the same CSP block, with plain or AKConv bottlenecks. */
export interface C3Spec {
  kind: 'C3';
  cv1: ConvSpec;
  cv2: ConvSpec;
  cv3: ConvSpec;
  m: BottleneckSpec[];
}

export interface SPPFSpec {
  kind: 'SPPF';
  cv1: ConvSpec;
  cv2: ConvSpec;
  k: number;
}

export interface UpsampleSpec {
  kind: 'Upsample';
  scale: number;
}

export interface ConcatSpec {
  kind: 'Concat';
}

export interface ProtoSpec {
  kind: 'Proto';
  cv1: ConvSpec;
  cv2: ConvSpec;
  cv3: ConvSpec;
}

/** Detect (proto undefined, nm 0) and Segment (with Proto and nm mask coefficients). */
export interface DetectSpec {
  kind: 'Detect';
  nc: number;
  /** Outputs per anchor: 5 + nc (+ nm for Segment). */
  no: number;
  nm: number;
  /** Per level, the anchors' (w, h) in pixels, as in the config. */
  anchors: [number, number][][];
  ch: number[];
  proto?: ProtoSpec;
}

export type ModuleSpec =
  | ConvSpec
  | AKConvSpec
  | BottleneckSpec
  | C3Spec
  | SPPFSpec
  | UpsampleSpec
  | ConcatSpec
  | ProtoSpec
  | DetectSpec;

/** A tensor the module expects in its state dict. */
export interface ParamSpec {
  name: string;
  shape: number[];
  /** Parameters count in the table; buffers (BatchNorm statistics, anchors) do not. */
  trainable: boolean;
}

export function conv(c1: number, c2: number, k = 1, s = 1, p: number | null = null, g = 1, d = 1, act = true): ConvSpec {
  // YOLOv5's autopad: 'same' padding for odd kernels, with dilation.
  const kEff = d > 1 ? d * (k - 1) + 1 : k;
  return { kind: 'Conv', c1, c2, k, s, p: p ?? Math.floor(kEff / 2), g, d, act };
}

export function bottleneck(c1: number, c2: number, shortcut = true, g = 1, e = 0.5, akconv = false): BottleneckSpec {
  const c_ = Math.trunc(c2 * e);
  const cv2: ConvSpec | AKConvSpec = akconv
    ? { kind: 'AKConv', c1: c_, c2, numParam: 3, stride: 1, bias: false }
    : conv(c_, c2, 3, 1, null, g);
  return { kind: 'Bottleneck', cv1: conv(c1, c_, 1, 1), cv2, add: shortcut && c1 === c2 };
}

export function c3(c1: number, c2: number, n = 1, shortcut = true, g = 1, e = 0.5, akconv = false): C3Spec {
  const c_ = Math.trunc(c2 * e);
  return {
    kind: 'C3',
    cv1: conv(c1, c_, 1, 1),
    cv2: conv(c1, c_, 1, 1),
    cv3: conv(2 * c_, c2, 1),
    m: Array.from({ length: n }, () => bottleneck(c_, c_, shortcut, g, 1.0, akconv)),
  };
}

export function sppf(c1: number, c2: number, k = 5): SPPFSpec {
  const c_ = Math.floor(c1 / 2);
  return { kind: 'SPPF', cv1: conv(c1, c_, 1, 1), cv2: conv(c_ * 4, c2, 1, 1), k };
}

export function proto(c1: number, c_ = 256, c2 = 32): ProtoSpec {
  return { kind: 'Proto', cv1: conv(c1, c_, 3), cv2: conv(c_, c_, 3), cv3: conv(c_, c2) };
}

function batchNormParams(prefix: string, c: number): ParamSpec[] {
  return [
    { name: `${prefix}.weight`, shape: [c], trainable: true },
    { name: `${prefix}.bias`, shape: [c], trainable: true },
    { name: `${prefix}.running_mean`, shape: [c], trainable: false },
    { name: `${prefix}.running_var`, shape: [c], trainable: false },
  ];
}

/** Every tensor of a module's state dict, under PyTorch's names below `prefix`. */
export function paramSpecs(spec: ModuleSpec, prefix: string): ParamSpec[] {
  switch (spec.kind) {
    case 'Conv':
      return [
        { name: `${prefix}.conv.weight`, shape: [spec.c2, spec.c1 / spec.g, spec.k, spec.k], trainable: true },
        ...batchNormParams(`${prefix}.bn`, spec.c2),
      ];
    case 'AKConv': {
      const n2 = 2 * spec.numParam;
      return [
        { name: `${prefix}.conv.0.weight`, shape: [spec.c2, spec.c1, spec.numParam, 1], trainable: true },
        ...(spec.bias ? [{ name: `${prefix}.conv.0.bias`, shape: [spec.c2], trainable: true }] : []),
        ...batchNormParams(`${prefix}.conv.1`, spec.c2),
        { name: `${prefix}.p_conv.weight`, shape: [n2, spec.c1, 3, 3], trainable: true },
        { name: `${prefix}.p_conv.bias`, shape: [n2], trainable: true },
      ];
    }
    case 'Bottleneck':
      return [...paramSpecs(spec.cv1, `${prefix}.cv1`), ...paramSpecs(spec.cv2, `${prefix}.cv2`)];
    case 'C3':
      return [
        ...paramSpecs(spec.cv1, `${prefix}.cv1`),
        ...paramSpecs(spec.cv2, `${prefix}.cv2`),
        ...paramSpecs(spec.cv3, `${prefix}.cv3`),
        ...spec.m.flatMap((b, i) => paramSpecs(b, `${prefix}.m.${i}`)),
      ];
    case 'SPPF':
      return [...paramSpecs(spec.cv1, `${prefix}.cv1`), ...paramSpecs(spec.cv2, `${prefix}.cv2`)];
    case 'Proto':
      return [
        ...paramSpecs(spec.cv1, `${prefix}.cv1`),
        ...paramSpecs(spec.cv2, `${prefix}.cv2`),
        ...paramSpecs(spec.cv3, `${prefix}.cv3`),
      ];
    case 'Detect': {
      const na = spec.anchors[0]?.length ?? 0;
      return [
        { name: `${prefix}.anchors`, shape: [spec.anchors.length, na, 2], trainable: false },
        ...spec.ch.flatMap((c, i) => [
          { name: `${prefix}.m.${i}.weight`, shape: [spec.no * na, c, 1, 1], trainable: true },
          { name: `${prefix}.m.${i}.bias`, shape: [spec.no * na], trainable: true },
        ]),
        ...(spec.proto ? paramSpecs(spec.proto, `${prefix}.proto`) : []),
      ];
    }
    case 'Upsample':
    case 'Concat':
      return [];
  }
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The trainable parameter count, as PyTorch's `sum(p.numel() for p in m.parameters())`. */
export function parameterCount(spec: ModuleSpec): number {
  return paramSpecs(spec, '').reduce((sum, p) => sum + (p.trainable ? numel(p.shape) : 0), 0);
}

function convOut(size: number, k: number, s: number, p: number, d = 1): number {
  return Math.floor((size + 2 * p - d * (k - 1) - 1) / s) + 1;
}

/**
 * A module's output shape and FLOPs for the given input shapes. FLOPs are
 * counted as the YOLOv5 summary does: 2 x (conv multiply-adds + conv bias
 * elements + batch-norm elements); pooling, upsampling and the AKConv
 * sampling arithmetic are not counted.
 */
export function analyse(spec: ModuleSpec, inputs: readonly MapShape[]): { out: MapShape; flops: number } {
  const x = inputs[0];
  if (!x) throw new Error(`${spec.kind} has no input`);
  switch (spec.kind) {
    case 'Conv': {
      const out = { c: spec.c2, h: convOut(x.h, spec.k, spec.s, spec.p, spec.d), w: convOut(x.w, spec.k, spec.s, spec.p, spec.d) };
      const n = out.c * out.h * out.w;
      return { out, flops: 2 * (n * (spec.c1 / spec.g) * spec.k * spec.k + n) };
    }
    case 'AKConv': {
      const h = convOut(x.h, 3, spec.stride, 1);
      const w = convOut(x.w, 3, spec.stride, 1);
      const offsets = 2 * spec.numParam * h * w;
      const n = spec.c2 * h * w;
      const macs = offsets * spec.c1 * 9 + offsets + n * spec.c1 * spec.numParam + (spec.bias ? n : 0) + n;
      return { out: { c: spec.c2, h, w }, flops: 2 * macs };
    }
    case 'Bottleneck':
      return chain([spec.cv1, spec.cv2], x);
    case 'C3': {
      const a = chain([spec.cv1, ...spec.m], x);
      const b = analyse(spec.cv2, [x]);
      const c = analyse(spec.cv3, [{ ...a.out, c: a.out.c + b.out.c }]);
      return { out: c.out, flops: a.flops + b.flops + c.flops };
    }
    case 'SPPF': {
      const a = analyse(spec.cv1, [x]);
      const b = analyse(spec.cv2, [{ ...a.out, c: a.out.c * 4 }]);
      return { out: b.out, flops: a.flops + b.flops };
    }
    case 'Upsample':
      return { out: { c: x.c, h: Math.floor(x.h * spec.scale), w: Math.floor(x.w * spec.scale) }, flops: 0 };
    case 'Concat':
      return { out: { c: inputs.reduce((s, i) => s + i.c, 0), h: x.h, w: x.w }, flops: 0 };
    case 'Proto': {
      const a = analyse(spec.cv1, [x]);
      const up = { ...a.out, h: a.out.h * 2, w: a.out.w * 2 };
      const b = chain([spec.cv2, spec.cv3], up);
      return { out: b.out, flops: a.flops + b.flops };
    }
    case 'Detect': {
      const na = spec.anchors[0]?.length ?? 0;
      let flops = 0;
      inputs.forEach((inp) => {
        const n = spec.no * na * inp.h * inp.w;
        flops += 2 * (n * inp.c + n);
      });
      if (spec.proto) flops += analyse(spec.proto, [x]).flops;
      return { out: { c: spec.no * na, h: x.h, w: x.w }, flops };
    }
  }
}

function chain(specs: readonly ModuleSpec[], x: MapShape): { out: MapShape; flops: number } {
  let out = x;
  let flops = 0;
  for (const s of specs) {
    const r = analyse(s, [out]);
    out = r.out;
    flops += r.flops;
  }
  return { out, flops };
}

/**
 * How many nn.Modules PyTorch's `model.modules()` yields for this spec (the
 * YOLOv5 summary's "layers"), not counting the SiLU that every Conv shares
 * (YOLOv5's `Conv.default_act` is one instance, which modules() lists once).
 */
export function moduleCount(spec: ModuleSpec): number {
  switch (spec.kind) {
    case 'Conv':
      return 3; // Conv, Conv2d, BatchNorm2d (+ the shared SiLU)
    case 'AKConv':
      return 6; // AKConv, Sequential, Conv2d, BatchNorm2d, SiLU, p_conv
    case 'Bottleneck':
      return 1 + moduleCount(spec.cv1) + moduleCount(spec.cv2);
    case 'C3':
      return 2 + moduleCount(spec.cv1) + moduleCount(spec.cv2) + moduleCount(spec.cv3) + spec.m.reduce((s, b) => s + moduleCount(b), 0);
    case 'SPPF':
      return 2 + moduleCount(spec.cv1) + moduleCount(spec.cv2); // + MaxPool2d
    case 'Upsample':
    case 'Concat':
      return 1;
    case 'Proto':
      return 2 + moduleCount(spec.cv1) + moduleCount(spec.cv2) + moduleCount(spec.cv3); // + Upsample
    case 'Detect':
      return 2 + spec.ch.length + (spec.proto ? moduleCount(spec.proto) : 0); // + ModuleList
  }
}
