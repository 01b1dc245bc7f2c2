/**
 * The rewrite that turns tfjs's fused-conv sigmoid into SiLU on the GPU
 * backends (the programs themselves run in test/browser/fused.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conv2dSilu, rewriteSigmoid } from '../../../src/model/kernels/conv-silu';
import type { WebGPUProgramSpec } from '../../../src/model/kernels/gpu-program';
import { elementwiseProgram } from '../../../src/model/kernels/gpu-program';
import { useNodeBackend } from '../../helpers/node-backends';

describe('rewriting the sigmoid activation to SiLU', () => {
  it('rewrites a WebGL program that carries the sigmoid snippet, and only those', () => {
    const conv = { variableNames: ['x'], outputShape: [1], userCode: 'float activation(float x) { return 1.0 / (1.0 + exp(-1.0 * x)); }' };
    expect(rewriteSigmoid('webgl', conv)).toBe(true);
    expect(conv.userCode).toBe('float activation(float x) { return x * (1.0 / (1.0 + exp(-1.0 * x))); }');
    const relu = { variableNames: ['x'], outputShape: [1], userCode: 'float activation(float x) { return max(x, 0.0); }' };
    expect(rewriteSigmoid('webgl', relu)).toBe(false);
    expect(relu.userCode).toBe('float activation(float x) { return max(x, 0.0); }');
  });

  it('rewrites a WebGPU program\'s source and gives it its own shader key', () => {
    const program: WebGPUProgramSpec = elementwiseProgram('conv_test_sigmoid', ['A'], [4], 'let a = A[index]; return 1.0 / (1.0 + exp(-1.0 * a));');
    expect(rewriteSigmoid('webgpu', program)).toBe(true);
    expect(program.shaderKey).toBe('conv_test_sigmoid_akconv_silu');
    expect(program.getUserCode()).toContain('return a * (1.0 / (1.0 + exp(-1.0 * a)));');
    expect(program.getUserCode()).not.toContain('return 1.0 / (1.0 + exp(-1.0 * a));');
    const other = elementwiseProgram('conv_test_relu', ['A'], [4], 'setOutputAtIndex(index, max(A[index], 0.0));');
    expect(rewriteSigmoid('webgpu', other)).toBe(false);
    expect(other.shaderKey).toBe('conv_test_relu');
  });

  it('on cpu computes conv + bias, then x * sigmoid(x)', async () => {
    await useNodeBackend('cpu');
    const x = tf.randomUniform<tf.Rank.R4>([1, 5, 6, 3], -2, 2, 'float32', 1);
    const filter = tf.randomUniform<tf.Rank.R4>([3, 3, 3, 4], -1, 1, 'float32', 2);
    const bias = tf.tensor1d([0.5, -0.5, 1, -1]);
    const ours = conv2dSilu({ x, filter, strides: 1, pad: 1, dilations: 1, bias });
    const y = tf.add(tf.conv2d(x, filter, 1, 1), bias);
    const expected = tf.mul(y, tf.sigmoid(y));
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(ours, expected))));
    expect((await diff.data())[0]).toBeLessThan(1e-5);
    tf.dispose([x, filter, bias, ours, y, expected, diff]);
  });
});
