/**
 * The switch between the fused implementations and the composed ops, in
 * Node (cpu and wasm: the host-memory loop, or the composed ops when switched
 * off), and the GPU programs' refusal to run off their backend or on shapes
 * that do not fit.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleStackedWebGL, sampleStackedWebGPU } from '../../../src/model/kernels/akconv-sample';
import { sampleStackedHost } from '../../../src/model/kernels/akconv-sample-host';
import { fusedBackend, fusedKernelsEnabled, setFusedKernels } from '../../../src/model/kernels/fused';
import { elementwiseProgram, runWebGPUProgram } from '../../../src/model/kernels/gpu-program';
import { silu, siluComposed } from '../../../src/model/kernels/silu';
import { NODE_BACKENDS, useNodeBackend } from '../../helpers/node-backends';

afterEach(() => setFusedKernels(true));

describe.each(NODE_BACKENDS)('on the %s backend', (backend) => {
  it('runs the host-memory loops when switched on (the default) and the composed ops when off', async () => {
    await useNodeBackend(backend);
    expect(fusedKernelsEnabled()).toBe(true);
    expect(fusedBackend()).toBe('host');
    setFusedKernels(false);
    expect(fusedKernelsEnabled()).toBe(false);
    expect(fusedBackend()).toBeNull();
  });

  it('computes SiLU as x * sigmoid(x)', async () => {
    await useNodeBackend(backend);
    const x = tf.tensor1d([-30, -2, -0.5, 0, 0.5, 2, 30]);
    const expected = [-30, -2, -0.5, 0, 0.5, 2, 30].map((v) => v / (1 + Math.exp(-v)));
    const [ours, composed] = [silu(x), siluComposed(x)];
    const [a, b] = [await ours.data(), await composed.data()];
    expect([...a]).toEqual([...b]);
    a.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    tf.dispose([x, ours, composed]);
  });

  it('refuses to run a WebGPU program', async () => {
    await useNodeBackend(backend);
    const x = tf.zeros([4]);
    const program = elementwiseProgram('akconv_test', ['A'], [4], 'setOutputAtIndex(index, A[index]);');
    expect(() => runWebGPUProgram(program, [x])).toThrow(`the akconv_test program needs the webgpu backend, not '${backend}'`);
    x.dispose();
  });
});

describe('AKConv sampling programs', () => {
  it('name the shapes when the offsets do not fit the map', async () => {
    await useNodeBackend('cpu');
    const x = tf.zeros<tf.Rank.R4>([1, 4, 4, 2]);
    const offsets = tf.zeros<tf.Rank.R4>([1, 4, 4, 6]);
    const base = tf.zeros<tf.Rank.R4>([1, 3, 4, 6]);
    const message = 'AKConv sampling got offsets [1, 4, 4, 6] and base [1, 3, 4, 6] that do not fit a map of batch 1';
    expect(() => sampleStackedWebGPU(x, offsets, base)).toThrow(message);
    expect(() => sampleStackedWebGL(x, offsets, base)).toThrow(message);
    expect(() => sampleStackedHost(x, offsets, base)).toThrow(message);
    tf.dispose([x, offsets, base]);
  });

  it('gives one dispatch thread per stacked value (a flat dispatch over [b, h, w, N * C])', () => {
    const program = elementwiseProgram('k', ['A'], [1, 20, 20, 48], '');
    expect(program.dispatch).toEqual([Math.ceil((20 * 20 * 48) / program.workgroupSize[0]), 1, 1]);
    expect(program.getUserCode()).toContain('if (index < uniforms.size)');
  });
});
