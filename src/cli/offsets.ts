/**
 * `akconv offsets --weights W --source IMAGE|DIR [--imgsz 640] [--grid xy|ij] [--json]`:
 * how far each AKConv's learned offsets move its samples (mean and max |offset|, in cells):
 * each sample's offset length, as the app's offsets panel measures it.
 */
import * as tf from '@tensorflow/tfjs';
import { letterbox } from '../detect/letterbox';
import { basePlusShape } from '../model/geometry';
import { useNodeBackend } from '../runtime/node';
import { samplingField } from '../detect/sampling-field';
import type { Output } from './commands';
import { parseCommandArgs, requireOption, UsageError } from './commands';
import { listImages, loadModelFile, readImageFile } from './files';
import { gridOption } from './options';
import { imageSizeOption } from './predict';

export async function runOffsets(args: string[], io: Output): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { weights: { type: 'string' }, source: { type: 'string' }, imgsz: { type: 'string' }, grid: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const imageSize = imageSizeOption(values);
  const images = await listImages(requireOption(values, 'source'));
  await useNodeBackend('wasm');
  const { model, convention } = await loadModelFile(requireOption(values, 'weights'), gridOption(values));
  const sites = model.akconvSites();
  if (!sites.length) throw new UsageError('this model has no AKConv layer');
  const stats = new Map(sites.map((s) => [s.name, { sum: 0, count: 0, max: 0 }]));
  try {
    for (const path of images) {
      const lb = letterbox(await readImageFile(path), { size: imageSize, auto: true });
      const x = tf.tensor4d(lb.data, [1, lb.height, lb.width, 3]);
      const out = model.forward(x, { capture: sites.map((s) => s.name) });
      for (const site of sites) {
        const p = out.positions?.get(site.name);
        if (!p) continue;
        const [, h = 0, w = 0] = p.shape;
        const { layer } = site;
        const initial = basePlusShape(h, w, layer.spec.stride, layer.geometry.convention, layer.initialShape);
        // The offsets panel's own measure: each sample's offset length, in cells.
        const field = samplingField(new Float32Array(await p.data()), h, w, layer.numParam, site.inputStride, initial).stats;
        const s = stats.get(site.name)!;
        s.sum += field.mean * field.count;
        s.count += field.count;
        s.max = Math.max(s.max, field.max);
      }
      tf.dispose([x, out.pred, out.proto ?? [], ...(out.positions?.values() ?? [])]);
    }
  } finally {
    model.dispose();
  }
  const rows = sites.map((s) => {
    const t = stats.get(s.name)!;
    return { layer: s.name, numParam: s.layer.numParam, images: images.length, meanAbsOffset: t.count ? t.sum / t.count : 0, maxAbsOffset: t.max };
  });
  if (values['json']) io.out(`${JSON.stringify({ convention, imageSize, sites: rows })}\n`);
  else for (const r of rows) io.out(`${r.layer} (N = ${r.numParam}, grid ${convention}): mean |offset| ${r.meanAbsOffset.toFixed(3)} cells, max ${r.maxAbsOffset.toFixed(3)}, over ${r.images} images\n`);
}
