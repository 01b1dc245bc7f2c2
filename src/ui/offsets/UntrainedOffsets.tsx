/**
 * For an untrained model: why its offsets are (almost) zero, and the
 * "perturb offsets" control, which sets seeded noise on every AKConv's p_conv
 * weights (a setting, so a link reproduces the same perturbed model).
 */
import { LIMITS } from '../../state/settings';
import { useAppStore } from '../../state/store';
import { useEngine } from '../engine';

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
        p₀ + pₙ, shifted by the same tiny amount, until training moves it. "Perturb offsets" sets the p_conv weights to seeded Gaussian
        noise, so the offsets vary with the image and the sampling machinery visibly moves.
      </p>
      <label className="slider">
        <span>
          Perturb offsets: noise σ <output>{noise}</output>
        </span>
        <input type="range" min={min} max={max} step={step} value={noise} onChange={(e) => set(Number(e.target.value))} data-testid="offset-noise" aria-label="Perturb offsets: noise standard deviation on p_conv weights" />
      </label>{' '}
      <button type="button" onClick={() => set(0)} disabled={noise === 0}>
        Back to zero
      </button>
    </div>
  );
}
