/**
 * tfjs in Node: the wasm backend (forward only, about 24 GFLOP/s here), with
 * its .wasm files found in node_modules. tfjs-node cannot be installed (it
 * downloads a binary), so this is the fastest backend Node gets.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BackendName } from './backends';
import { configureWasm, useBackend } from './backends';

const require = createRequire(import.meta.url);

export type NodeBackend = Extract<BackendName, 'wasm' | 'cpu'>;

export async function useNodeBackend(name: NodeBackend = 'wasm'): Promise<void> {
  if (name === 'wasm') {
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    configureWasm(join(dist, '/'));
  }
  await useBackend(name);
}
