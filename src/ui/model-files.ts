/**
 * The model picker's files: the weights (.pt, .pth, .safetensors) and, for a
 * weights-only .pt, its YAML config, picked or dropped together.
 */

const WEIGHTS = /\.(pt|pth|safetensors)$/i;
const CONFIG = /\.ya?ml$/i;

export type ModelFiles<F extends { name: string }> = { weights: F; config: F | null } | { error: string };

/** Splits the picked files into weights and config, or says in one sentence what is wrong. */
export function pairModelFiles<F extends { name: string }>(files: readonly F[]): ModelFiles<F> {
  const weights = files.filter((f) => WEIGHTS.test(f.name));
  const configs = files.filter((f) => CONFIG.test(f.name));
  const other = files.find((f) => !WEIGHTS.test(f.name) && !CONFIG.test(f.name));
  if (other) return { error: `${other.name} is not a model file: pick a .pt, .pth or .safetensors file, and its .yaml config for a weights-only .pt.` };
  if (weights.length !== 1) return { error: weights.length ? 'Pick one weights file at a time (with at most one .yaml config).' : 'A .yaml config needs its weights: pick the .pt and the .yaml together.' };
  if (configs.length > 1) return { error: 'Pick at most one .yaml config with the weights.' };
  return { weights: weights[0] as F, config: configs[0] ?? null };
}
