/**
 * YOLOv5 model configs for the model: the config types and reader (from
 * src/common and src/io, re-exported here for existing importers) and the
 * scale presets.
 */
import type { ModelConfig } from '../common/model-config';

// The config's types live in src/common and its reader in src/io (checkpoint
// readers parse configs too); re-exported here for existing importers.
export type { ArgValue, ConfigRow, ModelConfig } from '../common/model-config';
export { ConfigError, configFromObject, configToObject, parseConfigYaml } from '../io/model-config';

export type Scale = 'n' | 's' | 'm' | 'l' | 'x';

/** YOLOv5's scale presets as the seed lists them: [depth, width] multiples. */
export const SCALES: Readonly<Record<Scale, { depth: number; width: number }>> = {
  n: { depth: 0.33, width: 0.25 },
  s: { depth: 0.33, width: 0.5 },
  m: { depth: 0.67, width: 0.75 },
  l: { depth: 1.0, width: 1.0 },
  x: { depth: 1.33, width: 1.25 },
};

export function isScale(value: string): value is Scale {
  return Object.hasOwn(SCALES, value);
}

/** The same architecture at another preset scale. */
export function withScale(cfg: ModelConfig, scale: Scale): ModelConfig {
  const { depth, width } = SCALES[scale];
  return { ...cfg, depthMultiple: depth, widthMultiple: width };
}
