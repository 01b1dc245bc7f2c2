import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classColor } from '../../src/detect/annotate';
import { decodeImage } from '../../src/io/image-node';
import { fixturePath, readFixtureText } from '../helpers/fixtures';
import { runCli } from './run-cli';

interface GoldenImage {
  width: number;
  height: number;
  lines: string[];
  crops: { name: string; box: [number, number, number, number] }[];
}
interface GoldenCase {
  name: string;
  args: string[];
  images: Record<string, GoldenImage>;
}

// YOLOv5's detect.py options on refcli.py's model (scripts/detect/make_cli.py), imgsz 320.
const golden = JSON.parse(readFixtureText('cli/predict.json')) as GoldenCase[];
const weights = fixturePath('models/yolov5n.f16.safetensors');
const photos = fixturePath('detect/photos');
const tmp = mkdtempSync(join(tmpdir(), 'akconv-predict-save-'));

const predict = (args: string[]) => runCli(['predict', '--weights', weights, '--imgsz', '320', '--project', tmp, ...args]);

/** Same lines as detect.py's: class equal, coordinates within 2e-3 of the image, confidence within 0.02. */
function expectSameLines(ours: string[], ref: string[], where: string) {
  expect(ours.length, where).toBe(ref.length);
  ours.forEach((line, i) => {
    const a = line.split(' ').map(Number);
    const b = (ref[i] as string).split(' ').map(Number);
    expect(a.length, where).toBe(6);
    expect(a[0], where).toBe(b[0]);
    for (let k = 1; k < 5; k++) expect(Math.abs((a[k] as number) - (b[k] as number)), `${where} line ${i} value ${k}`).toBeLessThanOrEqual(2e-3);
    expect(Math.abs((a[5] as number) - (b[5] as number)), where).toBeLessThanOrEqual(0.02);
  });
}

describe('akconv predict --save-txt --save-conf --save-crop against detect.py (via refcli.py)', () => {
  it.each(golden.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    await predict(['--source', photos, '--name', name, '--save-txt', '--save-conf', '--save-crop', ...c.args]);
    const run = join(tmp, name);
    for (const [stem, im] of Object.entries(c.images)) {
      const txt = join(run, 'labels', `${stem}.txt`);
      if (!im.lines.length) {
        expect(existsSync(txt), `${stem}: detect.py writes no file without detections`).toBe(false);
        continue;
      }
      const text = readFileSync(txt, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      expectSameLines(text.trimEnd().split('\n'), im.lines, `${name} ${stem}`);
      // Crops: numbered per class folder in detect.py's order (stem.jpg, stem2.jpg, ...), sized as save_one_box.
      const seen = new Map<string, number>();
      for (const crop of im.crops) {
        const n = (seen.get(crop.name) ?? 0) + 1;
        seen.set(crop.name, n);
        const file = join(run, 'crops', crop.name, `${stem}${n > 1 ? n : ''}.jpg`);
        const decoded = decodeImage(new Uint8Array(readFileSync(file)), file);
        const [x1, y1, x2, y2] = crop.box;
        expect(Math.abs(decoded.width - (x2 - x1)), file).toBeLessThanOrEqual(2);
        expect(Math.abs(decoded.height - (y2 - y1)), file).toBeLessThanOrEqual(2);
      }
    }
    expect(c.name !== 'classes' || Object.values(c.images).every((im) => im.lines.every((l) => ['0', '2'].includes(l.split(' ')[0] as string)))).toBe(true);
  });

  it('without --save-conf the lines have 5 values', async () => {
    await predict(['--source', join(photos, '000000001503.jpg'), '--name', 'noconf', '--save-txt']);
    const lines = readFileSync(join(tmp, 'noconf', 'labels', '000000001503.txt'), 'utf8').trimEnd().split('\n');
    const ref = golden[0]!.images['000000001503']!.lines;
    expect(lines).toHaveLength(ref.length);
    expect(lines.every((l) => l.split(' ').length === 5)).toBe(true);
  });
});

describe('akconv predict --save: annotated images in numbered run folders', () => {
  it('exp, exp2, exp3; --exist-ok reuses exp', async () => {
    const project = join(tmp, 'numbering');
    const source = join(photos, 'wide_crop.png');
    for (let i = 0; i < 3; i++) await runCli(['predict', '--weights', weights, '--imgsz', '320', '--source', source, '--save', '--project', project]);
    expect(readdirSync(project).sort()).toEqual(['exp', 'exp2', 'exp3']);
    await runCli(['predict', '--weights', weights, '--imgsz', '320', '--source', source, '--save', '--project', project, '--exist-ok']);
    expect(readdirSync(project).sort()).toEqual(['exp', 'exp2', 'exp3']);
    expect(readdirSync(join(project, 'exp'))).toEqual(['wide_crop.png']);
  });

  it('keeps the file name and size; boxes in the class colour; --hide-labels, --hide-conf and --line-thickness change the drawing', async () => {
    const source = join(photos, 'wide_crop.png');
    const original = decodeImage(new Uint8Array(readFileSync(source)), source);
    const draw = async (name: string, extra: string[]) => {
      await predict(['--source', source, '--name', name, '--save', '--json', join(tmp, `${name}.json`), ...extra]);
      const file = join(tmp, name, 'wide_crop.png');
      return decodeImage(new Uint8Array(readFileSync(file)), file);
    };
    const countColour = (im: { data: Uint8Array }, rgb: number[]) => {
      let n = 0;
      for (let i = 0; i < im.data.length; i += 3) if (im.data[i] === rgb[0] && im.data[i + 1] === rgb[1] && im.data[i + 2] === rgb[2]) n++;
      return n;
    };
    const plain = await draw('plain', []);
    const dets = (JSON.parse(readFileSync(join(tmp, 'plain.json'), 'utf8')) as { detections: { box: number[]; class: number }[] }[])[0]!.detections;
    expect(dets.length).toBeGreaterThan(0);
    expect([plain.width, plain.height]).toEqual([original.width, original.height]);
    const d = dets[0]!;
    const colour = classColor(d.class);
    const x = Math.trunc(d.box[0]!);
    const y = Math.trunc((d.box[1]! + d.box[3]!) / 2);
    expect([...plain.data.subarray((y * plain.width + x) * 3, (y * plain.width + x) * 3 + 3)]).toEqual(colour);
    const white = [255, 255, 255];
    const noLabels = await draw('nolabels', ['--hide-labels']);
    const noConf = await draw('noconf-draw', ['--hide-conf']);
    const thick = await draw('thick', ['--line-thickness', '6', '--hide-labels']);
    expect(countColour(plain, white)).toBeGreaterThan(countColour(noConf, white));
    expect(countColour(noConf, white)).toBeGreaterThan(countColour(noLabels, white));
    expect(countColour(thick, colour)).toBeGreaterThan(2 * countColour(noLabels, colour));
  });

  it('writes JPEG for JPEG sources and takes a glob', async () => {
    const { out } = await predict(['--source', join(photos, '*.jpg'), '--name', 'glob', '--save']);
    expect(out.split('\n').filter(Boolean)).toHaveLength(2);
    expect(readdirSync(join(tmp, 'glob')).sort()).toEqual(['000000001503.jpg', '000000005586.jpg']);
    const file = join(tmp, 'glob', '000000001503.jpg');
    expect(decodeImage(new Uint8Array(readFileSync(file)), file)).toMatchObject({ width: 320, height: 240 });
  });
});
