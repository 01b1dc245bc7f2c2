/** The weights the app ships (public/models): they load, say where they come from, and detect. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { detect } from '../../src/detect/detector';
import { readCheckpoint } from '../../src/io/checkpoint';
import { decodeImage } from '../../src/io/image-node';
import { YoloModel } from '../../src/model/yolo';
import { useNodeBackend } from '../../src/runtime/node';
import { computeSamplingField } from '../../src/detect/sampling-field-capture';
import { letterbox } from '../../src/detect/letterbox';

const publicFile = (rel: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../public/${rel}`, import.meta.url))));

const MODELS = [
  { file: 'models/yolov5n-c3akconv-ij.safetensors', convention: 'ij', akconv: true },
  { file: 'models/yolov5n-c3akconv-xy.safetensors', convention: 'xy', akconv: true },
  { file: 'models/yolov5n.safetensors', convention: 'xy', akconv: false },
] as const;

describe('shipped models', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it.each(MODELS)('$file loads, records its provenance and finds a person in a bundled photo', async ({ file, convention, akconv }) => {
    const ckpt = await readCheckpoint(publicFile(file));
    expect(ckpt.convention).toBe(convention);
    expect(ckpt.names[0]).toBe('person');
    const provenance = JSON.parse(ckpt.metadata['provenance'] ?? '{}') as Record<string, unknown>;
    expect(JSON.stringify(provenance)).toContain('edd2e5cc4e3caa4b508168b51d9dc529da58b37813e0d2c8b49aba06aa3472dc');
    const model = YoloModel.load(ckpt.config, ckpt.weights, { convention });
    try {
      expect(model.akconvSites().length).toBe(akconv ? 1 : 0);
      const image = decodeImage(publicFile('samples/000000000885.jpg'), 'sample');
      const r = await detect(model, image, { imageSize: 320 });
      expect(r.detections.some((d) => d.classId === 0 && d.score > 0.5)).toBe(true);
      if (akconv) {
        // The learned offsets are not zero on a real photo.
        const input = letterbox(image, { size: 320 });
        const field = await computeSamplingField(model, input, model.akconvSites()[0]!.name);
        expect(field.stats.mean).toBeGreaterThan(0.05);
      }
    } finally {
      model.dispose();
    }
  });
});

describe('per-layer latency (the model panel asks for it)', () => {
  it('times every layer and the head, and leaks no tensor', async () => {
    await useNodeBackend('wasm');
    const ckpt = await readCheckpoint(publicFile('models/yolov5n-c3akconv-ij.safetensors'));
    const model = YoloModel.load(ckpt.config, ckpt.weights, { convention: 'ij' });
    const x = tf.zeros<tf.Rank.R4>([1, 64, 96, 3]);
    try {
      // The first run at a size caches its grids (AKConv's p_0 + p_n, the head's anchors grid).
      const warm = model.forward(x);
      tf.dispose([warm.pred, warm.proto ?? []]);
      const before = tf.memory().numTensors;
      const times = await model.profileLayers(x, 2);
      expect(tf.memory().numTensors).toBe(before);
      expect(times).toHaveLength(model.arch.layers.length);
      expect(times.every((t) => Number.isFinite(t) && t >= 0)).toBe(true);
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});
