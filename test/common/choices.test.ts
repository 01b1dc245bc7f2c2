import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CONVENTIONS, DEFAULT_MODEL } from '../../src/common/choices';
import { DEFAULT_CONVENTION } from '../../src/common/geometry';
import { readSafetensors } from '../../src/io/safetensors';
import { DEFAULT_SETTINGS } from '../../src/state/settings';

/** The files public/models serves, as the engine names them. */
const FILES = {
  'akconv-ij': 'yolov5n-c3akconv-ij.safetensors',
  'akconv-xy': 'yolov5n-c3akconv-xy.safetensors',
  yolov5n: 'yolov5n.safetensors',
} as const;

describe('bundled model conventions', () => {
  for (const [id, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    it(`${id} matches the indexing metadata of public/models/${file}`, () => {
      const { metadata } = readSafetensors(new Uint8Array(readFileSync(`public/models/${file}`)));
      const recorded = metadata['indexing'] ?? null;
      // A model without AKConv layers records no convention, or the writer's default.
      if (BUNDLED_CONVENTIONS[id] === null) expect([null, DEFAULT_CONVENTION]).toContain(recorded);
      else expect(recorded).toBe(BUNDLED_CONVENTIONS[id]);
    });
  }

  it('the settings start in the default model and its convention', () => {
    expect(DEFAULT_SETTINGS.model).toBe(DEFAULT_MODEL);
    expect(DEFAULT_SETTINGS.convention).toBe(BUNDLED_CONVENTIONS[DEFAULT_MODEL]);
  });
});
