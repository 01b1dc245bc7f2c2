/**
 * onnxruntime-web in Node, the speed anchor: its wasm execution provider on
 * an ONNX file (from training/export_onnx.py), with default settings except
 * the thread count when asked.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

export type OrtSession = ort.InferenceSession;

/** A wasm session; `threads` 0 keeps onnxruntime-web's default (half the cores, at most 4). */
export async function ortWasmSession(onnxFile: string, threads = 0): Promise<OrtSession> {
  if (threads > 0) ort.env.wasm.numThreads = threads;
  return ort.InferenceSession.create(readFileSync(onnxFile), { executionProviders: ['wasm'] });
}

/** One forward pass on an NCHW float32 input; returns the first output's data. */
export async function ortForward(session: OrtSession, input: Float32Array, shape: readonly number[]): Promise<Float32Array> {
  const name = session.inputNames[0];
  if (name === undefined) throw new Error('the ONNX model has no input');
  const feeds = { [name]: new ort.Tensor('float32', input, [...shape]) };
  const results = await session.run(feeds);
  const outName = session.outputNames[0];
  const out = outName === undefined ? undefined : results[outName];
  if (out === undefined || !(out.data instanceof Float32Array)) throw new Error('the ONNX model gave no float32 output');
  const data = out.data;
  for (const t of Object.values(results)) t.dispose();
  return data;
}
