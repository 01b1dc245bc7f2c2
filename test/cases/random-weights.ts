/**
 * Deterministic random weights for any architecture, to load and run models
 * (scale l, x) whose real checkpoints are too large to keep in the repository.
 */
import type { WeightMap } from '../../src/io/tensor';
import { numelOf } from '../../src/io/tensor';
import type { Architecture } from '../../src/model/architecture';
import { modelParamSpecs } from '../../src/model/architecture';

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomWeights(arch: Architecture, seed = 0): WeightMap {
  const rand = prng(seed);
  const weights: WeightMap = new Map();
  for (const spec of modelParamSpecs(arch)) {
    const n = numelOf(spec.shape);
    const data = new Float32Array(n);
    const fanIn = spec.shape.length === 4 ? numelOf(spec.shape.slice(1)) : 1;
    const scale = 1 / Math.sqrt(fanIn);
    if (spec.name.endsWith('running_var') || (spec.name.endsWith('.weight') && spec.shape.length === 1)) data.fill(1);
    else if (spec.name.endsWith('.anchors')) for (let i = 0; i < n; i++) data[i] = 1 + rand() * 4;
    else if (spec.shape.length === 4) for (let i = 0; i < n; i++) data[i] = (rand() * 2 - 1) * scale;
    weights.set(spec.name, { shape: spec.shape, data });
  }
  return weights;
}
