/**
 * Reads what the explainer needs out of a forward pass that captured an
 * AKConv's input map (`ForwardOptions.captureInput`): no second forward.
 */
import type * as tf from '@tensorflow/tfjs';
import type { YoloModel } from '../model/yolo';
import type { ExplainSource } from './akconv-explain';
import type { SiteGeometry } from './sampling-field';

/** The explainer's source from a captured input map [1, h, w, C] (read, not disposed: the caller disposes it). */
export async function explainSourceFromCapture(model: YoloModel, geometry: SiteGeometry, input: tf.Tensor4D): Promise<ExplainSource> {
  const site = model.akconvSites().find((s) => s.name === geometry.site);
  if (!site) throw new Error(`the model has no AKConv named ${geometry.site}`);
  const [, h = 0, w = 0, c = 0] = input.shape;
  // Only the first image of a batch: a copy the source owns (some backends hand out their own buffer).
  const data = new Float32Array((await input.data()).subarray(0, h * w * c));
  return { geometry, map: { data, h, w, c }, weights: await site.layer.weights() };
}
