/**
 * The small slice of tfjs-webgpu's backend API that the model's custom
 * programs use, typed here so that the model does not import the WebGPU
 * backend (which would register it in Node, where it cannot run).
 *
 * A program's WGSL body sees, from tfjs's shader prelude: its inputs as
 * `array<f32>` storage buffers named after `variableNames`, their shapes as
 * `uniforms.<name>Shape` (vec4<i32> for rank 4), `uniforms.outShape`,
 * `uniforms.size` (the output's element count) and `setOutputAtIndex`.
 */
import * as tf from '@tensorflow/tfjs';

export interface WebGPUProgramSpec {
  outputShape: number[];
  /** Identifies the shader source; tfjs appends the input ranks and dtypes. */
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  workgroupSize: [number, number, number];
  /** Declares `uniforms.size`. */
  size: boolean;
  getUserCode(): string;
}

interface WebGPUBackendApi {
  runWebGPUProgram(program: WebGPUProgramSpec, inputs: tf.TensorInfo[], outputDtype: tf.DataType): tf.TensorInfo;
}

const WORKGROUP = 128;

/** A program with one thread per output element (flat dispatch of `outputShape`). */
export function elementwiseProgram(shaderKey: string, variableNames: string[], outputShape: number[], body: string): WebGPUProgramSpec {
  const size = outputShape.reduce((a, d) => a * d, 1);
  return {
    outputShape,
    shaderKey,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    variableNames,
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    // tfjs calls main with the flat global index (it folds oversized dispatches back into one index).
    getUserCode: () => `fn main(index : i32) {\n  if (index < uniforms.size) {\n${body}\n  }\n}`,
  };
}

/** Runs a program on the active webgpu backend; the result is tracked like any tfjs op's (tidy disposes it). */
export function runWebGPUProgram<R extends tf.Rank>(program: WebGPUProgramSpec, inputs: tf.Tensor[]): tf.Tensor<R> {
  if (tf.getBackend() !== 'webgpu') throw new Error(`the ${program.shaderKey} program needs the webgpu backend, not '${tf.getBackend()}'`);
  const backend = tf.backend() as unknown as WebGPUBackendApi;
  const info = backend.runWebGPUProgram(program, inputs, 'float32');
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
}
