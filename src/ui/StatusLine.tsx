/** Always visible: where the engine runs, backend and why, model, input size, latency split and FPS. */
import { useAppStore } from '../state/store';
import { conventionMismatch } from './convention-mismatch';
import { DiagnosticsDialog } from './DiagnosticsDialog';
import { useEngine } from './app-context';
import { OfflineNote } from './OfflineNote';

export function StatusLine() {
  const thread = useEngine((e) => e.thread);
  const backend = useEngine((e) => e.backend);
  const main = useEngine((e) => e.main);
  const latest = useEngine((e) => e.latest?.main ?? null);
  const fps = useEngine((e) => e.fps);
  const frames = useEngine((e) => e.frames);
  const busy = useEngine((e) => e.busy);
  const update = useAppStore((st) => st.update);
  const t = latest?.timings;
  const mismatch = conventionMismatch(main);
  return (
    <div className="status-line" role="status" aria-live="polite" data-testid="status">
      <span className="stat-backend">
        Backend: <b data-testid="backend">{backend ? backend.backend : 'starting…'}</b>
        {backend?.adapter ? ` (${backend.adapter})` : ''}
        {backend?.threads ? <span data-testid="wasm-threads">{`, ${backend.threads} thread${backend.threads === 1 ? '' : 's'}`}</span> : null}
        {backend?.reason ? <small data-testid="backend-reason"> — {backend.reason}</small> : null}
      </span>
      <span data-testid="engine-thread">{thread.kind === 'worker' ? 'Engine: worker' : `Engine: main thread${thread.reason ? ` (${thread.reason})` : ''}`}</span>
      <span className="stat-model">Model: <b data-testid="model-label">{main?.label ?? '—'}</b></span>
      {mismatch && (
        <span className="convention-mismatch" data-testid="convention-mismatch">
          {mismatch.text}{' '}
          <button type="button" onClick={() => update({ convention: mismatch.trained })}>
            Use {mismatch.trained}
          </button>
        </span>
      )}
      <span>Input: <span className="stat-size">{latest ? `${latest.inputSize[0]}×${latest.inputSize[1]}` : '—'}</span></span>
      <span>
        Latency:{' '}
        <span data-testid="latency">
          <Ms value={t?.preprocessMs} /> + <Ms value={t?.inferenceMs} /> + <Ms value={t?.postprocessMs} /> ms (pre + inference + post)
        </span>
      </span>
      <span>FPS: <span className="stat-count" data-testid="fps">{fps ? fps.toFixed(1) : '—'}</span></span>
      <span>Frames: <span className="stat-count" data-testid="frame-count">{frames}</span></span>
      <OfflineNote />
      <DiagnosticsDialog />
      {/* Always in the line, invisible when idle: a load or a timing run never changes the line's height under the user's pointer. */}
      <span className={busy ? 'busy' : 'busy idle'} aria-hidden={!busy} title={busy ? `${busy.label}: ${busy.stage}` : undefined}>
        <span className="busy-text">{busy ? `${busy.label}: ${busy.stage}` : ''}</span>
        <progress max={1} value={busy?.fraction ?? 0} aria-label={busy ? `${busy.stage} progress` : undefined} />
      </span>
    </div>
  );
}

/** A latency in whole ms, as wide as its placeholder: the first frame does not reflow the line. */
function Ms({ value }: { value: number | undefined }) {
  return <span className="stat-num">{value === undefined ? '—' : value.toFixed(0)}</span>;
}
