/**
 * Checkpoints in, detections out, in the page on WebGPU: a .pt read by the
 * zip + pickle reader, a segmentation model's masks, and a scale-l model.
 */
import * as tf from '@tensorflow/tfjs';
import { detect } from '../../../src/detect/detector';
import { maskArea } from '../../../src/detect/masks';
import { readCheckpoint } from '../../../src/io/checkpoint';
import { decodeImageBlob } from '../../../src/io/image-browser';
import { readSafetensors } from '../../../src/io/safetensors';
import { buildArchitecture } from '../../../src/model/architecture';
import { parseConfigYaml } from '../../../src/model/config';
import { YoloModel } from '../../../src/model/yolo';
import { composeWeights } from '../../cases/model-golden';
import { randomWeights } from '../../cases/random-weights';

async function fetchFixture(rel: string): Promise<Response> {
  const res = await fetch(`/test/fixtures/${rel}`);
  if (!res.ok) throw new Error(`fetch ${rel}: HTTP ${res.status}`);
  return res;
}

const bytes = async (rel: string) => new Uint8Array(await (await fetchFixture(rel)).arrayBuffer());

export type PageDetection = { box: number[]; conf: number; class: number; mask_area?: number };
export type PagePrediction = { image: string; input: number[]; detections: PageDetection[]; backend: string; leaked: number };

/** The segmentation fixture model on PNG photos at 320 (conf 0.1), as refcli predict. */
export async function predictSegmentation(files: string[]): Promise<PagePrediction[]> {
  const { weights, metadata } = composeWeights(readSafetensors(await bytes('models/yolov5n.f16.safetensors')), readSafetensors(await bytes('models/seg_n.overlay.f16.safetensors')));
  const { configFromObject } = await import('../../../src/model/config');
  const model = YoloModel.load(configFromObject(JSON.parse(metadata['config'] ?? 'null')), weights, { convention: 'xy' });
  const out: Omit<PagePrediction, 'leaked'>[] = [];
  let leaked = -1;
  try {
    for (const file of files) {
      const image = await decodeImageBlob(await (await fetchFixture(`detect/photos/${file}`)).blob(), file);
      const r = await detect(model, image, { imageSize: 320, confThreshold: 0.1 });
      out.push({
        image: file,
        input: [r.input.height, r.input.width],
        detections: r.detections.map((d) => ({ box: d.box, conf: d.score, class: d.classId, ...(d.mask ? { mask_area: maskArea(d.mask) } : {}) })),
        backend: tf.getBackend(),
      });
    }
    // The first run at a size caches its grids; a second run must add nothing.
    const last = files[files.length - 1];
    if (last) {
      const image = await decodeImageBlob(await (await fetchFixture(`detect/photos/${last}`)).blob(), last);
      const before = tf.memory().numTensors;
      await detect(model, image, { imageSize: 320, confThreshold: 0.1 });
      leaked = tf.memory().numTensors - before;
    }
  } finally {
    model.dispose();
  }
  return out.map((r) => ({ ...r, leaked }));
}

export type TinyPt = { names: string[]; tensors: number; source: string; predShape: number[] };

/** A YOLOv5 .pt (zip + pickle) read in the browser and run. */
export async function runTinyCheckpoint(): Promise<TinyPt> {
  const ckpt = await readCheckpoint(await bytes('checkpoints/c3akconv_tiny.pt'));
  const model = YoloModel.load(ckpt.config, ckpt.weights, { convention: ckpt.convention ?? 'xy' });
  const x = tf.zeros<tf.Rank.R4>([1, 64, 96, 3]);
  const out = model.forward(x);
  const predShape = out.pred.shape.slice();
  tf.dispose([x, out.pred]);
  model.dispose();
  return { names: ckpt.names, tensors: ckpt.weights.size, source: ckpt.source, predShape };
}

export type ScaleL = { parameters: number; predShape: number[]; finite: boolean; leaked: number };

/** The seed's scale-l model (41.9 M parameters, random weights) at 64 x 96. */
export async function runScaleL(): Promise<ScaleL> {
  const config = parseConfigYaml(await (await fetchFixture('configs/yolov5_C3_AKConv.yaml')).text());
  const arch = buildArchitecture(config);
  const weights = randomWeights(arch, 1);
  const before = tf.memory().numTensors;
  const model = YoloModel.load(config, weights, { convention: 'ij' });
  const x = tf.fill<tf.Rank.R4>([1, 64, 96, 3], 0.5);
  const out = model.forward(x);
  const data = await out.pred.data();
  const predShape = out.pred.shape.slice();
  tf.dispose([x, out.pred]);
  model.dispose();
  let parameters = 0;
  for (const l of arch.layers) parameters += l.params;
  return { parameters, predShape, finite: data.every(Number.isFinite), leaked: tf.memory().numTensors - before };
}
