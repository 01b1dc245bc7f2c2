/** The status line's "Diagnostics" button and its dialog: what a bug report needs, and "Copy diagnostics" for it. */
import { useRef, useState } from 'react';
import { diagnosticsRows, diagnosticsText, type DiagnosticsInput } from '../runtime/diagnostics-report';
import { useEngineHandle } from './app-context';
import { collectDiagnostics } from './diagnostics';

export function DiagnosticsDialog() {
  const engine = useEngineHandle();
  const dialog = useRef<HTMLDialogElement>(null);
  const [input, setInput] = useState<DiagnosticsInput | null>(null);
  const [copyNote, setCopyNote] = useState<string | null>(null);

  const open = () => {
    setInput(null);
    setCopyNote(null);
    dialog.current?.showModal();
    void collectDiagnostics(engine).then(setInput);
  };

  const copy = async () => {
    if (!input) return;
    try {
      await navigator.clipboard.writeText(diagnosticsText(input));
      setCopyNote('Copied to the clipboard.');
    } catch (e) {
      setCopyNote(`Could not copy to the clipboard (${e instanceof Error ? e.message : String(e)}); select the text instead.`);
    }
  };

  return (
    <>
      <button type="button" className="link-button" onClick={open}>
        Diagnostics
      </button>
      <dialog ref={dialog} className="diagnostics" aria-label="Diagnostics" data-testid="diagnostics">
        <h2>Diagnostics</h2>
        {input ? (
          <dl>
            {diagnosticsRows(input).map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="muted">Asking the engine…</p>
        )}
        <p>
          <button type="button" onClick={() => void copy()} disabled={!input}>
            Copy diagnostics
          </button>{' '}
          <button type="button" onClick={() => dialog.current?.close()}>
            Close
          </button>{' '}
          {copyNote && <span role="status" data-testid="copy-note">{copyNote}</span>}
        </p>
      </dialog>
    </>
  );
}
