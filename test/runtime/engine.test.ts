/** The engine's model files (runtime/engine.ts): bytes go through the same front door as the CLI's. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/io/model-config';
import type { YoloModel } from '../../src/model/yolo';
import { modelFromBytes } from '../../src/runtime/engine';
import { readFixtureBytes } from '../helpers/fixtures';
import { useNodeBackend } from '../helpers/node-backends';

describe('modelFromBytes', () => {
  const models: YoloModel[] = [];
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });
  afterAll(() => models.forEach((m) => m.dispose()));

  it('loads a checkpoint on the grid its file records, under the label given', async () => {
    const loaded = await modelFromBytes(readFixtureBytes('checkpoints/c3akconv_tiny.pt'), 'custom', 'c3akconv_tiny.pt', null);
    models.push(loaded.model);
    expect(loaded).toMatchObject({ id: 'custom', label: 'c3akconv_tiny.pt', names: ['a', 'b', 'c'], trainedConvention: 'ij' });
    expect(loaded.model.akconvSites()[0]?.layer.geometry.convention).toBe('ij');
  });

  it('refuses an architecture the model cannot build before decoding its tensors, as the CLI does', async () => {
    const fractions: number[] = [];
    const load = modelFromBytes(readFixtureBytes('checkpoints/bad/unsupported_module.pt'), 'custom', 'unsupported_module.pt', null, (f) => fractions.push(f));
    await expect(load).rejects.toThrow(ConfigError);
    await expect(load).rejects.toThrow(/^unsupported module 'C2f' in layer 3/);
    // 0.15 is where tensor decoding starts (torch-checkpoint.ts).
    expect(Math.max(...fractions)).toBeLessThanOrEqual(0.15);
  });
});
