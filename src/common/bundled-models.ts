/**
 * The one table of the models the app ships: the trained ones served from
 * public/models (README's model card) and the "architecture only
 * (untrained)" configs at each of YOLOv5's scales. The model ids
 * (`MODEL_IDS` in choices.ts), the conventions the app knows without loading
 * a file (`BUNDLED_CONVENTIONS`), the files the engine fetches and the
 * labels the pickers show all derive from here. Plain data, so the page
 * lists the models without loading the engine, tfjs or the YAML reader; the
 * untrained configs' YAML text is `model/bundled-configs.ts`, keyed by the
 * config ids below.
 */
import type { GridConvention } from './geometry';

export interface BundledModelEntry {
  id: string;
  label: string;
  /** Its file under public/models. */
  file: string;
  /** The grid its file records in its `indexing` metadata; null: no AKConv layer (a test reads the files). */
  convention: GridConvention | null;
  description: string;
}

/** The trained models served from public/models, in picker order. */
export const BUNDLED_MODELS = [
  {
    id: 'akconv-ij',
    label: 'YOLOv5n-C3_AKConv (ij)',
    file: 'yolov5n-c3akconv-ij.safetensors',
    convention: 'ij',
    description: 'YOLOv5n with a distilled C3_AKConv at layer 8, official AKConv grid',
  },
  {
    id: 'akconv-xy',
    label: "YOLOv5n-C3_AKConv (xy, the seed's grid)",
    file: 'yolov5n-c3akconv-xy.safetensors',
    convention: 'xy',
    description: "the same, trained with the seed's transposed/scrambled grid",
  },
  { id: 'yolov5n', label: 'YOLOv5n (teacher)', file: 'yolov5n.safetensors', convention: null, description: 'the official YOLOv5n COCO weights' },
] as const satisfies readonly BundledModelEntry[];

export type TrainedModelId = (typeof BUNDLED_MODELS)[number]['id'];
export type BundledModel = (typeof BUNDLED_MODELS)[number];

/** The bundled configs offered untrained, each at every scale, with the name its label starts with. */
const UNTRAINED_CONFIG_NAMES = {
  'seed-det': (s: string) => `YOLOv5${s}-C3_AKConv (the seed's config)`,
  'seed-seg': (s: string) => `YOLOv5${s}-C3_AKConv-seg (the seed's config)`,
  ldconv: (s: string) => `YOLOv5${s}-LDConv`,
} as const;

export type UntrainedConfigId = keyof typeof UNTRAINED_CONFIG_NAMES;
export const UNTRAINED_CONFIGS = Object.keys(UNTRAINED_CONFIG_NAMES) as readonly UntrainedConfigId[];
export const UNTRAINED_SCALES = ['n', 's', 'm', 'l', 'x'] as const;
export type UntrainedScale = (typeof UNTRAINED_SCALES)[number];
export type UntrainedModelId = `${UntrainedConfigId}-${UntrainedScale}`;

/** What an untrained model's label ends with, everywhere it is shown. */
export const UNTRAINED_SUFFIX = ' — untrained';

export interface UntrainedModel {
  id: UntrainedModelId;
  label: string;
  config: UntrainedConfigId;
  scale: UntrainedScale;
}

/** Every untrained model (`seed-det-n` ... `ldconv-x`) with its label, in picker order (config, then scale). */
export const UNTRAINED_MODELS: readonly UntrainedModel[] = UNTRAINED_CONFIGS.flatMap((config) =>
  UNTRAINED_SCALES.map((scale) => ({ id: `${config}-${scale}` as const, label: `${UNTRAINED_CONFIG_NAMES[config](scale)}${UNTRAINED_SUFFIX}`, config, scale })),
);

export const UNTRAINED_MODEL_IDS: readonly UntrainedModelId[] = UNTRAINED_MODELS.map((m) => m.id);

export function isUntrainedModelId(id: string): id is UntrainedModelId {
  return (UNTRAINED_MODEL_IDS as readonly string[]).includes(id);
}

export function untrainedLabel(id: UntrainedModelId): string {
  return UNTRAINED_MODELS.find((m) => m.id === id)?.label ?? id;
}
