/** The model panel's lines about the weights: their float32 size, and for an untrained model, what its weights are. */
import type { Architecture } from '../model/architecture';
import { modelParamSpecs } from '../model/architecture';

/** Bytes of the model's state dict as float32 (parameters and buffers: BatchNorm statistics, anchors). */
export function stateDictBytes(arch: Architecture): number {
  return modelParamSpecs(arch).reduce((sum, s) => sum + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
}

export function ModelWeights({ arch, parameters, untrained }: { arch: Architecture; parameters: number; untrained: boolean }) {
  const bytes = stateDictBytes(arch);
  return (
    <>
      {untrained && (
        <p className="untrained-note" data-testid="untrained-note">
          <b>Untrained</b> (architecture only): the weights were made in this browser from seed 0 with PyTorch's default initialisation (convs:
          Kaiming uniform, a = √5; BatchNorm: 1, 0, 0, 1; AKConv's p_conv weight 0; the head's bias priors), nothing was downloaded. The table,
          layer timings, memory and the AKConv panels are real; detections are not.
        </p>
      )}
      <p data-testid="weights-memory">
        Weights: {(bytes / 1e6).toFixed(1)} MB as float32 ({parameters.toLocaleString()} parameters + {(bytes / 4 - parameters).toLocaleString()} buffer values).
      </p>
    </>
  );
}

/** Forward passes "Time each layer" runs, in full-pass equivalents: a warm-up, then 3 repeats of every prefix (about half a pass each). */
const TIMING_PASSES = 40;

/** Work above which timing on WASM asks first: scale x at 320 is about 2,000 GFLOP, scale l about 1,100 (a CPU does some 20 GFLOP/s). */
const WASM_TIMING_WARN_GFLOP = 1500;

/** The warning to show before timing, or null: big work on the WASM (CPU) backend. */
export function slowTimingWarning(backend: string | null, gflopsAt640: number, imageSize: number): string | null {
  if (backend !== 'wasm') return null;
  const work = gflopsAt640 * (imageSize / 640) ** 2 * TIMING_PASSES;
  if (work < WASM_TIMING_WARN_GFLOP) return null;
  return `Timing runs this model about ${TIMING_PASSES} times at ${imageSize}×${imageSize} (${Math.round(work).toLocaleString()} GFLOP in all) on WASM, the CPU: expect ${Math.ceil(work / 20 / 60)} minute(s) or more, with detection waiting.`;
}
