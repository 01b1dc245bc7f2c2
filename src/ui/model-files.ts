/**
 * The model picker's files: the weights (.pt, .pth, .safetensors) and, for a
 * weights-only .pt, its YAML config, picked or dropped together.
 */

const WEIGHTS = /\.(pt|pth|safetensors)$/i;
const CONFIG = /\.ya?ml$/i;

/** Weights (with a config for a weights-only .pt), a config alone (opened untrained), or why not. */
export type ModelFiles<F extends { name: string }> = { weights: F; config: F | null } | { untrainedConfig: F } | { error: string };

/** Splits the picked files into weights and config, or says in one sentence what is wrong. */
export function pairModelFiles<F extends { name: string }>(files: readonly F[]): ModelFiles<F> {
  const weights = files.filter((f) => WEIGHTS.test(f.name));
  const configs = files.filter((f) => CONFIG.test(f.name));
  const other = files.find((f) => !WEIGHTS.test(f.name) && !CONFIG.test(f.name));
  if (other) return { error: `${other.name} is not a model file: pick a .pt, .pth or .safetensors file, and its .yaml config for a weights-only .pt.` };
  // A config alone opens as an untrained model (PyTorch's default initialisation).
  if (!weights.length && configs.length === 1) return { untrainedConfig: configs[0] as F };
  if (weights.length !== 1) return { error: weights.length ? 'Pick one weights file at a time (with at most one .yaml config).' : 'Pick one .yaml config at a time (alone it opens untrained), or a weights file with it.' };
  if (configs.length > 1) return { error: 'Pick at most one .yaml config with the weights.' };
  return { weights: weights[0] as F, config: configs[0] ?? null };
}
