/**
 * One Detect level's transpose and decode as one GPU program: from the 1x1
 * conv's output [b, ny, nx, na * no] (channel a * no + o) straight to the
 * level's rows of the prediction [b, na * ny * nx, no]:
 *   xy = (2 sigmoid(t) + cell - 0.5) * stride,  wh = (2 sigmoid(t))^2 * anchor,
 *   scores = sigmoid(t),  mask coefficients = t,
 * each rounded as the composed ops in heads.ts round it (they take eight
 * kernels for the same).
 */
import * as tf from '@tensorflow/tfjs';
import { elementwiseProgram, runWebGPUProgram } from './gpu-program';
import { runWebGLProgram } from './webgl-program';

export interface DecodeLevel {
  /** Outputs per anchor (5 + nc, + nm for Segment). */
  no: number;
  /** Mask coefficients at the end of each row (0 for Detect). */
  nm: number;
  stride: number;
  /** This level's anchors (w, h) in pixels. */
  anchors: readonly (readonly number[])[];
}

/** A float32 value as a shader literal that parses back to the same float32. */
function literal(v: number): string {
  const s = String(Math.fround(v));
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function anchorTable(level: DecodeLevel, array: (values: string[]) => string): string {
  return array(level.anchors.flatMap(([w, h]) => [literal(w ?? 0), literal(h ?? 0)]));
}

export function decodeLevelWebGPU(y: tf.Tensor4D, level: DecodeLevel): tf.Tensor3D {
  const [b, ny, nx, channels] = y.shape;
  const na = level.anchors.length;
  const { no, nm } = level;
  const anchors = anchorTable(level, (v) => `array<f32, ${v.length}>(${v.join(', ')})`);
  const body = `
    let cells = ${ny * nx};
    let o = index % ${no};
    let rowIndex = index / ${no};
    let image = rowIndex / ${na * ny * nx};
    let inImage = rowIndex - image * ${na * ny * nx};
    let a = inImage / cells;
    let cell = inImage - a * cells;
    let t = Y[(image * cells + cell) * ${channels} + a * ${no} + o];
    let s = 1.0 / (1.0 + exp(-1.0 * t));
    var value = t;
    if (o < 2) {
      let g = select(f32(cell / ${nx}), f32(cell % ${nx}), o == 0) - 0.5;
      value = (s * 2.0 + g) * ${literal(level.stride)};
    } else if (o < 4) {
      var anchors = ${anchors};
      let v = s * 2.0;
      value = (v * v) * anchors[a * 2 + o - 2];
    } else if (o < ${no - nm}) {
      value = s;
    }
    setOutputAtIndex(index, value);`;
  const key = `akconv_detect_decode_${no}_${nm}_${na}_${ny}x${nx}_${level.stride}_${level.anchors.flat().join('_')}`;
  return runWebGPUProgram<tf.Rank.R3>(elementwiseProgram(key, ['Y'], [b, na * ny * nx, no], body), [y]);
}

export function decodeLevelWebGL(y: tf.Tensor4D, level: DecodeLevel): tf.Tensor3D {
  const [b, ny, nx] = y.shape;
  const na = level.anchors.length;
  const { no, nm } = level;
  const anchors = anchorTable(level, (v) => `float[${v.length}](${v.join(', ')})`);
  const userCode = `
const float ANCHORS[${2 * na}] = ${anchors};
void main() {
  ivec3 coords = getOutputCoords();
  int image = coords.x;
  int o = coords.z;
  int a = coords.y / ${ny * nx};
  int cell = coords.y - a * ${ny * nx};
  int r = cell / ${nx};
  int c = cell - r * ${nx};
  float t = getY(image, r, c, a * ${no} + o);
  float s = 1.0 / (1.0 + exp(-1.0 * t));
  float value = t;
  if (o < 2) {
    float g = (o == 0 ? float(c) : float(r)) - 0.5;
    value = (s * 2.0 + g) * ${literal(level.stride)};
  } else if (o < 4) {
    float v = s * 2.0;
    value = (v * v) * ANCHORS[a * 2 + o - 2];
  } else if (o < ${no - nm}) {
    value = s;
  }
  setOutput(value);
}`;
  return runWebGLProgram<tf.Rank.R3>({ variableNames: ['Y'], outputShape: [b, na * ny * nx, no], userCode }, [y]);
}
