/**
 * AKConv's sampling as one GPU program: for every output pixel, its N
 * positions (p_conv's offsets + p_0 + p_n), the seed's clamped bilinear read
 * of each (see akconv.ts: corners from floor(p) and floor(p) + 1 clamped into
 * the map, p clamped, weights from the clamped values, so a sample outside
 * the map reads its border pixel with weight up to 2 per clamped axis), all
 * written as the stacked [b, h, w, N * C] map the column conv mixes. The
 * composed tfjs ops take about 70 kernels for the same. WebGL gets the same
 * program in GLSL.
 */
import * as tf from '@tensorflow/tfjs';
import { elementwiseProgram, runWebGPUProgram } from './gpu-program';
import { runWebGLProgram } from './webgl-program';

// X: the input map [b, inH, inW, C]; O: p_conv's output [b, h, w, 2N] (rows,
// then columns); B: p_0 + p_n [1, h, w, 2N]. One thread per output value
// (pixel, sample s, channel ch). Each step is the composed path's op, in its order.
const SAMPLE_BODY = `
    let c = uniforms.xShape.w;
    let inH = uniforms.xShape.y;
    let inW = uniforms.xShape.z;
    let twoN = uniforms.oShape.w;
    let n = twoN / 2;
    let perPixel = uniforms.outShape.w;
    let pixel = index / perPixel;
    let k = index - pixel * perPixel;
    let s = k / c;
    let ch = k - s * c;
    let cells = uniforms.outShape.y * uniforms.outShape.z;
    let image = pixel / cells;
    let o = pixel * twoN + s;
    let b = (pixel - image * cells) * twoN + s;
    let pRow = O[o] + B[b];
    let pCol = O[o + n] + B[b + n];
    let maxRow = f32(inH - 1);
    let maxCol = f32(inW - 1);
    let rowFloor = floor(pRow);
    let colFloor = floor(pCol);
    let ltRow = clamp(rowFloor, 0.0, maxRow);
    let ltCol = clamp(colFloor, 0.0, maxCol);
    let rbRow = clamp(rowFloor + 1.0, 0.0, maxRow);
    let rbCol = clamp(colFloor + 1.0, 0.0, maxCol);
    let row = clamp(pRow, 0.0, maxRow);
    let col = clamp(pCol, 0.0, maxCol);
    let wRowLt = 1.0 + (ltRow - row);
    let wRowRb = 1.0 - (rbRow - row);
    let wColLt = 1.0 + (ltCol - col);
    let wColRb = 1.0 - (rbCol - col);
    let imageRow = image * inH;
    let top = ((imageRow + i32(ltRow)) * inW) * c + ch;
    let bottom = ((imageRow + i32(rbRow)) * inW) * c + ch;
    let left = i32(ltCol) * c;
    let right = i32(rbCol) * c;
    let value = X[top + left] * (wRowLt * wColLt)
      + X[bottom + right] * (wRowRb * wColRb)
      + X[top + right] * (wRowLt * wColRb)
      + X[bottom + left] * (wRowRb * wColLt);
    setOutputAtIndex(index, value);`;

/**
 * The stacked samples [b, h, w, N * C] of map x at positions offsets + base,
 * in one dispatch (webgpu backend only).
 */
export function sampleStackedWebGPU(x: tf.Tensor4D, offsets: tf.Tensor4D, base: tf.Tensor4D): tf.Tensor4D {
  const { b, h, w, twoN, c } = checkShapes(x, offsets, base);
  const program = elementwiseProgram('akconv_sample', ['X', 'O', 'B'], [b, h, w, (twoN / 2) * c], SAMPLE_BODY);
  return runWebGPUProgram<tf.Rank.R4>(program, [x, offsets, base]);
}

/** The same on WebGL, in one draw; map sizes are compiled in (tfjs caches a program per source). */
export function sampleStackedWebGL(x: tf.Tensor4D, offsets: tf.Tensor4D, base: tf.Tensor4D): tf.Tensor4D {
  const { b, h, w, twoN, c } = checkShapes(x, offsets, base);
  const [, inH, inW] = x.shape;
  const n = twoN / 2;
  const userCode = `
const int C = ${c};
const int N = ${n};
const float MAX_ROW = ${(inH - 1).toFixed(1)};
const float MAX_COL = ${(inW - 1).toFixed(1)};
void main() {
  ivec4 coords = getOutputCoords();
  int image = coords.x;
  int s = coords.w / C;
  int ch = coords.w - s * C;
  float pRow = getO(image, coords.y, coords.z, s) + getB(0, coords.y, coords.z, s);
  float pCol = getO(image, coords.y, coords.z, s + N) + getB(0, coords.y, coords.z, s + N);
  float rowFloor = floor(pRow);
  float colFloor = floor(pCol);
  float ltRow = clamp(rowFloor, 0.0, MAX_ROW);
  float ltCol = clamp(colFloor, 0.0, MAX_COL);
  float rbRow = clamp(rowFloor + 1.0, 0.0, MAX_ROW);
  float rbCol = clamp(colFloor + 1.0, 0.0, MAX_COL);
  float row = clamp(pRow, 0.0, MAX_ROW);
  float col = clamp(pCol, 0.0, MAX_COL);
  float wRowLt = 1.0 + (ltRow - row);
  float wRowRb = 1.0 - (rbRow - row);
  float wColLt = 1.0 + (ltCol - col);
  float wColRb = 1.0 - (rbCol - col);
  int top = int(ltRow);
  int bottom = int(rbRow);
  int left = int(ltCol);
  int right = int(rbCol);
  float value = getX(image, top, left, ch) * (wRowLt * wColLt)
    + getX(image, bottom, right, ch) * (wRowRb * wColRb)
    + getX(image, top, right, ch) * (wRowLt * wColRb)
    + getX(image, bottom, left, ch) * (wRowRb * wColLt);
  setOutput(value);
}`;
  return runWebGLProgram<tf.Rank.R4>({ variableNames: ['X', 'O', 'B'], outputShape: [b, h, w, n * c], userCode }, [x, offsets, base]);
}

/** The sizes of a sampling call, or an error naming the shapes that do not fit. */
export function checkShapes(x: tf.Tensor4D, offsets: tf.Tensor4D, base: tf.Tensor4D): { b: number; h: number; w: number; twoN: number; c: number } {
  const [b, , , c] = x.shape;
  const [ob, h, w, twoN] = offsets.shape;
  if (ob !== b || base.shape[1] !== h || base.shape[2] !== w || base.shape[3] !== twoN || twoN % 2 !== 0) {
    throw new Error(`AKConv sampling got offsets [${offsets.shape.join(', ')}] and base [${base.shape.join(', ')}] that do not fit a map of batch ${b}`);
  }
  return { b, h, w, twoN, c };
}
