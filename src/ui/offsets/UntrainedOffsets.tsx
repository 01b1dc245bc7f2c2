/**
 * For an untrained model: why its offsets are (almost) zero, and the
 * "perturb offsets" control, which adds seeded noise to every AKConv's p_conv
 * (a setting, `jitter=` in the link, so a link reproduces the same perturbed
 * model; the noise is a function of the seed, so nothing is random per visit).
 */
import { LIMITS } from '../../state/settings';
import { useAppStore } from '../../state/store';
import { useEngine } from '../app-context';

export function UntrainedOffsets() {
  const untrained = useEngine((e) => !!e.main?.untrained);
  const noise = useAppStore((s) => s.settings.offsetNoise);
  if (!untrained) return null;
  const set = (offsetNoise: number) => useAppStore.getState().update({ offsetNoise });
  const { min, max, step } = LIMITS.offsetNoise;
  return (
    <div className="offsets-note" data-testid="untrained-offsets">
      <p>
        This model is untrained. The seed's AKConv initialises p_conv's weight to zero (<code>nn.init.constant_(self.p_conv.weight, 0)</code>); its
        bias keeps PyTorch's default, a small constant per channel (at most 1/√(9·C) cells). So every output pixel samples the initial shape
        p₀ + pₙ, shifted by the same tiny amount, until training moves it. Untrained features also fade layer by layer (PyTorch's default
        conv init has gain 1/√3, and BatchNorm's initial statistics do not rescale them), so deep AKConvs see almost nothing.
        "Perturb offsets" adds seeded noise of about σ cells: to p_conv's bias (each sample moves by about σ, the same at every pixel) and
        to its weight (σ/√fan_in, moving with the features, visible where they are not faded, e.g. LDConv's early layers).
      </p>
      <label className="slider">
        <span>
          Perturb offsets: σ <output>{noise}</output> cells
        </span>
        <input type="range" min={min} max={max} step={step} value={noise} onChange={(e) => set(Number(e.target.value))} data-testid="offset-noise" aria-label="Perturb offsets: noise in cells on p_conv" />
      </label>{' '}
      <button type="button" onClick={() => set(0)} disabled={noise === 0}>
        Back to zero
      </button>
    </div>
  );
}
