export { useNodeBackend } from '../../src/runtime/node';

/** The Node backends the tests run on (tfjs-node cannot be installed here). */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const;
