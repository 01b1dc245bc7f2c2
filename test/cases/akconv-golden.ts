/**
 * One golden AKConv / C3_AKConv case from the PyTorch reference, run on the
 * current tfjs backend. Shared by the Node tests and the WebGPU tests.
 */
import * as tf from '@tensorflow/tfjs';
import type { Safetensors } from '../../src/io/safetensors';
import type { WeightMap } from '../../src/io/tensor';
import { AKConvLayer } from '../../src/model/akconv';
import type { GridConvention } from '../../src/model/geometry';
import { buildBlock, ConvLayer } from '../../src/model/layers';
import { c3 } from '../../src/model/modules';
import type { Difference } from './compare';
import { difference, nchwToNhwc } from './compare';

export interface AkconvGoldenEntry {
  file: string;
  kind: 'akconv' | 'c3_akconv';
  num_param: number;
  stride: number;
  shape: [number, number, number, number];
  indexing: GridConvention;
  output_shape: [number, number, number, number];
}

export interface AkconvGoldenResult {
  file: string;
  output: Difference;
  positions: Difference;
}

function tensorNhwc(st: Safetensors, name: string): tf.Tensor4D {
  const t = st.tensors.get(name);
  if (!t) throw new Error(`fixture has no '${name}'`);
  const [b, c, h, w] = t.shape as [number, number, number, number];
  return tf.tensor4d(nchwToNhwc(t.data, t.shape), [b, h, w, c]);
}

export async function runAkconvGolden(st: Safetensors, entry: AkconvGoldenEntry): Promise<AkconvGoldenResult> {
  const weights: WeightMap = st.tensors;
  const options = { convention: entry.indexing };
  const [, c] = entry.shape;
  const x = tensorNhwc(st, 'input');
  const disposables: { dispose(): void }[] = [x];
  try {
    let y: tf.Tensor4D;
    let p: tf.Tensor4D;
    if (entry.kind === 'akconv') {
      const layer = new AKConvLayer({ kind: 'AKConv', c1: c, c2: entry.output_shape[1], numParam: entry.num_param, stride: entry.stride, bias: false }, 'module', weights, options);
      disposables.push(layer);
      y = layer.apply(x);
      p = layer.positions(x);
    } else {
      // The reference's C3_AKConv(c, c, n=2); positions are those of m.0.cv2 on m.0.cv1(cv1(x)).
      const spec = c3(c, c, 2, true, 1, 0.5, true);
      const block = buildBlock(spec, weights, 'module', options);
      const cv1 = new ConvLayer(spec.cv1, weights, 'module.cv1');
      const m0cv1 = new ConvLayer(spec.m[0]!.cv1, weights, 'module.m.0.cv1');
      disposables.push(block, cv1, m0cv1);
      y = block.apply([x]);
      const first = block.akconvs()[0];
      if (!first) throw new Error('C3_AKConv has no AKConv');
      p = tf.tidy(() => first.positions(m0cv1.run(cv1.run(x))));
    }
    disposables.push(y, p);
    const expectedOut = st.tensors.get('output')!;
    const output = difference(await y.data(), nchwToNhwc(expectedOut.data, expectedOut.shape));
    const positions = difference(await p.data(), st.tensors.get('p')!.data);
    return { file: entry.file, output, positions };
  } finally {
    for (const d of disposables) d.dispose();
  }
}
