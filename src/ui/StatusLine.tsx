/** Always visible: backend, model, input size, latency split and FPS. */
import { useAppStore } from '../state/store';

export function StatusLine() {
  const r = useAppStore((s) => s.runtime);
  const t = r.timings;
  return (
    <div className="status-line" role="status" aria-live="polite" data-testid="status">
      <span>Backend: <b data-testid="backend">{r.backend ? r.backend.backend : 'starting…'}</b>{r.backend?.adapter ? ` (${r.backend.adapter})` : ''}</span>
      <span>Model: <b data-testid="model-label">{r.modelLabel ?? '—'}</b></span>
      <span>Input: {r.inputSize ? `${r.inputSize[0]}×${r.inputSize[1]}` : '—'}</span>
      <span>Latency: {t ? `${t.preprocessMs.toFixed(0)} + ${t.inferenceMs.toFixed(0)} + ${t.postprocessMs.toFixed(0)} ms (pre + inference + post)` : '—'}</span>
      <span>FPS: {r.fps ? r.fps.toFixed(1) : '—'}</span>
      <span>Frames: <span data-testid="frame-count">{r.frames}</span></span>
      {r.busy && (
        <span className="busy">
          {r.busy.label}: {r.busy.stage} <progress max={1} value={r.busy.fraction} aria-label={`${r.busy.stage} progress`} />
        </span>
      )}
    </div>
  );
}
