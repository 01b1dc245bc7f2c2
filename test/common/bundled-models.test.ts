import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MODELS, UNTRAINED_CONFIGS, UNTRAINED_MODELS, UNTRAINED_SCALES, UNTRAINED_SUFFIX, untrainedLabel } from '../../src/common/bundled-models';
import { DEFAULT_CONVENTION } from '../../src/common/geometry';
import { readSafetensors } from '../../src/io/safetensors';
import { untrainedConfig } from '../../src/model/untrained-models';

describe('the table of bundled models', () => {
  it('names every file public/models serves, once, and no other', () => {
    const served = readdirSync('public/models').filter((f) => f.endsWith('.safetensors')).sort();
    expect(BUNDLED_MODELS.map((m) => m.file).sort()).toEqual(served);
    expect(new Set(BUNDLED_MODELS.map((m) => m.id)).size).toBe(BUNDLED_MODELS.length);
  });

  for (const entry of BUNDLED_MODELS) {
    it(`${entry.id}: its convention is the indexing metadata of public/models/${entry.file}`, () => {
      const { metadata } = readSafetensors(new Uint8Array(readFileSync(`public/models/${entry.file}`)));
      const recorded = metadata['indexing'] ?? null;
      // A model without AKConv layers records no convention, or the writer's default.
      if (entry.convention === null) expect([null, DEFAULT_CONVENTION]).toContain(recorded);
      else expect(recorded).toBe(entry.convention);
    });
  }

  it('offers every untrained config at every scale, each labelled as untrained and built at its scale', () => {
    expect(UNTRAINED_MODELS.map((m) => m.id)).toEqual(UNTRAINED_CONFIGS.flatMap((c) => UNTRAINED_SCALES.map((s) => `${c}-${s}`)));
    for (const m of UNTRAINED_MODELS) {
      expect(untrainedLabel(m.id)).toBe(m.label);
      expect(m.label.endsWith(UNTRAINED_SUFFIX)).toBe(true);
      expect(m.label).toContain(`YOLOv5${m.scale}`);
    }
    const n = untrainedConfig('seed-det-n');
    const x = untrainedConfig('seed-det-x');
    expect(n.depthMultiple).toBeLessThan(x.depthMultiple);
    expect(n.widthMultiple).toBeLessThan(x.widthMultiple);
    expect(untrainedConfig('seed-seg-n').head.some((row) => row.module === 'Segment')).toBe(true);
  });
});
