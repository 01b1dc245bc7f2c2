/**
 * Every user-visible setting of the playground, with its default and its
 * valid range: the single description that the store, the URL codec and the
 * controls share.
 */
import type { BackendChoice, ModelId, PanelId, SourceKind } from '../common/choices';
import { BUNDLED_CONVENTIONS, bundledConvention, DEFAULT_MODEL } from '../common/choices';
import type { GridConvention, SamplePoint } from '../common/geometry';
import { DEFAULT_CONVENTION } from '../common/geometry';
import { SAMPLE_PHOTOS } from '../common/samples';

// The closed sets live in src/common (the engine and the UI speak them too).
export type { BackendChoice, ModelId, PanelId, SourceKind } from '../common/choices';
export { BACKEND_CHOICES, MODEL_IDS, PANELS, SOURCE_KINDS } from '../common/choices';

/** The offsets panel's 3D view: the learned sampling positions, or the initial p_0 + p_n. */
export const POSITIONS_VIEWS = ['learned', 'initial'] as const;
export type PositionsView = (typeof POSITIONS_VIEWS)[number];

/** What a sample's height shows in the 3D view: its index n, or the length of its offset. */
/** The colour theme: auto follows the system's prefers-color-scheme. */
export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const HEIGHT_MODES = ['index', 'offset'] as const;
export type HeightMode = (typeof HEIGHT_MODES)[number];

/** The channel counts (C_in = C_out) the parameter chart offers. */
export const CHART_CHANNELS = [16, 32, 64, 128, 256] as const;
export type ChartChannels = (typeof CHART_CHANNELS)[number];

export interface Camera {
  /** Azimuth and elevation in degrees, distance in scene units. */
  azimuth: number;
  elevation: number;
  distance: number;
}

export interface Settings {
  model: ModelId;
  /** A second model for side-by-side A/B, or null. */
  compare: ModelId | null;
  /** AKConv's grid convention, applied to the live model and the panels. */
  convention: GridConvention;
  /** num_param shown by the sampling-grid panel (1 to 64). */
  numParam: number;
  /** A drawn initial shape (cells), or null for the convention's p_n. */
  customShape: SamplePoint[] | null;
  /** Feature-map size for the base-grid (p_0) view. */
  mapRows: number;
  mapCols: number;
  /** The base-grid view draws an arrow from each pixel's own cell to where it starts. */
  baseArrows: boolean;
  /** C_in = C_out of the parameter chart. */
  chartChannels: ChartChannels;
  conf: number;
  iou: number;
  maxDet: number;
  /** Class ids to show, or null for all. */
  classes: number[] | null;
  /** Letterbox size, a multiple of 32. */
  imageSize: number;
  backend: BackendChoice;
  source: SourceKind;
  /** Index of the bundled sample photo. */
  sample: number;
  panels: PanelId[];
  /** The AKConv layer shown in 3D, by PyTorch name (e.g. model.8.m.0.cv2), or null for the first. */
  layer: string | null;
  /** Selected output pixel (row, col) of that layer, or null. */
  pixel: [number, number] | null;
  camera: Camera;
  /** The offsets panel's 3D view: which positions it shows, what height means, and whether hovering selects a pixel. */
  positions: PositionsView;
  heightMode: HeightMode;
  hoverSelects: boolean;
  mirror: boolean;
  theme: Theme;
  /** The explainer's current step (0: p_0 ... 6: the column conv and SiLU). */
  explainStep: number;
  /** Draw and list an untrained model's raw boxes (hidden by default: they mean nothing). */
  untrainedBoxes: boolean;
  /** "Perturb offsets": seeded noise on an untrained model's p_conv, about this many cells (0: the reference's init). */
  offsetNoise: number;
  /** Embed mode (`embed=grid`): only this panel, without header and footer, for slides and blog posts; null: the whole app. */
  embed: PanelId | null;
}

export const DEFAULT_SETTINGS: Settings = {
  model: DEFAULT_MODEL,
  compare: null,
  // The view starts in the convention the default model was trained with.
  convention: BUNDLED_CONVENTIONS[DEFAULT_MODEL] ?? DEFAULT_CONVENTION,
  numParam: 5,
  customShape: null,
  mapRows: 4,
  mapCols: 6,
  baseArrows: true,
  chartChannels: 64,
  conf: 0.25,
  iou: 0.45,
  maxDet: 100,
  classes: null,
  imageSize: 320,
  backend: 'auto',
  source: 'sample',
  sample: 0,
  panels: ['detect', 'grid', 'offsets'],
  layer: null,
  pixel: null,
  camera: { azimuth: 30, elevation: 50, distance: 2.2 },
  positions: 'learned',
  heightMode: 'index',
  hoverSelects: true,
  mirror: true,
  theme: 'auto',
  explainStep: 0,
  untrainedBoxes: false,
  offsetNoise: 0,
  embed: null,
};

/**
 * The convention a link means when it names `model` without `grid`: the one
 * the model was trained with, else the app's default. Links stay short for
 * the common case, and `?model=akconv-xy` runs xy weights on the xy grid.
 */
export function defaultConvention(model: ModelId): GridConvention {
  return bundledConvention(model) ?? DEFAULT_SETTINGS.convention;
}

/**
 * The convention after the user picks `model` as the main model: the one its
 * weights were trained with, when known; otherwise the current one stays (a
 * model without AKConv, or untrained weights, has nothing to match).
 */
export function conventionAfterPicking(model: ModelId, current: GridConvention, trained: GridConvention | null = bundledConvention(model)): GridConvention {
  return trained ?? current;
}

export const LIMITS = {
  numParam: { min: 1, max: 64 },
  mapRows: { min: 1, max: 16 },
  mapCols: { min: 1, max: 16 },
  conf: { min: 0.01, max: 0.99 },
  iou: { min: 0.05, max: 0.95 },
  maxDet: { min: 1, max: 300 },
  imageSize: { min: 64, max: 1280, step: 32 },
  /** One index per bundled photo: a link naming a photo the app does not have is refused by the codec, with a notice. */
  sample: { min: 0, max: SAMPLE_PHOTOS.length - 1 },
  classId: { min: 0, max: 999 },
  customShapeCells: 16,
  cameraDistance: { min: 0.5, max: 10 },
  /** The explainer's seven steps, (a) to (g). */
  explainStep: { min: 0, max: 6 },
  offsetNoise: { min: 0, max: 1, step: 0.05 },
} as const;
