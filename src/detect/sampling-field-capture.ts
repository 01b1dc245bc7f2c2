/**
 * The learned-offsets field from a model: read from the positions tensor an
 * AKConv captured during a forward pass (the engine's detection pass), or
 * from a forward pass of its own. The tfjs half of the sampling field; the
 * field's maths and coordinates are `sampling-field.ts`, which the page's
 * panels import without tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import { basePlusShape } from '../model/geometry';
import type { YoloModel } from '../model/yolo';
import type { ComputedField, SiteGeometry } from './sampling-field';
import { samplingField } from './sampling-field';

/** The named AKConv's geometry as it stands now; throws when the model has no such site. */
export function siteGeometry(model: YoloModel, siteName: string): SiteGeometry {
  const site = model.akconvSites().find((s) => s.name === siteName);
  if (!site) throw new Error(`the model has no AKConv named ${siteName}`);
  const layer = site.layer;
  return { site: siteName, layerIndex: site.layerIndex, inputStride: site.inputStride, convention: layer.geometry.convention, akconvStride: layer.spec.stride, shape: layer.initialShape, n: layer.numParam };
}

/**
 * The field from one captured positions tensor ([1, h, w, 2N], see
 * `ForwardOptions.capture`) of a forward pass on an image of `image` size.
 * Reads the tensor; the caller disposes it.
 */
export async function fieldFromCapture(geometry: SiteGeometry, p: tf.Tensor4D, image: { width: number; height: number }): Promise<ComputedField> {
  const [, h = 0, w = 0, channels] = p.shape;
  if (channels !== 2 * geometry.n) throw new Error(`${geometry.site} returned ${channels} position channels, not 2 x ${geometry.n}`);
  // A copy the field owns (some backends hand out their own buffer).
  const positions = new Float32Array(await p.data());
  const initial = basePlusShape(h, w, geometry.akconvStride, geometry.convention, geometry.shape);
  const { site, layerIndex, convention, akconvStride, shape } = geometry;
  return { ...samplingField(positions, h, w, geometry.n, geometry.inputStride, initial), site, layerIndex, convention, akconvStride, shape, image: { width: image.width, height: image.height } };
}

/**
 * Runs the model on one NHWC image (RGB in [0, 1], [height, width, 3]
 * row-major, e.g. a letterboxed frame) with the AKConv `siteName` captured,
 * and returns its sampling field. Every tensor it makes is disposed, the
 * model's outputs included. (The app gets the field from its detection pass
 * instead: `detect(..., { capture })`.)
 */
export async function computeSamplingField(model: YoloModel, input: { data: Float32Array; width: number; height: number }, siteName: string): Promise<ComputedField> {
  const geometry = siteGeometry(model, siteName);
  const { width, height, data } = input;
  if (data.length !== width * height * 3) throw new Error(`the input image holds ${data.length} values, not ${width} x ${height} x 3`);
  const tensors: tf.Tensor[] = [];
  try {
    const x = tf.tensor4d(data, [1, height, width, 3]);
    tensors.push(x);
    const out = model.forward(x, { capture: [siteName] });
    tensors.push(out.pred);
    if (out.proto) tensors.push(out.proto);
    out.layers?.forEach((t) => tensors.push(t));
    out.positions?.forEach((t) => tensors.push(t));
    const p = out.positions?.get(siteName);
    if (!p) throw new Error(`the model returned no sampling positions for ${siteName}`);
    return await fieldFromCapture(geometry, p, input);
  } finally {
    tf.dispose(tensors);
  }
}
