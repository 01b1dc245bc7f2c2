/**
 * The PyTorch snippet: its text, and the fixtures that
 * training/tests/test_pn_snippet.py executes against training/yolo.py's
 * AKConv. The fixtures must be what the generator writes now;
 * `AKCONV_WRITE_SNIPPETS=1 npx vitest run test/ui/grid/pytorch-snippet.test.ts`
 * rewrites them.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SamplePoint } from '../../../src/common/geometry';
import { initialShape } from '../../../src/model/geometry';
import { OFFICIAL_N5_SHAPES, presetPoints } from '../../../src/ui/grid/presets';
import { configLine, pytorchSnippet } from '../../../src/ui/grid/pytorch-snippet';

const DIR = join(import.meta.dirname, '../../fixtures/pn-snippets');

interface SnippetCase {
  name: string;
  origin: string;
  points: SamplePoint[];
}

/** p_n of several N under both conventions, the five official N = 5 shapes, and a hand-drawn shape out of reading order. */
function cases(): SnippetCase[] {
  const out: SnippetCase[] = [];
  for (const n of [1, 3, 5, 9, 13]) {
    for (const conv of ['ij', 'xy'] as const) out.push({ name: `pn-${n}-${conv}`, origin: `p_n of N = ${n}, ${conv}`, points: initialShape(n, conv) });
  }
  for (const p of OFFICIAL_N5_SHAPES) out.push({ name: `official-${p.id}`, origin: `official shape ${p.label}`, points: presetPoints(p) });
  out.push({ name: 'drawn-4', origin: 'drawn', points: [{ row: 2, col: 1 }, { row: 0, col: 0 }, { row: 1, col: 3 }, { row: 3, col: 0 }] });
  return out;
}

describe('pytorchSnippet', () => {
  it('lists rows then columns in sample order, and the config line carries N', () => {
    const text = pytorchSnippet([{ row: 0, col: 2 }, { row: 1, col: 0 }, { row: 2, col: 1 }], { origin: 'drawn' });
    expect(text).toContain('P_N_ROWS = [0, 1, 2]');
    expect(text).toContain('P_N_COLS = [2, 0, 1]');
    expect(text).toContain('#   [-1, 1, AKConv, [128, 3, 2]],');
    expect(text).toMatch(/^# AKConv initial shape p_n from AKConv Playground: drawn, N = 3\./);
  });

  it('config lines follow the official yolov5.yaml row', () => {
    expect(configLine(5)).toMatch(/^\[-1, 1, AKConv, \[128, 5, 2\]\],/);
    expect(configLine(9, 256, 1)).toMatch(/^\[-1, 1, AKConv, \[256, 9, 1\]\],/);
  });

  it('refuses an empty shape with a sentence', () => {
    expect(() => pytorchSnippet([], { origin: 'drawn' })).toThrow(/at least one point/);
  });

  it('the fixtures the Python test runs are what the generator writes now', () => {
    const all = cases();
    const index = all.map((c) => ({ name: c.name, file: `${c.name}.py`, rows: c.points.map((p) => p.row), cols: c.points.map((p) => p.col) }));
    const files = new Map<string, string>(all.map((c) => [`${c.name}.py`, pytorchSnippet(c.points, { origin: c.origin })]));
    files.set('index.json', `${JSON.stringify(index, null, 1)}\n`);
    if (process.env.AKCONV_WRITE_SNIPPETS === '1') {
      rmSync(DIR, { recursive: true, force: true });
      mkdirSync(DIR, { recursive: true });
      for (const [name, text] of files) writeFileSync(join(DIR, name), text);
    }
    expect(readdirSync(DIR).sort()).toEqual([...files.keys()].sort());
    for (const [name, text] of files) expect(readFileSync(join(DIR, name), 'utf8'), name).toBe(text);
  });
});
