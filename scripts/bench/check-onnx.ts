/**
 * Checks an ONNX export against PyTorch: runs onnxruntime-web (wasm, Node) on
 * the seeded input that training/export_onnx.py --reference wrote next to the
 * file, and compares with PyTorch's output under the golden tolerance
 * |ort - torch| <= 1e-4 x (1 + |torch|).
 *
 *   npx tsx scripts/bench/check-onnx.ts .cache/onnx/yolov5n-c3akconv-ij-96x128.ref.json
 *
 * Prints the worst difference; exits 1 when it is over the tolerance.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ortForward, ortWasmSession } from './ort-node';

interface Reference {
  onnx: string;
  bin: string;
  input: { shape: number[] };
  output: { shape: number[] };
}

const TOLERANCE = 1e-4;
const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The largest |a - b| / (1 + |b|) (the golden tests' scaled error). */
export function worstScaledError(a: Float32Array, b: Float32Array): { worst: number; at: number } {
  if (a.length !== b.length) throw new Error(`output length ${a.length} differs from the reference's ${b.length}`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)) / (1 + Math.abs(b[i] ?? NaN));
    if (!(e <= worst)) [worst, at] = [e, i];
  }
  return { worst, at };
}

async function main(refFile: string): Promise<void> {
  const ref = JSON.parse(readFileSync(refFile, 'utf8')) as Reference;
  const dir = dirname(refFile);
  const bytes = readFileSync(join(dir, ref.bin));
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const n = count(ref.input.shape);
  const input = all.slice(0, n);
  const expected = all.slice(n);
  if (expected.length !== count(ref.output.shape)) throw new Error(`${ref.bin} does not hold the input and output its JSON describes`);
  const session = await ortWasmSession(join(dir, ref.onnx), 1);
  const got = await ortForward(session, input, ref.input.shape);
  const { worst, at } = worstScaledError(got, expected);
  const ok = worst <= TOLERANCE;
  console.log(
    `${ref.onnx}: onnxruntime-web vs PyTorch, worst |diff|/(1+|ref|) = ${worst.toExponential(2)} at ${at}` +
      ` (ort ${got[at]}, torch ${expected[at]}); tolerance ${TOLERANCE}: ${ok ? 'OK' : 'FAILED'}`,
  );
  await session.release();
  if (!ok) process.exitCode = 1;
}

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: tsx scripts/bench/check-onnx.ts <model>-<H>x<W>.ref.json');
  process.exitCode = 2;
} else {
  await main(file);
}
