import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { configureWasm, useBackend } from '../../src/runtime/backends';

const require = createRequire(import.meta.url);

/** The Node backends the tests run on (tfjs-node cannot be installed here). */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

export async function useNodeBackend(name: NodeBackend): Promise<void> {
  if (name === 'wasm') {
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    configureWasm(join(dist, '/'));
  }
  await useBackend(name);
}
