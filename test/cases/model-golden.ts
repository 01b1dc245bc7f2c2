/**
 * Whole-model golden cases: weights from the fixtures (a float16 base plus an
 * overlay), run on the current tfjs backend, compared with the reference's
 * `refcli.py forward` outputs. Shared by the Node and the WebGPU tests.
 */
import * as tf from '@tensorflow/tfjs';
import type { Safetensors } from '../../src/io/safetensors';
import type { WeightMap } from '../../src/io/tensor';
import { configFromObject } from '../../src/model/config';
import type { GridConvention } from '../../src/model/geometry';
import { YoloModel } from '../../src/model/yolo';
import type { Difference } from './compare';
import { difference, nchwToNhwc } from './compare';

export interface ModelGoldenCase {
  name: string;
  overlay?: string;
  forward: string;
  convention: GridConvention;
}

/** The fixtures' whole-model cases (files under test/fixtures/). */
export const MODEL_GOLDEN_CASES: ModelGoldenCase[] = [
  { name: 'YOLOv5n COCO checkpoint', forward: 'forward/yolov5n.safetensors', convention: 'xy' },
  { name: 'YOLOv5n-C3_AKConv, xy', overlay: 'models/c3akconv_n.overlay.f16.safetensors', forward: 'forward/c3akconv_n_xy.safetensors', convention: 'xy' },
  { name: 'YOLOv5n-C3_AKConv, ij', overlay: 'models/c3akconv_n.overlay.f16.safetensors', forward: 'forward/c3akconv_n_ij.safetensors', convention: 'ij' },
  { name: 'YOLOv5n-C3_AKConv-seg, xy', overlay: 'models/seg_n.overlay.f16.safetensors', forward: 'forward/seg_n_xy.safetensors', convention: 'xy' },
];

export const BASE_WEIGHTS = 'models/yolov5n.f16.safetensors';

export interface ModelGoldenResult {
  pred: Difference;
  proto?: Difference;
  layers: Record<string, Difference>;
  predShape: number[];
}

/** Base tensors, minus the overlay's `drop` list, plus the overlay's tensors. */
export function composeWeights(base: Safetensors, overlay?: Safetensors): { weights: WeightMap; metadata: Record<string, string> } {
  if (!overlay) return { weights: base.tensors, metadata: base.metadata };
  const drop = new Set(JSON.parse(overlay.metadata['drop'] ?? '[]') as string[]);
  const weights: WeightMap = new Map([...base.tensors].filter(([k]) => !drop.has(k)));
  for (const [k, v] of overlay.tensors) weights.set(k, v);
  return { weights, metadata: overlay.metadata };
}

/** `prepare` runs between loading and the checked forward pass (e.g. the app's warm-up). */
export async function runModelGolden(
  base: Safetensors,
  overlay: Safetensors | undefined,
  golden: Safetensors,
  convention: GridConvention,
  prepare?: (model: YoloModel, height: number, width: number) => Promise<unknown>,
): Promise<ModelGoldenResult> {
  const { weights, metadata } = composeWeights(base, overlay);
  const model = YoloModel.load(configFromObject(JSON.parse(metadata['config'] ?? 'null')), weights, { convention });
  const input = golden.tensors.get('input');
  if (!input) throw new Error('golden file has no input');
  const [b, c, h, w] = input.shape as [number, number, number, number];
  await prepare?.(model, h, w);
  const x = tf.tensor4d(nchwToNhwc(input.data, input.shape), [b, h, w, c]);
  const out = model.forward(x, { layers: true });
  try {
    const expectedPred = golden.tensors.get('pred')!;
    const result: ModelGoldenResult = { pred: difference(await out.pred.data(), expectedPred.data), layers: {}, predShape: out.pred.shape };
    const expectedProto = golden.tensors.get('proto');
    if (expectedProto) {
      if (!out.proto) throw new Error('the model returned no protos');
      result.proto = difference(await out.proto.data(), nchwToNhwc(expectedProto.data, expectedProto.shape));
    }
    for (const [name, t] of golden.tensors) {
      const m = /^layer\.(\d+)$/.exec(name);
      if (!m) continue;
      const ours = out.layers?.get(Number(m[1]));
      if (!ours) throw new Error(`the model returned no output for ${name}`);
      result.layers[name] = difference(await ours.data(), nchwToNhwc(t.data, t.shape));
    }
    return result;
  } finally {
    x.dispose();
    out.pred.dispose();
    out.proto?.dispose();
    out.layers?.forEach((t) => t.dispose());
    model.dispose();
  }
}
