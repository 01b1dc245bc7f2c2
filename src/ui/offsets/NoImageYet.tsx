/**
 * The offsets panel before its first frame. The frames come from the viewer
 * (the source the link names) whether or not the Detection panel is open;
 * with it closed, the panel offers to open it, where the source is chosen.
 */
import { useAppStore } from '../../state/store';

export function NoImageYet() {
  const panels = useAppStore((s) => s.settings.panels);
  const embedded = useAppStore((s) => s.settings.embed !== null);
  if (embedded || panels.includes('detect')) return <p className="muted offsets-empty">No image yet: the offsets appear once the frame has been run through the model.</p>;
  return (
    <p className="muted offsets-empty">
      No image yet: the offsets appear once the frame has been run through the model. The source is chosen in the Detection panel.{' '}
      <button type="button" onClick={() => useAppStore.getState().update({ panels: ['detect', ...panels] })}>
        Open the Detection panel
      </button>
    </p>
  );
}
