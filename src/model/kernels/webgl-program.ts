/**
 * The slice of tfjs-webgl's backend API that the model's custom programs
 * use, typed here so that the model does not import the WebGL backend.
 *
 * A program's GLSL sees, from tfjs's shader prelude: `getOutputCoords()`,
 * one sampler accessor per input (`getX(b, r, c, d)`, or, for packed
 * programs, `getXAtOutCoords()` returning a vec4), and `setOutput`.
 */
import * as tf from '@tensorflow/tfjs';

export interface WebGLProgramSpec {
  variableNames: string[];
  outputShape: number[];
  /** tfjs caches compiled programs by this source and the input shapes. */
  userCode: string;
  packedInputs?: boolean;
  packedOutput?: boolean;
}

interface WebGLBackendApi {
  compileAndRun(program: WebGLProgramSpec, inputs: tf.TensorInfo[], outputDtype?: tf.DataType): tf.TensorInfo;
}

/** Runs a program on the active webgl backend; the result is tracked like any tfjs op's (tidy disposes it). */
export function runWebGLProgram<R extends tf.Rank>(program: WebGLProgramSpec, inputs: tf.Tensor[]): tf.Tensor<R> {
  if (tf.getBackend() !== 'webgl') throw new Error(`a custom WebGL program needs the webgl backend, not '${tf.getBackend()}'`);
  const backend = tf.backend() as unknown as WebGLBackendApi;
  const info = backend.compileAndRun(program, inputs, 'float32');
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
}
