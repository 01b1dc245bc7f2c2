import { describe, expect, it } from 'vitest';
import { buildArchitecture, summarize } from '../../src/model/architecture';
import { untrainedConfig } from '../../src/model/untrained-models';
import { slowTimingWarning, stateDictBytes } from '../../src/ui/ModelWeights';

const gflops = (id: Parameters<typeof untrainedConfig>[0]) => summarize(buildArchitecture(untrainedConfig(id))).gflops;

describe('the model panel\'s weights and timing warning', () => {
  it('gives the float32 state dict size: about 168 MB for the seed\'s model at l', () => {
    const arch = buildArchitecture(untrainedConfig('seed-det-l'));
    const mb = stateDictBytes(arch) / 1e6;
    expect(mb).toBeGreaterThan((41_928_079 * 4) / 1e6);
    expect(mb).toBeLessThan(169);
  });

  it('warns before timing scale x on WASM at 320, not scale l, not at 64, not on WebGPU', () => {
    expect(slowTimingWarning('wasm', gflops('seed-det-x'), 320)).toMatch(/^Timing runs this model about 40 times at 320×320 .* on WASM/);
    expect(slowTimingWarning('wasm', gflops('seed-det-l'), 320)).toBeNull();
    expect(slowTimingWarning('wasm', gflops('seed-det-x'), 64)).toBeNull();
    expect(slowTimingWarning('webgpu', gflops('seed-det-x'), 640)).toBeNull();
    expect(slowTimingWarning('wasm', gflops('ldconv-x'), 320)).not.toBeNull();
  });
});
