import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/io/model-config';
import { readModelCheckpoint } from '../../src/model/checkpoint';
import { readFixtureBytes } from '../helpers/fixtures';

describe('readModelCheckpoint', () => {
  it('refuses an architecture the model cannot build, naming the module', async () => {
    await expect(readModelCheckpoint(readFixtureBytes('checkpoints/bad/unsupported_module.pt'))).rejects.toThrow(ConfigError);
    await expect(readModelCheckpoint(readFixtureBytes('checkpoints/bad/unsupported_module.pt'))).rejects.toThrow(/^unsupported module 'C2f' in layer 3/);
  });

  it('reads a checkpoint the model can build', async () => {
    const ckpt = await readModelCheckpoint(readFixtureBytes('checkpoints/yolov5n_tiny.pt'));
    expect(ckpt.weights.size).toBeGreaterThan(0);
  });
});
