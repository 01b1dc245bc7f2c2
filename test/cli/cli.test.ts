import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { classColor } from '../../src/detect/annotate';
import { boxIou } from '../../src/detect/nms';
import { decodeImage } from '../../src/io/image-node';
import type { ImageResult } from '../../src/cli/predict';
import { readCheckpoint } from '../../src/io/checkpoint';
import { writeSafetensors } from '../../src/io/safetensors';
import { composeWeights } from '../cases/model-golden';
import { fixturePath, readFixtureBytes, readFixtureSafetensors, readFixtureText } from '../helpers/fixtures';
import { runCli, runMain } from './run-cli';

const exec = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'akconv-cli-'));
const photos = fixturePath('detect/photos');

/** base + overlay fixtures written as one self-describing safetensors file. */
function writeModel(name: string, overlay?: string): string {
  const { weights, metadata } = composeWeights(readFixtureSafetensors('models/yolov5n.f16.safetensors'), overlay ? readFixtureSafetensors(overlay) : undefined);
  const meta = Object.fromEntries(Object.entries(metadata).filter(([k]) => !['base', 'drop'].includes(k)));
  const path = join(tmp, name);
  writeFileSync(path, writeSafetensors(weights, meta, 'F16'));
  return path;
}

/** refcli's JSON vs ours: same detections (class, box IoU >= 0.9, confidence within 0.02). */
function expectSameDetections(ours: ImageResult[], ref: ImageResult[], maskTolerance?: number) {
  expect(ours.map((r) => [r.image, r.width, r.height, r.input])).toEqual(ref.map((r) => [r.image, r.width, r.height, r.input]));
  ours.forEach((r, i) => {
    const theirs = ref[i]!.detections;
    expect(r.detections.length, r.image).toBe(theirs.length);
    r.detections.forEach((d, k) => {
      const e = theirs[k]!;
      expect(d.class, `${r.image} #${k}`).toBe(e.class);
      expect(d.name).toBe(e.name);
      expect(boxIou(d.box, e.box)).toBeGreaterThanOrEqual(0.9);
      expect(Math.abs(d.conf - e.conf)).toBeLessThanOrEqual(0.02);
      if (maskTolerance !== undefined) expect(Math.abs((d.mask_area ?? 0) - (e.mask_area ?? 0))).toBeLessThanOrEqual(maskTolerance * Math.max(1, e.mask_area ?? 0));
    });
  });
}

describe('akconv predict against refcli.py predict (JPEG and PNG photos, imgsz 320)', () => {
  const models: Record<string, string> = {};
  beforeAll(() => {
    models['yolov5n'] = fixturePath('models/yolov5n.f16.safetensors');
    models['c3akconv'] = writeModel('c3akconv_n.safetensors', 'models/c3akconv_n.overlay.f16.safetensors');
    models['seg'] = writeModel('seg_n.safetensors', 'models/seg_n.overlay.f16.safetensors');
  });

  const cases = [
    { name: 'YOLOv5n', model: 'yolov5n', grid: 'xy', ref: 'predict_yolov5n.json', extra: [] as string[] },
    { name: 'C3_AKConv, xy', model: 'c3akconv', grid: 'xy', ref: 'predict_c3akconv_n_xy.json', extra: [] },
    { name: 'C3_AKConv, ij', model: 'c3akconv', grid: 'ij', ref: 'predict_c3akconv_n_ij.json', extra: [] },
    { name: 'C3_AKConv-seg (masks)', model: 'seg', grid: 'xy', ref: 'predict_seg_n_xy.json', extra: ['--conf', '0.1'] },
  ];

  it.each(cases)('$name', async ({ model, grid, ref, extra, name }) => {
    const json = join(tmp, `${model}-${grid}.json`);
    const { out } = await runCli(['predict', '--weights', models[model]!, '--source', photos, '--imgsz', '320', '--grid', grid, '--json', json, ...extra]);
    expect(out.split('\n').filter(Boolean)).toHaveLength(4);
    const ours = JSON.parse(readFileSync(json, 'utf8')) as ImageResult[];
    expectSameDetections(ours, JSON.parse(readFixtureText(`detect/${ref}`)) as ImageResult[], name.includes('seg') ? 0.02 : undefined);
  });

  it("--save-txt --save-conf writes a segmentation model's detections as polygons (segment/predict.py), a detection model's as boxes", async () => {
    const json = join(tmp, 'txt-seg.json');
    await runCli(['predict', '--weights', models['seg']!, '--source', photos, '--imgsz', '320', '--conf', '0.1', '--save-txt', '--save-conf', '--project', tmp, '--name', 'txt-seg', '--json', json]);
    const results = JSON.parse(readFileSync(json, 'utf8')) as ImageResult[];
    let polygons = 0;
    for (const r of results) {
      const file = join(tmp, 'txt-seg', 'labels', `${r.image.replace(/\.[^.]+$/, '')}.txt`);
      const lines = r.detections.length ? readFileSync(file, 'utf8').trimEnd().split('\n') : [];
      expect(lines, r.image).toHaveLength(r.detections.length);
      // process_mask keeps the prototype cells (4 input pixels each) that start inside the box, so a
      // mask reaches at most one cell past the box's right or bottom edge: 4 input pixels, plus a
      // pixel for the boxes' rounding. Not an IoU: masks2segments keeps the largest piece of a mask
      // only, and this model's masks come in pieces (IoU 0.02 to 0.88 on these photos).
      const [h1 = 0, w1 = 0] = r.input;
      const slack = 4 / Math.min(h1 / r.height, w1 / r.width) + 1;
      // Lowest confidence first, as predict.py walks det in reverse; the confidence last.
      [...r.detections].reverse().forEach((d, k) => {
        const [cls = NaN, ...rest] = lines[k]!.split(' ').map(Number);
        const conf = rest.pop() ?? NaN;
        expect(cls, `${r.image} line ${k}`).toBe(d.class);
        expect(Math.abs(conf - d.conf)).toBeLessThanOrEqual(1e-5);
        expect(rest.length % 2).toBe(0);
        expect(rest.length).toBeGreaterThanOrEqual(2);
        expect(rest.every((v) => v >= 0 && v <= 1)).toBe(true);
        const xs = rest.filter((_, i) => i % 2 === 0).map((v) => v * r.width);
        const ys = rest.filter((_, i) => i % 2 === 1).map((v) => v * r.height);
        const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = d.box;
        expect(Math.min(...xs), `${r.image} line ${k}`).toBeGreaterThanOrEqual(x1 - slack);
        expect(Math.min(...ys)).toBeGreaterThanOrEqual(y1 - slack);
        expect(Math.max(...xs)).toBeLessThanOrEqual(x2 + slack);
        expect(Math.max(...ys)).toBeLessThanOrEqual(y2 + slack);
        polygons++;
      });
    }
    expect(polygons).toBeGreaterThan(10);
    // A detection model keeps detect.py's box lines: class, centre, size, conf.
    const photo = join(photos, '000000001503.jpg');
    await runCli(['predict', '--weights', models['yolov5n']!, '--source', photo, '--imgsz', '320', '--save-txt', '--save-conf', '--project', tmp, '--name', 'txt-det']);
    const boxLines = readFileSync(join(tmp, 'txt-det', 'labels', '000000001503.txt'), 'utf8').trimEnd().split('\n');
    expect(boxLines.length).toBeGreaterThan(0);
    for (const l of boxLines) expect(l.split(' ')).toHaveLength(6);
  });

  it("--save paints a segmentation model's masks under the boxes (half the class colour over the photo), and a detection model's none", async () => {
    const source = join(photos, 'wide_crop.png');
    const original = decodeImage(new Uint8Array(readFileSync(source)), source);
    /** Pixels changed to exactly half a detected class's colour plus half the photo. */
    const blended = async (model: string) => {
      const json = join(tmp, `save-${model}.json`);
      await runCli(['predict', '--weights', models[model]!, '--source', source, '--imgsz', '320', '--conf', '0.1', '--save', '--project', tmp, '--name', `save-${model}`, '--json', json]);
      const saved = join(tmp, `save-${model}`, 'wide_crop.png');
      const image = decodeImage(new Uint8Array(readFileSync(saved)), saved);
      const result = (JSON.parse(readFileSync(json, 'utf8')) as ImageResult[])[0]!;
      const colours = [...new Set(result.detections.map((d) => d.class))].map((c) => classColor(c));
      let n = 0;
      for (let i = 0; i < image.data.length; i += 3) {
        const was = [original.data[i]!, original.data[i + 1]!, original.data[i + 2]!];
        const now = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
        if (now.every((v, k) => v === was[k])) continue;
        if (colours.some((c) => now.every((v, k) => v === Math.trunc(c[k]! * 0.5 + was[k]! * 0.5)))) n++;
      }
      // The largest mask, brought from the letterboxed input to the image (wide_crop is letterboxed to 320 wide).
      const largest = Math.max(0, ...result.detections.map((d) => d.mask_area ?? 0)) * (original.width / 320) ** 2;
      return { n, largest, detections: result.detections.length };
    };
    const seg = await blended('seg');
    expect(seg.detections).toBeGreaterThan(0);
    expect(seg.largest).toBeGreaterThan(100);
    expect(seg.n).toBeGreaterThan(0.5 * seg.largest);
    const boxesOnly = await blended('yolov5n');
    expect(boxesOnly.detections).toBeGreaterThan(0);
    expect(boxesOnly.n).toBe(0);
  });
});

describe('akconv info', () => {
  it('prints the per-layer JSON of a config at a scale', async () => {
    const { out } = await runCli(['info', fixturePath('configs/yolov5_C3_AKConv.yaml'), '--scale', 'l', '--json']);
    const info = JSON.parse(out) as { layers: { index: number; params: number; module: string; arguments: string }[]; parameters: number; gflops: number };
    expect(info.parameters).toBe(41_928_079);
    expect(info.gflops).toBe(105.4);
    expect(info.layers).toHaveLength(25);
    expect(info.layers[8]).toMatchObject({ index: 8, params: 5_336_082, module: 'models.common.C3_AKConv', arguments: '[1024, 1024, 3]' });
  });

  it('reads the architecture from a weights file', async () => {
    const { out } = await runCli(['info', fixturePath('models/yolov5n.f16.safetensors')]);
    expect(out).toContain('summary: 214 layers, 1872157 parameters, 4.5 GFLOPs');
  });
});

describe('akconv convert', () => {
  it('turns a .pt into a self-describing float16 safetensors with the grid in its metadata', async () => {
    const out = join(tmp, 'tiny.safetensors');
    await runCli(['convert', fixturePath('checkpoints/c3akconv_tiny.pt'), out, '--grid', 'ij']);
    const fromPt = await readCheckpoint(readFixtureBytes('checkpoints/c3akconv_tiny.pt'));
    const converted = await readCheckpoint(new Uint8Array(readFileSync(out)));
    expect(converted.convention).toBe('ij');
    expect(converted.config).toEqual(fromPt.config);
    expect(converted.names).toEqual(fromPt.names);
    expect([...converted.weights.keys()]).toEqual([...fromPt.weights.keys()]);
  });
});

describe('akconv offsets', () => {
  const photo = join(photos, '000000001503.jpg');
  type Report = { convention: string; sites: { layer: string; numParam: number; images: number; meanAbsOffset: number; maxAbsOffset: number }[] };
  const offsets = async (weights: string, grid: string) =>
    JSON.parse((await runCli(['offsets', '--weights', weights, '--source', photo, '--imgsz', '160', '--grid', grid, '--json'])).out) as Report;

  it('reports zero for p_conv at zero (the seed\'s init) and the learned field otherwise', async () => {
    const { weights, metadata } = composeWeights(readFixtureSafetensors('models/yolov5n.f16.safetensors'), readFixtureSafetensors('models/c3akconv_n.overlay.f16.safetensors'));
    const zeroed = new Map([...weights].map(([k, v]) => [k, k.includes('p_conv') ? { ...v, data: new Float32Array(v.data.length) } : v]));
    const zeroPath = join(tmp, 'c3akconv_zero.safetensors');
    const meta = Object.fromEntries(Object.entries(metadata).filter(([k]) => !['base', 'drop'].includes(k)));
    writeFileSync(zeroPath, writeSafetensors(zeroed, meta, 'F32'));
    for (const grid of ['xy', 'ij']) {
      const zero = await offsets(zeroPath, grid);
      expect(zero.convention).toBe(grid);
      expect(zero.sites).toEqual([{ layer: 'model.8.m.0.cv2', numParam: 3, images: 1, meanAbsOffset: 0, maxAbsOffset: 0 }]);
    }
    const learned = await offsets(writeModel('c3akconv_offsets.safetensors', 'models/c3akconv_n.overlay.f16.safetensors'), 'ij');
    expect(learned.sites[0]!.meanAbsOffset).toBeGreaterThan(0.01);
    expect(learned.sites[0]!.maxAbsOffset).toBeGreaterThan(learned.sites[0]!.meanAbsOffset);
  });

  it('says so for a model without AKConv', async () => {
    await expect(runCli(['offsets', '--weights', fixturePath('models/yolov5n.f16.safetensors'), '--source', photo])).rejects.toThrow('this model has no AKConv layer');
  });
});

describe('errors: one line, exit code 2', () => {
  // In-process through the binary's own `main` (a spawn costs seconds of tsx
  // start-up); 'the akconv binary' below spawns it once for each exit code.
  const fail = async (args: string[]) => {
    const r = await runMain(args);
    if (r.code === 0) throw new Error('the command succeeded');
    return r;
  };

  it('a missing weights file', async () => {
    const r = await fail(['predict', '--weights', join(tmp, 'nope.pt'), '--source', photos]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`akconv predict: ${join(tmp, 'nope.pt')}: no such file`);
  });

  it('an unreadable image and an empty folder', async () => {
    const bad = join(tmp, 'bad.jpg');
    writeFileSync(bad, 'not an image');
    const r = await fail(['predict', '--weights', fixturePath('models/yolov5n.f16.safetensors'), '--source', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`akconv predict: cannot read ${bad}: not a JPEG or PNG image.`);
    const empty = mkdtempSync(join(tmpdir(), 'akconv-empty-'));
    const e = await fail(['predict', '--weights', fixturePath('models/yolov5n.f16.safetensors'), '--source', empty]);
    expect(e.code).toBe(2);
    expect(e.stderr.trim()).toBe(`akconv predict: ${empty}: no .jpg, .jpeg or .png images in this folder`);
  });

  it('a file that is not a checkpoint, and bad options', async () => {
    const r = await fail(['info', fixturePath('detect/metrics.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^akconv info: metrics\.json: /);
    const g = await fail(['predict', '--weights', 'x.pt', '--source', photos, '--grid', 'zz']);
    expect(g.code).toBe(2);
    expect(g.stderr.split('\n')[0]).toBe("akconv predict: --grid must be xy or ij, got 'zz'");
  });
});

describe('the akconv binary (bin/akconv.js through tsx, as a process)', () => {
  const bin = fixturePath('../../bin/akconv.js');
  const spawn = async (args: string[]) => {
    try {
      const { stdout, stderr } = await exec(process.execPath, [bin, ...args]);
      return { code: 0, stdout, stderr };
    } catch (e) {
      const { code, stderr, stdout } = e as { code: number; stderr: string; stdout: string };
      return { code, stderr, stdout };
    }
  };

  it('exits 0 and prints on stdout what the in-process main prints', async () => {
    const args = ['info', fixturePath('models/yolov5n.f16.safetensors'), '--json'];
    const r = await spawn(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe((await runMain(args)).stdout);
    expect(JSON.parse(r.stdout)).toHaveProperty('parameters');
  });

  it('exits 2 with one line on stderr for a file that is not a checkpoint', async () => {
    const r = await spawn(['info', fixturePath('detect/metrics.json')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^akconv info: metrics\.json: /);
  });
});
