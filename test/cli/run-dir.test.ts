import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incrementPath } from '../../src/cli/run-dir';

describe("YOLOv5's increment_path", () => {
  const tmp = mkdtempSync(join(tmpdir(), 'akconv-run-dir-'));

  it('folders: exp, then exp2, exp3 (no separator); exist_ok keeps exp', () => {
    const exp = join(tmp, 'exp');
    expect(incrementPath(exp)).toBe(exp);
    mkdirSync(exp);
    expect(incrementPath(exp)).toBe(`${exp}2`);
    mkdirSync(`${exp}2`);
    expect(incrementPath(exp)).toBe(`${exp}3`);
    expect(incrementPath(exp, true)).toBe(exp);
  });

  it('files: the number goes before the extension (crop.jpg, crop2.jpg)', () => {
    const file = join(tmp, 'crop.jpg');
    writeFileSync(file, '');
    expect(incrementPath(file)).toBe(join(tmp, 'crop2.jpg'));
  });
});
