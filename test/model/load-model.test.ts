import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/io/checkpoint';
import { ConfigError } from '../../src/io/model-config';
import { loadModel } from '../../src/model/load-model';
import type { YoloModel } from '../../src/model/yolo';
import { readFixtureBytes, readFixtureText } from '../helpers/fixtures';
import { useNodeBackend } from '../helpers/node-backends';

describe('loadModel, the front door for model files', () => {
  const models: YoloModel[] = [];
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });
  afterAll(() => models.forEach((m) => m.dispose()));

  it('runs a checkpoint on the grid its file records, with its class names', async () => {
    const loaded = await loadModel(readFixtureBytes('checkpoints/c3akconv_tiny.pt'), { name: 'c3akconv_tiny.pt' });
    models.push(loaded.model);
    expect(loaded).toMatchObject({ name: 'c3akconv_tiny.pt', names: ['a', 'b', 'c'], trainedConvention: 'ij', convention: 'ij' });
    expect(loaded.model.akconvSites()[0]?.layer.geometry.convention).toBe('ij');
    expect(loaded.checkpoint.format).toBe('pt');
  });

  it('runs the grid asked for over the file\'s own', async () => {
    const loaded = await loadModel(readFixtureBytes('checkpoints/c3akconv_tiny.pt'), { name: 'c3akconv_tiny.pt', convention: 'xy' });
    models.push(loaded.model);
    expect(loaded).toMatchObject({ trainedConvention: 'ij', convention: 'xy' });
    expect(loaded.model.akconvSites()[0]?.layer.geometry.convention).toBe('xy');
  });

  it('gives a weights-only .pt its architecture from configYaml, and names what is missing without it', async () => {
    const bytes = readFixtureBytes('checkpoints/minimal.state_dict.pt');
    const loaded = await loadModel(bytes, { name: 'minimal.state_dict.pt', configYaml: readFixtureText('checkpoints/minimal.yaml') });
    models.push(loaded.model);
    expect(loaded.model.nc).toBe(3);
    await expect(loadModel(readFixtureBytes('checkpoints/bad/weights_only.pt'), { name: 'weights_only.pt' })).rejects.toThrow(CheckpointError);
  });

  it('refuses an architecture it cannot build before decoding any tensor', async () => {
    const fractions: number[] = [];
    const load = loadModel(readFixtureBytes('checkpoints/bad/unsupported_module.pt'), { name: 'unsupported_module.pt', onProgress: (f) => fractions.push(f) });
    await expect(load).rejects.toThrow(ConfigError);
    await expect(load).rejects.toThrow(/^unsupported module 'C2f' in layer 3/);
    // 0.15 is where tensor decoding starts (torch-checkpoint.ts); a plain readCheckpoint goes past it.
    expect(Math.max(...fractions)).toBeLessThanOrEqual(0.15);
  });
});
