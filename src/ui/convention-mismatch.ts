/**
 * The status line's note when the live model runs with a grid convention
 * other than the one its file says it was trained with (its detections are
 * then worse than they should be, with nothing else to tell why).
 */
import type { GridConvention } from '../common/geometry';
import type { ModelInfo } from '../runtime/protocol';

export interface ConventionMismatch {
  text: string;
  /** The convention the "Use ..." button applies. */
  trained: GridConvention;
}

/** The note for the main model, or null when its trained convention is unknown or already applied (or it has no AKConv). */
export function conventionMismatch(main: Pick<ModelInfo, 'label' | 'convention' | 'trainedConvention'> | null): ConventionMismatch | null {
  if (!main || main.convention === null || main.trainedConvention === null || main.convention === main.trainedConvention) return null;
  return { text: `${main.label} was trained with the ${main.trainedConvention} grid; it runs with ${main.convention} here.`, trained: main.trainedConvention };
}
