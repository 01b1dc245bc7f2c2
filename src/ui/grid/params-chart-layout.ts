/**
 * The chart of AKConv's parameter count against the square kernels' as N
 * grows: the counts, the scales and ticks, the paths, and the summary line.
 * Pure (no React, no DOM).
 */
import { fmt, plural } from './format';

/**
 * Weights of an AKConv with N samples, without BatchNorm (as a K x K conv
 * without BatchNorm): the (N, 1) column conv N·C_in·C_out, plus the offset
 * conv p_conv 2N·C_in·9 weights and 2N biases.
 */
export function akconvParams(numParam: number, cin: number, cout: number): number {
  return numParam * cin * cout + 2 * numParam * cin * 9 + 2 * numParam;
}

/** Weights of a K x K conv without bias or BatchNorm: K²·C_in·C_out. */
export function squareConvParams(k: number, cin: number, cout: number): number {
  return k * k * cin * cout;
}

/** The side of the smallest square kernel with at least N samples. */
export function squareKernelFor(numParam: number): number {
  return Math.ceil(Math.sqrt(numParam) - 1e-9);
}

/** A function mapping [d0, d1] linearly onto [r0, r1]. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Round tick values 0, step, 2·step, ... covering [0, max], with step 1, 2 or 5 × 10^k. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let i = 0; ; i++) {
    const v = i * step;
    ticks.push(v);
    if (v >= max) break;
  }
  return ticks;
}

/** 512 → "512", 36,864 → "36.9k", 262,144 → "262k", 1,234,567 → "1.23M". */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return String(n);
  const [div, unit] = abs < 1e6 ? [1e3, 'k'] : [1e6, 'M'];
  const v = n / div;
  const digits = Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0;
  return `${Number(v.toFixed(digits))}${unit}`;
}

/** 26250 → "26,250". */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface ChartTick {
  value: number;
  label: string;
  /** Position along its axis, in SVG units. */
  at: number;
}

export interface ChartPoint {
  n: number;
  params: number;
  x: number;
  y: number;
}

export interface ParamsChartModel {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  maxN: number;
  channels: number;
  xTicks: ChartTick[];
  yTicks: ChartTick[];
  /** AKConv at every N = 1..maxN. */
  akconv: ChartPoint[];
  akconvPath: string;
  /** K x K convs at N = K² (K = 1, 2, ...). */
  squares: (ChartPoint & { k: number })[];
  /** The smallest K x K conv with at least N samples, as a step line. */
  stepPath: string;
  /** N, with the square kernels at or below it and above it (null when N is a square). */
  current: ChartPoint & { below: { k: number; params: number }; above: { k: number; params: number } | null };
}

export interface ParamsChartOptions {
  width?: number;
  height?: number;
  maxN?: number;
}

/** Everything the parameter chart draws, for C_in = C_out = channels, with N highlighted. */
export function paramsChart(numParam: number, channels: number, options: ParamsChartOptions = {}): ParamsChartModel {
  const width = options.width ?? 480;
  const height = options.height ?? 300;
  const maxN = options.maxN ?? 64;
  if (!Number.isInteger(numParam) || numParam < 1 || numParam > maxN) {
    throw new RangeError(`num_param must be a whole number from 1 to ${maxN}, got ${numParam}`);
  }
  const plot = { left: 56, top: 16, right: width - 16, bottom: height - 44 };
  const ak = (n: number) => akconvParams(n, channels, channels);
  const sq = (k: number) => squareConvParams(k, channels, channels);
  const maxParams = Math.max(ak(maxN), sq(squareKernelFor(maxN)));
  const yValues = niceTicks(maxParams, 5);
  const yMax = yValues[yValues.length - 1] ?? maxParams;
  const x = linearScale([1, maxN], [plot.left, plot.right]);
  const y = linearScale([0, yMax], [plot.bottom, plot.top]);

  const akconv = Array.from({ length: maxN }, (_, i) => {
    const n = i + 1;
    return { n, params: ak(n), x: x(n), y: y(ak(n)) };
  });
  const squares: (ChartPoint & { k: number })[] = [];
  for (let k = 1; k * k <= maxN; k++) squares.push({ k, n: k * k, params: sq(k), x: x(k * k), y: y(sq(k)) });

  let stepPath = `M${fmt(x(1))} ${fmt(y(sq(1)))}`;
  for (let n = 2; n <= maxN; n++) {
    const prev = sq(squareKernelFor(n - 1));
    const cur = sq(squareKernelFor(n));
    if (cur !== prev) stepPath += ` H${fmt(x(n - 0.5))} V${fmt(y(cur))}`;
  }
  stepPath += ` H${fmt(x(maxN))}`;

  const xTickValues = [1, ...squares.map((s) => s.n).filter((n) => n > 1)];
  const kBelow = Math.floor(Math.sqrt(numParam) + 1e-9);
  const kAbove = squareKernelFor(numParam);
  return {
    width,
    height,
    plot,
    maxN,
    channels,
    xTicks: xTickValues.map((v) => ({ value: v, label: String(v), at: x(v) })),
    yTicks: yValues.map((v) => ({ value: v, label: formatCount(v), at: y(v) })),
    akconv,
    akconvPath: akconv.map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(p.x)} ${fmt(p.y)}`).join(' '),
    squares,
    stepPath,
    current: {
      n: numParam,
      params: ak(numParam),
      x: x(numParam),
      y: y(ak(numParam)),
      below: { k: kBelow, params: sq(kBelow) },
      above: kAbove === kBelow ? null : { k: kAbove, params: sq(kAbove) },
    },
  };
}

/** The chart's numbers for the current N, in words (caption and screen readers). */
export function paramsSummary(numParam: number, channels: number): string {
  const c = channels;
  const column = numParam * c * c;
  const offset = 2 * numParam * c * 9 + 2 * numParam;
  const total = akconvParams(numParam, c, c);
  const lo = Math.floor(Math.sqrt(numParam) + 1e-9);
  const hi = squareKernelFor(numParam);
  const square =
    lo === hi
      ? `a ${lo}×${lo} conv, with the same ${plural(numParam, 'sample')}, has ${groupDigits(squareConvParams(lo, c, c))}`
      : `the nearest square kernels have ${groupDigits(squareConvParams(lo, c, c))} (${lo}×${lo}, ${plural(lo * lo, 'sample')}) and ${groupDigits(squareConvParams(hi, c, c))} (${hi}×${hi}, ${plural(hi * hi, 'sample')})`;
  return (
    `With C_in = C_out = ${c}, AKConv with N = ${numParam} has ${groupDigits(total)} weights ` +
    `(${groupDigits(column)} in the column conv, ${groupDigits(offset)} in the offset conv); ${square}. ` +
    `Each extra sample adds ${groupDigits(akconvParams(1, c, c))} to AKConv, while the next square kernel ` +
    `${hi}×${hi} → ${hi + 1}×${hi + 1} adds ${groupDigits(squareConvParams(hi + 1, c, c) - squareConvParams(hi, c, c))} at once.`
  );
}
