import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CocoResult } from '../../src/detect/export-formats';
import { COCO80_TO_COCO91 } from '../../src/detect/export-formats';
import { rectBatches } from '../../src/detect/rect-batches';
import { decodeImage } from '../../src/io/image-node';
import { fixturePath } from '../helpers/fixtures';
import { runCli } from './run-cli';

// Six COCO128 val images of several aspect ratios (wide, tall, square-ish, small), at 320.
const STEMS = ['000000000139', '000000000285', '000000000724', '000000001490', '000000001503', '000000001584'];
const weights = fixturePath('models/yolov5n.f16.safetensors');
const tmp = mkdtempSync(join(tmpdir(), 'akconv-val-'));
const data = join(tmp, 'data');

beforeAll(() => {
  mkdirSync(join(data, 'images', 'val2017'), { recursive: true });
  mkdirSync(join(data, 'labels', 'val2017'), { recursive: true });
  for (const s of STEMS) {
    copyFileSync(fixturePath(`coco128/images/val2017/${s}.jpg`), join(data, 'images', 'val2017', `${s}.jpg`));
    const label = fixturePath(`coco128/labels/val2017/${s}.txt`);
    if (existsSync(label)) copyFileSync(label, join(data, 'labels', 'val2017', `${s}.txt`));
  }
});

const val = (args: string[]) => runCli(['val', '--weights', weights, '--data', data, '--imgsz', '320', '--project', tmp, ...args]);
const readResults = (name: string) => JSON.parse(readFileSync(join(tmp, name, 'yolov5n.f16_predictions.json'), 'utf8')) as CocoResult[];

describe('akconv val --verbose, --save-json, --batch-size, --no-rect', () => {
  it("prints val.py's table and writes COCO results in val.py's image order", { timeout: 120_000 }, async () => {
    const { out } = await val(['--verbose', '--save-json', '--batch-size', '2', '--name', 'rect']);
    const lines = out.trimEnd().split('\n');
    // '%22s' + '%11s' * 6, then '%22s' + '%11i' * 2 + '%11.3g' * 4 per row.
    expect(lines[0]).toBe('                 Class     Images  Instances          P          R      mAP50   mAP50-95');
    const rows = lines.slice(1).map((l) => ({ name: l.slice(0, 22).trim(), cells: l.slice(22).match(/.{11}/g)!.map((c) => c.trim()) }));
    expect(lines.slice(1).every((l) => l.length === 22 + 6 * 11)).toBe(true);
    const all = rows[0]!;
    expect(all.name).toBe('all');
    expect(Number(all.cells[0])).toBe(6);
    const labels = STEMS.map((s) => fixturePath(`coco128/labels/val2017/${s}.txt`)).filter(existsSync).map((f) => readFileSync(f, 'utf8').trim().split('\n').length);
    expect(Number(all.cells[1])).toBe(labels.reduce((a, b) => a + b, 0));
    expect(rows.slice(1).reduce((n, r) => n + Number(r.cells[1]), 0)).toBe(Number(all.cells[1]));
    expect(rows.some((r) => r.name === 'person')).toBe(true);
    // '%.3g': at most 3 significant digits, no trailing zeros.
    for (const r of rows) for (const v of r.cells.slice(2)) expect(v).toMatch(/^(0|1|0\.0*[1-9]\d{0,2}|\d(\.\d{1,2})?e-\d\d)$/);

    const results = readResults('rect');
    expect(results.length).toBeGreaterThan(50);
    const sizes = STEMS.map((s) => decodeImage(new Uint8Array(readFileSync(join(data, 'images', 'val2017', `${s}.jpg`))), s));
    const order = rectBatches(sizes, { imageSize: 320, batchSize: 2 }).flatMap((b) => b.indices.map((i) => Number(STEMS[i])));
    expect([...new Set(results.map((r) => r.image_id))]).toEqual(order.filter((id) => results.some((r) => r.image_id === id)));
    for (const r of results) {
      expect(Object.keys(r)).toEqual(['image_id', 'category_id', 'bbox', 'score']);
      expect(COCO80_TO_COCO91).toContain(r.category_id); // a COCO model: COCO's category ids
      const size = sizes[STEMS.indexOf(String(r.image_id).padStart(12, '0'))]!;
      const [x, y, w, h] = r.bbox;
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(size.width + 2e-3);
      expect(y + h).toBeLessThanOrEqual(size.height + 2e-3);
      for (const v of r.bbox) expect(Math.abs(v * 1000 - Math.round(v * 1000))).toBeLessThan(1e-6);
      expect(Math.abs(r.score * 1e5 - Math.round(r.score * 1e5))).toBeLessThan(1e-6);
    }
  });

  it('--no-rect letterboxes each image as detect.py does and gives other boxes; --json prints the numbers', { timeout: 120_000 }, async () => {
    const { out } = await val(['--no-rect', '--save-json', '--json', '--name', 'norect']);
    const m = JSON.parse(out) as { images: number; mAP50: number };
    expect(m.images).toBe(6);
    expect(m.mAP50).toBeGreaterThan(0.2);
    const rect = readResults('rect');
    const norect = readResults('norect');
    expect([...new Set(norect.map((r) => r.image_id))]).toEqual(STEMS.map(Number).filter((id) => norect.some((r) => r.image_id === id)));
    const first = (rs: CocoResult[]) => rs.find((r) => r.image_id === 139 && r.category_id === 1)!.bbox;
    expect(first(norect)).not.toEqual(first(rect));
  });
});
