/** The results table's data agrees with the presets it names and with README.md's model card it quotes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COCO_YOLOV5N, N5_SHAPES_YOLOV5N, OWN_STUDENTS } from '../../../src/ui/grid/published-results';
import { OFFICIAL_N5_SHAPES } from '../../../src/ui/grid/presets';

describe('published results', () => {
  it('the N = 5 shape table covers the five presets, with the mAP50 the presets show', () => {
    expect(N5_SHAPES_YOLOV5N.rows.map((r) => r.shape)).toEqual(OFFICIAL_N5_SHAPES.map((p) => p.id));
    for (const r of N5_SHAPES_YOLOV5N.rows) expect(OFFICIAL_N5_SHAPES.find((p) => p.id === r.shape)?.map50).toBe(r.map50);
  });

  it('the size table is the baseline and N = 3, 5, 9, 13, each source a pinned commit URL', () => {
    expect(COCO_YOLOV5N.rows.map((r) => r.numParam)).toEqual([null, 3, 5, 9, 13]);
    for (const s of [COCO_YOLOV5N.source, N5_SHAPES_YOLOV5N.source]) {
      expect(s.url).toBe(`https://github.com/${s.repository}/blob/${s.commit}/${s.file}`);
      expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it("our numbers are the README model card's", () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    const files: Record<string, string> = { 'akconv-ij': 'yolov5n-c3akconv-ij', 'akconv-xy': 'yolov5n-c3akconv-xy', yolov5n: 'yolov5n' };
    for (const r of OWN_STUDENTS.rows) {
      const line = readme.split('\n').find((l) => l.startsWith(`| \`${files[r.model]}.safetensors\``));
      expect(line, r.model).toBeDefined();
      const cells = line!.split('|').map((c) => c.replace(/\*/g, '').trim());
      expect(cells).toContain(r.map50.toFixed(3));
      expect(cells).toContain(r.map5095.toFixed(3));
    }
  });
});
