/**
 * The "architecture only (untrained)" models: a bundled config at one of
 * YOLOv5's scales, with weights made by `init.ts` (nothing downloaded).
 */
import type { UntrainedModelId } from '../common/choices';
import { UNTRAINED_CONFIGS, UNTRAINED_SCALES } from '../common/choices';
import type { ModelConfig } from '../common/model-config';
import { parseConfigYaml } from '../io/model-config';
import { LDCONV_YOLOV5N_YAML, SEED_DETECT_YAML, SEED_SEGMENT_YAML } from './bundled-configs';
import { withScale } from './config';

type ConfigId = (typeof UNTRAINED_CONFIGS)[number];

const CONFIGS: Readonly<Record<ConfigId, { yaml: string; name: (scale: string) => string }>> = {
  'seed-det': { yaml: SEED_DETECT_YAML, name: (s) => `YOLOv5${s}-C3_AKConv (the seed's config)` },
  'seed-seg': { yaml: SEED_SEGMENT_YAML, name: (s) => `YOLOv5${s}-C3_AKConv-seg (the seed's config)` },
  ldconv: { yaml: LDCONV_YOLOV5N_YAML, name: (s) => `YOLOv5${s}-LDConv` },
};

/** What an untrained model's label ends with, everywhere it is shown. */
export const UNTRAINED_SUFFIX = ' — untrained';

export interface UntrainedModel {
  id: UntrainedModelId;
  label: string;
}

/** Every untrained id with its label, in picker order (config, then scale). */
export const UNTRAINED_MODELS: readonly UntrainedModel[] = UNTRAINED_CONFIGS.flatMap((c) =>
  UNTRAINED_SCALES.map((s) => ({ id: `${c}-${s}` as const, label: `${CONFIGS[c].name(s)}${UNTRAINED_SUFFIX}` })),
);

/** The id's config, parsed and set to its scale. */
export function untrainedConfig(id: UntrainedModelId): ModelConfig {
  const dash = id.lastIndexOf('-');
  const config = CONFIGS[id.slice(0, dash) as ConfigId];
  const scale = id.slice(dash + 1) as (typeof UNTRAINED_SCALES)[number];
  return withScale(parseConfigYaml(config.yaml), scale);
}

export function untrainedLabel(id: UntrainedModelId): string {
  return UNTRAINED_MODELS.find((m) => m.id === id)?.label ?? id;
}
