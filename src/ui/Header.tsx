/** Title, model choice (bundled, own file, A/B), backend choice and the shareable link. */
import { useState } from 'react';
import { BUNDLED_MODELS, UNTRAINED_MODELS } from '../common/bundled-models';
import type { BackendChoice, ModelId, PanelId } from '../state/settings';
import { BACKEND_CHOICES, PANELS } from '../state/settings';
import { useAppStore } from '../state/store';
import { Intro } from './Intro';
import { useEngineHandle } from './app-context';
import { openModelFiles } from './open-model-files';
import { ThemeSelect } from './ThemeSelect';
import { shareableUrl } from '../state/url';

const PANEL_NAMES: Record<PanelId, string> = { detect: 'Detection', grid: 'Sampling grid', offsets: 'Learned offsets', model: 'Model', explain: 'One output pixel' };

export function Header() {
  const engine = useEngineHandle();
  const s = useAppStore((st) => st.settings);
  const update = useAppStore((st) => st.update);
  const pickModel = useAppStore((st) => st.pickModel);
  const hasOwnModel = useAppStore((st) => st.hasOwnModel);
  const [copied, setCopied] = useState(false);
  // The model file's name, shown beside the picker once it loaded (the select then says "Your file").
  const openedName = useAppStore((st) => st.ownModelName);
  const pick = (list: FileList | null) => {
    const files = [...(list ?? [])];
    if (files.length) void openModelFiles(engine, files);
  };
  const models: { id: ModelId; label: string }[] = [...BUNDLED_MODELS, ...(hasOwnModel ? [{ id: 'custom' as const, label: 'Your file' }] : [])];
  return (
    <header className="app-header">
      <h1>AKConv Playground</h1>
      <Intro />
      <div className="header-controls">
        <label>
          Model{' '}
          <select value={s.model} onChange={(e) => pickModel(e.target.value as ModelId)} data-testid="model-select">
            {models.map((m) => (
              <option key={m.id} value={m.id}>{m.label}</option>
            ))}
            <optgroup label="Architecture only (untrained)">
              {UNTRAINED_MODELS.map((m) => (
                <option key={m.id} value={m.id}>{m.label}</option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className="file-button" onDragOver={(e) => e.preventDefault()} onDrop={(e) => { e.preventDefault(); pick(e.dataTransfer.files); }} data-testid="model-drop">
          Open .pt / .safetensors (+ .yaml)
          <input type="file" multiple accept=".pt,.pth,.safetensors,.yaml,.yml" onChange={(e) => { pick(e.target.files); e.target.value = ''; }} data-testid="model-input" />
        </label>
        {openedName && s.model === 'custom' && <small className="muted" data-testid="model-file-name">{openedName}</small>}
        <label>
          A/B with{' '}
          <select value={s.compare ?? ''} onChange={(e) => update({ compare: (e.target.value || null) as ModelId | null })}>
            <option value="">none</option>
            {/* A model beside itself compares nothing (the link refuses it too): the main model is not offered. */}
            {BUNDLED_MODELS.filter((m) => m.id !== s.model).map((m) => (
              <option key={m.id} value={m.id}>{m.label}</option>
            ))}
            <optgroup label="Architecture only (untrained)">
              {UNTRAINED_MODELS.filter((m) => m.id !== s.model).map((m) => (
                <option key={m.id} value={m.id}>{m.label}</option>
              ))}
            </optgroup>
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
        <ThemeSelect />
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
