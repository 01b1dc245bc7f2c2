/**
 * The offsets panel before any frame: the offsets are computed on the
 * Detection panel's frame, so when that panel is closed it offers to open it
 * (a link such as `?panels=offsets`) rather than pointing at a hidden picker.
 */
import { useAppStore } from '../../state/store';

export function NoImageYet() {
  const panels = useAppStore((s) => s.settings.panels);
  // Embedded alone, the panel's frame comes from the unseen Detection panel (App.tsx): nothing to open.
  const embedded = useAppStore((s) => s.settings.embed !== null);
  if (embedded) return <p className="muted offsets-empty">No image yet: the offsets appear once the photo has been run through the model.</p>;
  if (panels.includes('detect')) {
    return <p className="muted offsets-empty">No image yet. Pick a sample photo or drop an image in the Detection panel: the offsets are computed on that frame.</p>;
  }
  return (
    <p className="muted offsets-empty">
      No image yet: the offsets are computed on the Detection panel&apos;s frame, and that panel is closed.{' '}
      <button type="button" onClick={() => useAppStore.getState().update({ panels: ['detect', ...panels] })}>
        Open the Detection panel
      </button>
    </p>
  );
}
