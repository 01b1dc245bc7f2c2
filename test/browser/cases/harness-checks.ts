/** Cases that check the harness itself (fetching files, error reporting). */
import * as tf from '@tensorflow/tfjs';

export type FetchResult = { status: number; contentType: string | null; bytes: Uint8Array };

/** Fetch any file under the repo root by its root-relative URL, e.g. '/package.json'. */
export async function fetchBytes(arg: { url: string }): Promise<FetchResult> {
  const response = await fetch(arg.url);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, contentType: response.headers.get('content-type'), bytes };
}

export async function throwsError(arg: { message: string }): Promise<never> {
  await Promise.resolve();
  throw new Error(arg.message);
}

/** Schedules an uncaught exception in the page, then keeps running for a while. */
export async function uncaughtError(arg: { message: string }): Promise<string> {
  setTimeout(() => {
    throw new Error(arg.message);
  }, 0);
  await new Promise((resolve) => setTimeout(resolve, 200));
  return 'finished';
}

export function returnsTensor(): tf.Tensor {
  return tf.scalar(1);
}

/** Leaks one tensor on purpose (to check RunStats). */
export function leaksTensor(): number {
  tf.keep(tf.scalar(42));
  return tf.memory().numTensors;
}

export async function backendInfo(): Promise<{ backend: string; numTensors: number }> {
  await tf.ready();
  return { backend: tf.getBackend(), numTensors: tf.memory().numTensors };
}
