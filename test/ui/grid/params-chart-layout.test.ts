import { describe, expect, it } from 'vitest';
import { conv, parameterCount } from '../../../src/model/modules';
import { akconvParams, formatCount, groupDigits, linearScale, niceTicks, paramsChart, paramsSummary, squareConvParams, squareKernelFor } from '../../../src/ui/grid/params-chart-layout';

describe('parameters against kernel size', () => {
  it('counts what the model counts (its parameterCount, less BatchNorm)', () => {
    for (const c of [16, 64, 128]) {
      for (let n = 1; n <= 64; n++) {
        const spec = { kind: 'AKConv' as const, c1: c, c2: c, numParam: n, stride: 1, bias: false };
        expect(akconvParams(n, c, c)).toBe(parameterCount(spec) - 2 * c);
      }
      for (let k = 1; k <= 8; k++) expect(squareConvParams(k, c, c)).toBe(parameterCount(conv(c, c, k)) - 2 * c);
    }
    expect(akconvParams(5, 64, 64)).toBe(5 * 64 * 64 + 2 * 5 * 64 * 9 + 2 * 5);
    expect(akconvParams(5, 64, 64)).toBe(26250);
    expect(squareConvParams(3, 64, 64)).toBe(36864);
  });

  it('AKConv grows linearly in N, K x K quadratically in K', () => {
    const chart = paramsChart(5, 64);
    expect(chart.akconv.map((p) => p.n)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
    const steps = new Set(chart.akconv.slice(1).map((p, i) => p.params - (chart.akconv[i]?.params ?? 0)));
    expect([...steps]).toEqual([64 * 64 + 18 * 64 + 2]);
    expect(chart.squares.map((s) => [s.k, s.n, s.params])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((k) => [k, k * k, k * k * 64 * 64]),
    );
    const diffs = chart.squares.slice(1).map((s, i) => s.params - (chart.squares[i]?.params ?? 0));
    expect(diffs).toEqual([2, 3, 4, 5, 6, 7, 8].map((k) => (2 * k - 1) * 4096));
  });

  it('maps values onto the plot and highlights the current N', () => {
    const chart = paramsChart(5, 64, { width: 480, height: 300 });
    const { plot } = chart;
    const first = chart.akconv[0];
    const last = chart.akconv[63];
    expect(first?.x).toBeCloseTo(plot.left);
    expect(last?.x).toBeCloseTo(plot.right);
    const top = chart.yTicks[chart.yTicks.length - 1];
    expect(top?.value).toBeGreaterThanOrEqual(akconvParams(64, 64, 64));
    expect(top?.at).toBeCloseTo(plot.top);
    expect(chart.yTicks[0]).toMatchObject({ value: 0, label: '0', at: plot.bottom });
    for (const p of [...chart.akconv, ...chart.squares]) {
      expect(p.y).toBeGreaterThanOrEqual(plot.top - 1e-9);
      expect(p.y).toBeLessThanOrEqual(plot.bottom);
    }
    expect(chart.current).toMatchObject({ n: 5, params: 26250, x: chart.akconv[4]?.x, y: chart.akconv[4]?.y });
    expect(chart.current.below).toEqual({ k: 2, params: 4 * 4096 });
    expect(chart.current.above).toEqual({ k: 3, params: 9 * 4096 });
    expect(paramsChart(9, 64).current.above).toBeNull();
    expect(chart.xTicks.map((t) => t.value)).toEqual([1, 4, 9, 16, 25, 36, 49, 64]);
    // The step line changes level right after each square: 7 changes for 1..64.
    expect(chart.stepPath.match(/V/g)).toHaveLength(7);
    expect(() => paramsChart(0, 64)).toThrowError(/num_param/);
    expect(() => paramsChart(65, 64)).toThrowError(/num_param/);
  });

  it('summarises the current N', () => {
    expect(paramsSummary(5, 64)).toBe(
      'With C_in = C_out = 64, AKConv with N = 5 has 26,250 weights (20,480 in the column conv, 5,770 in the offset conv); ' +
        'the nearest square kernels have 16,384 (2×2, 4 samples) and 36,864 (3×3, 9 samples). ' +
        'Each extra sample adds 5,250 to AKConv, while the next square kernel 3×3 → 4×4 adds 28,672 at once.',
    );
    expect(paramsSummary(9, 64)).toContain('a 3×3 conv, with the same 9 samples, has 36,864');
  });

  it('scales, ticks and formats', () => {
    const s = linearScale([1, 64], [56, 464]);
    expect(s(1)).toBe(56);
    expect(s(64)).toBe(464);
    expect(linearScale([0, 10], [100, 0])(5)).toBe(50);
    expect(niceTicks(336000, 5)).toEqual([0, 100000, 200000, 300000, 400000]);
    expect(niceTicks(9, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0)).toEqual([0]);
    expect(squareKernelFor(1)).toBe(1);
    expect(squareKernelFor(4)).toBe(2);
    expect(squareKernelFor(5)).toBe(3);
    expect(squareKernelFor(64)).toBe(8);
    expect(formatCount(512)).toBe('512');
    expect(formatCount(36864)).toBe('36.9k');
    expect(formatCount(262144)).toBe('262k');
    expect(formatCount(1234567)).toBe('1.23M');
    expect(formatCount(200000)).toBe('200k');
    expect(groupDigits(26250)).toBe('26,250');
    expect(groupDigits(5)).toBe('5');
  });
});
