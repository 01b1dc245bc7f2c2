import { describe, expect, it } from 'vitest';
import { buildArchitecture, formatSummaryTable, makeDivisible, pythonRound, summarize } from '../../src/model/architecture';
import type { Scale } from '../../src/model/config';
import { ConfigError, parseConfigYaml, withScale } from '../../src/model/config';
import { readFixtureText } from '../helpers/fixtures';

interface ReferenceInfo {
  layers: { index: number; from: number | number[]; n: number; params: number; module: string; arguments: string }[];
  parameters: number;
  modules: number;
  gflops: number;
}

const CASES: { info: string; config: string; scale?: Scale; parameters: number }[] = [
  { info: 'det_l', config: 'yolov5_C3_AKConv.yaml', scale: 'l', parameters: 41_928_079 },
  { info: 'det_n', config: 'yolov5_C3_AKConv.yaml', scale: 'n', parameters: 1_780_771 },
  { info: 'seg_l', config: 'yolov5_C3_AKConv-seg.yaml', scale: 'l', parameters: 43_289_327 },
  { info: 'seg_n', config: 'yolov5_C3_AKConv-seg.yaml', scale: 'n', parameters: 1_900_163 },
  { info: 'ldconv_yolov5n', config: 'ldconv_yolov5n.yaml', parameters: 1_655_097 },
  { info: 'yolov5n', config: 'yolov5n.yaml', parameters: 1_872_157 },
];

function load(config: string, scale?: Scale) {
  const cfg = parseConfigYaml(readFixtureText(`configs/${config}`));
  return buildArchitecture(scale ? withScale(cfg, scale) : cfg);
}

describe('per-layer table against the PyTorch reference', () => {
  it.each(CASES)('$info: every row, parameters, modules and GFLOPs', ({ info, config, scale, parameters }) => {
    const ref = JSON.parse(readFixtureText(`info/${info}.json`)) as ReferenceInfo;
    const summary = summarize(load(config, scale));
    expect(summary.parameters).toBe(parameters);
    expect(summary.parameters).toBe(ref.parameters);
    expect(summary.modules).toBe(ref.modules);
    expect(summary.gflops.toFixed(1)).toBe(ref.gflops.toFixed(1));
    expect(summary.layers.map(({ index, from, n, params, module, arguments: a }) => ({ index, from, n, params, module, arguments: a }))).toEqual(ref.layers);
  });

  it('prints the same text table as the reference', () => {
    const text = formatSummaryTable(summarize(load('yolov5_C3_AKConv.yaml', 'l')));
    expect(text.trim()).toBe(readFixtureText('info/det_l.txt').trim());
  });
});

describe("the seed's own table (scale l)", () => {
  // Copied from the seed document's printout: params per row and the total.
  const SEED_PARAMS = [
    7040, 73984, 156928, 295424, 1118208, 1180672, 6433792, 4720640, 5336082, 2624512, 525312, 0, 0, 2757632, 131584, 0, 0, 690688,
    590336, 0, 2495488, 2360320, 0, 9971712, 457725,
  ];

  it('matches all 25 rows and 41,928,079 parameters in 377 modules', () => {
    const summary = summarize(load('yolov5_C3_AKConv.yaml'));
    expect(summary.layers.map((l) => l.params)).toEqual(SEED_PARAMS);
    expect(summary.parameters).toBe(41_928_079);
    expect(summary.modules).toBe(377);
    expect(summary.layers[8]?.arguments).toBe('[1024, 1024, 3]');
    expect(summary.layers[8]?.module).toBe('models.common.C3_AKConv');
  });

  it('counts 105.4 GFLOPs at 640 (the seed prints 105.9 with an unknown counter)', () => {
    expect(summarize(load('yolov5_C3_AKConv.yaml')).gflops).toBeCloseTo(105.4, 1);
  });

  it('gives output shapes per layer at 640', () => {
    const s = summarize(load('yolov5_C3_AKConv.yaml'));
    expect(s.layers[8]?.output).toEqual({ c: 1024, h: 20, w: 20 });
    expect(s.layers[17]?.output).toEqual({ c: 256, h: 80, w: 80 });
  });
});

describe('YOLOv5 scaling rules', () => {
  it('rounds depth like Python and widths up to multiples of 8', () => {
    expect(pythonRound(2.5)).toBe(2);
    expect(pythonRound(3.5)).toBe(4);
    expect(pythonRound(0.99)).toBe(1);
    expect(makeDivisible(1024 * 0.25)).toBe(256);
    expect(makeDivisible(3 * 0.25 * 8 + 1)).toBe(8);
  });

  it('takes strides from the graph: 8, 16, 32', () => {
    expect(load('yolov5_C3_AKConv.yaml', 'n').strides).toEqual([8, 16, 32]);
    expect(load('ldconv_yolov5n.yaml').strides).toEqual([8, 16, 32]);
  });

  it('scales Segment proto channels with the width', () => {
    const arch = load('yolov5_C3_AKConv-seg.yaml', 'n');
    expect(arch.head.proto?.cv1.c2).toBe(64);
    expect(arch.nm).toBe(32);
  });
});

describe('config errors', () => {
  const base = readFixtureText('configs/yolov5_C3_AKConv.yaml');

  it('names an unknown module and lists the supported ones', () => {
    const bad = base.replace('C3_AKConv, [1024]', 'C2f, [1024]');
    expect(() => buildArchitecture(parseConfigYaml(bad))).toThrowError(/unsupported module 'C2f' in layer 8; supported: Conv, .*LDConv.*C3_AKConv/);
  });

  it('rejects invalid YAML and missing keys with one sentence', () => {
    expect(() => parseConfigYaml('nc: [')).toThrowError(ConfigError);
    expect(() => parseConfigYaml('nc: 80')).toThrowError(/depth_multiple/);
    expect(() => parseConfigYaml(base.replace('nc: 80', 'nc: -1'))).toThrowError(/nc must be a positive integer/);
  });

  it('rejects a reference to a later layer', () => {
    const bad = base.replace('[[-1, 6], 1, Concat, [1]]', '[[-1, 30], 1, Concat, [1]]');
    expect(() => buildArchitecture(parseConfigYaml(bad))).toThrowError(/input 30 does not name an earlier layer/);
  });
});
