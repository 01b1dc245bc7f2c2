import { describe, expect, it } from 'vitest';
import { pairModelFiles } from '../../src/ui/model-files';

const f = (name: string) => ({ name });

describe('pairModelFiles (the model picker)', () => {
  it('pairs a weights file with its YAML in either order, or takes the weights alone', () => {
    expect(pairModelFiles([f('m.yaml'), f('m.pt')])).toEqual({ weights: f('m.pt'), config: f('m.yaml') });
    expect(pairModelFiles([f('m.PT'), f('m.yml')])).toEqual({ weights: f('m.PT'), config: f('m.yml') });
    expect(pairModelFiles([f('m.safetensors')])).toEqual({ weights: f('m.safetensors'), config: null });
  });

  it('opens a YAML alone untrained', () => {
    expect(pairModelFiles([f('m.yaml')])).toEqual({ untrainedConfig: f('m.yaml') });
    expect(pairModelFiles([f('m.YML')])).toEqual({ untrainedConfig: f('m.YML') });
  });

  it('says what is wrong with two YAMLs alone, two weights files, two configs, or another file', () => {
    expect(pairModelFiles([f('a.yaml'), f('b.yaml')])).toEqual({ error: 'Pick one .yaml config at a time (alone it opens untrained), or a weights file with it.' });
    expect(pairModelFiles([f('a.pt'), f('b.pt')])).toHaveProperty('error', 'Pick one weights file at a time (with at most one .yaml config).');
    expect(pairModelFiles([f('a.pt'), f('a.yaml'), f('b.yaml')])).toHaveProperty('error', 'Pick at most one .yaml config with the weights.');
    expect(pairModelFiles([f('a.pt'), f('cat.jpg')])).toHaveProperty('error', expect.stringMatching(/^cat\.jpg is not a model file/));
  });
});
