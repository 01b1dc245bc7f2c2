/** An untrained model's boxes are hidden unless asked for; this says so and holds the toggle. */
import { useAppStore } from '../../state/store';
import { useEngine } from '../app-context';

/** Whether the main / compare model's detections are hidden (untrained and not asked for). */
export function useHiddenBoxes(): { main: boolean; compare: boolean } {
  const show = useAppStore((s) => s.settings.untrainedBoxes);
  const main = useEngine((e) => !!e.main?.untrained);
  const compare = useEngine((e) => !!e.compare?.untrained);
  return { main: main && !show, compare: compare && !show };
}

export function UntrainedBoxes() {
  const untrained = useEngine((e) => !!e.main?.untrained || !!e.compare?.untrained);
  const show = useAppStore((s) => s.settings.untrainedBoxes);
  if (!untrained) return null;
  return (
    <p className="untrained-boxes" data-testid="untrained-boxes">
      This model is untrained (architecture only: PyTorch's default initialisation), so its boxes mean nothing.{' '}
      <label>
        <input type="checkbox" checked={show} onChange={(e) => useAppStore.getState().update({ untrainedBoxes: e.target.checked })} data-testid="show-untrained-boxes" /> Show
        the raw output anyway (untrained)
      </label>
    </p>
  );
}
