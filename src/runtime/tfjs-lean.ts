/**
 * What the engine worker's bundle gets for `@tensorflow/tfjs` (vite.config.ts
 * aliases it there): tfjs-core with its chained ops and gradients, and the
 * cpu and WebGL backends, as the full package registers them, without
 * tfjs-layers, tfjs-converter and tfjs-data, which nothing in the engine uses
 * and which made up a large part of the worker's 2.5 MB script, fetched and
 * parsed before the engine could start. (WASM and WebGPU come from their own
 * packages, as before.)
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { version_core } from '@tensorflow/tfjs-core';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { version_webgl } from '@tensorflow/tfjs-backend-webgl';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-backend-cpu';
export * from '@tensorflow/tfjs-backend-webgl';

/** tfjs's own `version`, less the packages left out; `tfjs` is the release, which core shares. */
export const version = { 'tfjs-core': version_core, 'tfjs-backend-cpu': version_cpu, 'tfjs-backend-webgl': version_webgl, tfjs: version_core };
