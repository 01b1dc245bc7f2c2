/** Title, model choice (bundled, own file, A/B), backend choice and the shareable link. */
import { useState } from 'react';
import { BUNDLED_MODELS } from '../runtime/bundled-models';
import type { BackendChoice, ModelId, PanelId } from '../state/settings';
import { BACKEND_CHOICES, PANELS } from '../state/settings';
import { useAppStore } from '../state/store';
import { engine } from './engine';
import { shareableUrl } from '../state/url';

const PANEL_NAMES: Record<PanelId, string> = { detect: 'Detection', grid: 'Sampling grid', offsets: 'Learned offsets', model: 'Model' };

/** Opens the user's model file in the engine; once it runs, the settings say so (a file that fails keeps the current model). */
async function openModelFile(file: File): Promise<void> {
  const { ownModelLoaded } = useAppStore.getState();
  if (await engine.loadFile(file)) ownModelLoaded();
}

export function Header() {
  const s = useAppStore((st) => st.settings);
  const update = useAppStore((st) => st.update);
  const hasOwnModel = useAppStore((st) => st.hasOwnModel);
  const [copied, setCopied] = useState(false);
  const models: { id: ModelId; label: string }[] = [...BUNDLED_MODELS, ...(hasOwnModel ? [{ id: 'custom' as const, label: 'Your file' }] : [])];
  return (
    <header className="app-header">
      <h1>AKConv Playground</h1>
      <div className="header-controls">
        <label>
          Model{' '}
          <select value={s.model} onChange={(e) => update({ model: e.target.value as ModelId })} data-testid="model-select">
            {models.map((m) => (
              <option key={m.id} value={m.id}>{m.label}</option>
            ))}
          </select>
        </label>
        <label className="file-button">
          Open .pt / .safetensors
          <input type="file" accept=".pt,.pth,.safetensors" onChange={(e) => { const f = e.target.files?.[0]; if (f) void openModelFile(f); e.target.value = ''; }} data-testid="model-input" />
        </label>
        <label>
          A/B with{' '}
          <select value={s.compare ?? ''} onChange={(e) => update({ compare: (e.target.value || null) as ModelId | null })}>
            <option value="">none</option>
            {BUNDLED_MODELS.map((m) => (
              <option key={m.id} value={m.id}>{m.label}</option>
            ))}
          </select>
        </label>
        <label>
          Backend{' '}
          <select value={s.backend} onChange={(e) => update({ backend: e.target.value as BackendChoice })}>
            {BACKEND_CHOICES.map((b) => (
              <option key={b} value={b}>{b}</option>
            ))}
          </select>
        </label>
        <fieldset className="panel-toggles">
          <legend>Panels</legend>
          {PANELS.map((p) => (
            <label key={p}>
              <input type="checkbox" checked={s.panels.includes(p)} onChange={(e) => update({ panels: e.target.checked ? [...s.panels, p].filter((x, i, a) => a.indexOf(x) === i) : s.panels.filter((x) => x !== p) })} /> {PANEL_NAMES[p]}
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(shareableUrl(useAppStore.getState().settings, window.location.href)).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            });
          }}
          data-testid="copy-link"
        >
          {copied ? 'Copied' : 'Copy link'}
        </button>
      </div>
      <p className="privacy">Your images, videos and model files stay in this browser: nothing is uploaded.</p>
    </header>
  );
}
