/**
 * "PNG", "SVG", "Code" buttons for a figure: each makes its file when pressed
 * (nothing is prepared while the figure merely changes) and saves it as
 * akconv-<name>.<ext>. A file that cannot be made is one notice; the figure
 * and the settings stay as they were.
 */
import { useState } from 'react';
import { useAppStore } from '../../state/store';
import { downloadBlob } from './download';
import './figure.css';

export interface FigureDownloadsProps {
  /** File names: akconv-<name>.png, .svg, .py. */
  name: string;
  /** What the buttons save, for their accessible names ("the ij p_n figure"). */
  label: string;
  png?: () => Promise<Blob> | undefined;
  svg?: () => string;
  /** Python for the figure's shape (Copy code, and Save .py where the clipboard refuses). */
  code?: () => string;
}

type Kind = 'png' | 'svg' | 'py' | 'copy';

export function FigureDownloads({ name, label, png, svg, code }: FigureDownloadsProps) {
  const [busy, setBusy] = useState<Kind | null>(null);
  const [copied, setCopied] = useState(false);
  const run = async (kind: Kind, make: () => Promise<void> | void) => {
    setBusy(kind);
    try {
      await make();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      useAppStore.getState().notify('error', `Could not save ${label} as ${kind === 'copy' ? 'code' : kind.toUpperCase()}: ${why}.`);
    } finally {
      setBusy(null);
    }
  };
  const file = `akconv-${name}`;
  const savePng = () =>
    run('png', async () => {
      const blob = await png?.();
      if (!blob) throw new Error('it is not drawn yet');
      downloadBlob(blob, `${file}.png`);
    });
  const saveSvg = () => run('svg', () => downloadBlob(new Blob([svg?.() ?? ''], { type: 'image/svg+xml' }), `${file}.svg`));
  const savePy = () => run('py', () => downloadBlob(new Blob([code?.() ?? ''], { type: 'text/x-python' }), `${file}.py`));
  const copy = () =>
    run('copy', async () => {
      await navigator.clipboard.writeText(code?.() ?? '');
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    });
  return (
    <span className="figure-downloads" role="group" aria-label={`Save ${label}`}>
      {png && (
        <button type="button" onClick={savePng} disabled={busy === 'png'} aria-label={`Download ${label} as PNG`}>
          PNG
        </button>
      )}
      {svg && (
        <button type="button" onClick={saveSvg} aria-label={`Download ${label} as SVG`}>
          SVG
        </button>
      )}
      {code && (
        <>
          <button type="button" onClick={copy} aria-label={`Copy ${label} as PyTorch code`}>
            {copied ? 'Copied' : 'Copy code'}
          </button>
          <button type="button" onClick={savePy} aria-label={`Download ${label} as PyTorch code`}>
            .py
          </button>
        </>
      )}
    </span>
  );
}
