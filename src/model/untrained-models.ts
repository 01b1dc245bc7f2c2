/**
 * The "architecture only (untrained)" models: a bundled config at one of
 * YOLOv5's scales, with weights made by `init.ts` (nothing downloaded). The
 * ids and labels are the table in `common/bundled-models.ts`; this adds each
 * config's YAML text, read as a dropped file would be.
 */
import type { UntrainedConfigId, UntrainedModelId } from '../common/bundled-models';
import { UNTRAINED_MODELS } from '../common/bundled-models';
import type { ModelConfig } from '../common/model-config';
import { parseConfigYaml } from '../io/model-config';
import { LDCONV_YOLOV5N_YAML, SEED_DETECT_YAML, SEED_SEGMENT_YAML } from './bundled-configs';
import { withScale } from './config';

/** Each untrained config's YAML (a config added to the table without one fails to compile). */
const CONFIG_YAML: Readonly<Record<UntrainedConfigId, string>> = {
  'seed-det': SEED_DETECT_YAML,
  'seed-seg': SEED_SEGMENT_YAML,
  ldconv: LDCONV_YOLOV5N_YAML,
};

/** The id's config, parsed and set to its scale. */
export function untrainedConfig(id: UntrainedModelId): ModelConfig {
  const entry = UNTRAINED_MODELS.find((m) => m.id === id);
  if (!entry) throw new Error(`there is no untrained model named ${id}`);
  return withScale(parseConfigYaml(CONFIG_YAML[entry.config]), entry.scale);
}
