/**
 * Image in, detections out: letterbox, forward, NMS, boxes (and masks)
 * mapped back to the original image. The processors stay separate from the
 * model, as in transformers.js, so each can be checked against YOLOv5 alone.
 */
import * as tf from '@tensorflow/tfjs';
import type { RgbImage } from '../io/image';
import type { YoloModel } from '../model/yolo';
import type { Letterboxed } from './letterbox';
import { letterbox, scaleBoxes } from './letterbox';
import type { Mask } from './masks';
import { processMask } from './masks';
import type { NmsOptions } from './nms';
import { nonMaxSuppression } from './nms';
import type { DetectionProvenance } from './provenance';
import { headLevels, predictionRows, provenanceOfRow } from './provenance';
import type { ComputedField } from './sampling-field';
import { fieldFromCapture, siteGeometry } from './sampling-field-capture';
import type { ExplainSource } from './akconv-explain';
import { explainSourceFromCapture } from './explain-capture';

export interface DetectOptions extends Omit<NmsOptions, 'nm'> {
  /** Letterbox size (default 640). */
  imageSize?: number;
  /** Pad to a multiple of 32 (detect.py, default) or to the square. */
  auto?: boolean;
  /** Compute masks for Segment models (default true). */
  masks?: boolean;
  /**
   * An AKConv site (by name) whose sampling field to return from the same
   * forward pass, so the offsets panel costs no second run.
   */
  capture?: string;
  /** With `capture`: also return what the explainer needs from that AKConv (its input map and weights). */
  explain?: boolean;
  /** An input already letterboxed by the caller (val.py's rectangular batches); its ratio and pad map the boxes back. */
  letterboxed?: Letterboxed;
}

export interface ImageDetection {
  /** [x1, y1, x2, y2] in original-image pixels. */
  box: [number, number, number, number];
  score: number;
  classId: number;
  /** The head level, anchor and grid cell it was decoded from (set by `detect`). */
  provenance?: DetectionProvenance;
  /** Segment models: the mask at the letterboxed input size. */
  mask?: Mask;
}

export interface DetectResult {
  detections: ImageDetection[];
  input: Letterboxed;
  timings: { preprocessMs: number; inferenceMs: number; postprocessMs: number };
  /** The captured site's sampling field on the letterboxed input, when `capture` named one. */
  field?: ComputedField;
  /** The captured site's input map and weights, when `explain` was asked for. */
  explain?: ExplainSource;
}

export async function detect(model: YoloModel, image: RgbImage, options: DetectOptions = {}): Promise<DetectResult> {
  const t0 = performance.now();
  const input = options.letterboxed ?? letterbox(image, { size: options.imageSize ?? 640, auto: options.auto ?? true });
  const x = tf.tensor4d(input.data, [1, input.height, input.width, 3]);
  const geometry = options.capture ? siteGeometry(model, options.capture) : null;
  const t1 = performance.now();
  const explainSite = geometry && options.explain ? [geometry.site] : undefined;
  const out = model.forward(x, geometry ? { capture: [geometry.site], ...(explainSite ? { captureInput: explainSite } : {}) } : {});
  let pred: Float32Array;
  let protos: Float32Array | undefined;
  let field: ComputedField | undefined;
  let explain: ExplainSource | undefined;
  try {
    pred = (await out.pred.data()) as Float32Array;
    protos = out.proto ? ((await out.proto.data()) as Float32Array) : undefined;
    const positions = geometry ? out.positions?.get(geometry.site) : undefined;
    if (geometry && !positions) throw new Error(`the model returned no sampling positions for ${geometry.site}`);
    if (geometry && positions) field = await fieldFromCapture(geometry, positions, input);
    const map = geometry && explainSite ? out.inputs?.get(geometry.site) : undefined;
    if (geometry && explainSite && !map) throw new Error(`the model returned no input map for ${geometry.site}`);
    if (geometry && map) explain = await explainSourceFromCapture(model, geometry, map);
  } finally {
    x.dispose();
    out.pred.dispose();
    out.proto?.dispose();
    out.positions?.forEach((t) => t.dispose());
    out.inputs?.forEach((t) => t.dispose());
  }
  const t2 = performance.now();
  const [, count = 0, no = 0] = out.pred.shape;
  const nm = model.arch.nm;
  const kept = nonMaxSuppression(pred, count, no, { ...options, nm });
  const levels = headLevels(model.strides, model.anchorsInPixels(), input.height, input.width);
  if (predictionRows(levels) !== count) throw new Error(`the head returned ${count} prediction rows, but its levels on a ${input.height} x ${input.width} input make ${predictionRows(levels)}`);
  const detections = kept.map((d): ImageDetection => {
    const det: ImageDetection = { box: scaleBoxes(d.box, input, image.width, image.height), score: d.score, classId: d.classId, provenance: provenanceOfRow(levels, d.row) };
    if (protos && out.proto && d.maskCoefficients && options.masks !== false) {
      const [, mh = 0, mw = 0, nc = 0] = out.proto.shape;
      det.mask = processMask({ data: protos, height: mh, width: mw, channels: nc }, d.maskCoefficients, d.box, input.height, input.width);
    }
    return det;
  });
  const t3 = performance.now();
  return { detections, input, timings: { preprocessMs: t1 - t0, inferenceMs: t2 - t1, postprocessMs: t3 - t2 }, ...(field ? { field } : {}), ...(explain ? { explain } : {}) };
}
