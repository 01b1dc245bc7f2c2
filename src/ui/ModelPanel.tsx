/** The active model's per-layer table beside its plain-YOLOv5 twin (C3 where it has C3_AKConv). */
import { useMemo, useState } from 'react';
import type { ModelConfig } from '../common';
import type { ModelSummary } from '../model/architecture';
import { buildArchitecture, summarize } from '../model/architecture';
import { useAppStore } from '../state/store';
import { LAYER_TIMING_LABEL } from '../runtime/protocol';
import { useEngine, useEngineHandle } from './app-context';
import { FigureDownloads } from './figure/FigureDownloads';
import { tablePng } from './figure/table-png';
import { LayerTimingNote } from './LayerTimingNote';
import { ModelWeights, slowTimingWarning } from './ModelWeights';

const signed = (v: number, digits = 0) => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toLocaleString(undefined, { maximumFractionDigits: digits })}`;

function twinOf(cfg: ModelConfig): ModelSummary | null {
  const swap = (rows: typeof cfg.backbone) => rows.map((r) => ({ ...r, module: r.module === 'C3_AKConv' ? 'C3' : r.module === 'AKConv' || r.module === 'LDConv' ? 'Conv' : r.module, args: r.module === 'AKConv' || r.module === 'LDConv' ? [r.args[0] ?? 0, 3, r.args[2] ?? 1] : r.args }));
  const changed = [...cfg.backbone, ...cfg.head].some((r) => ['C3_AKConv', 'AKConv', 'LDConv'].includes(r.module));
  return changed ? summarize(buildArchitecture({ ...cfg, backbone: swap(cfg.backbone), head: swap(cfg.head) })) : null;
}

export function ModelPanel() {
  const engine = useEngineHandle();
  const config = useEngine((e) => e.main?.config ?? null);
  const arch = useMemo(() => (config ? buildArchitecture(config) : null), [config]);
  const summary = useMemo(() => (arch ? summarize(arch) : null), [arch]);
  const untrained = useEngine((e) => !!e.main?.untrained);
  const backend = useEngine((e) => e.backend?.backend ?? null);
  const [warning, setWarning] = useState<string | null>(null);
  const twin = useMemo(() => (config ? twinOf(config) : null), [config]);
  const imageSize = useAppStore((s) => s.settings.imageSize);
  const layerTimes = useEngine((e) => e.layerTimes);
  // Timings of another model (or of none yet) are not shown; the engine clears them on a backend switch.
  const [timedConfig, setTimedConfig] = useState<ModelConfig | null>(null);
  const times = layerTimes && timedConfig === config ? layerTimes : null;
  // Follows the engine's busy state, which ends whether timing succeeds or fails.
  const timing = useEngine((e) => (e.busy?.label === LAYER_TIMING_LABEL ? e.busy : null));
  if (!config || !summary || !arch) return <section className="panel"><h2>Model</h2><p className="muted">No model loaded.</p></section>;
  const measure = (confirmed = false) => {
    const slow = slowTimingWarning(backend, summary.gflops, imageSize);
    setWarning(confirmed ? null : slow);
    if (slow && !confirmed) return;
    setTimedConfig(config);
    engine.timeLayers();
  };
  return (
    <section className="panel model-panel" aria-labelledby="model-heading">
      <div className="panel-heading">
        <h2 id="model-heading">Model</h2>
        <FigureDownloads name="model-table" label="the model table" png={() => { const t = document.querySelector<HTMLTableElement>('.model-panel table'); return t ? tablePng(t) : undefined; }} />
      </div>
      <p>
        {summary.modules} modules, {summary.parameters.toLocaleString()} parameters, {summary.gflops.toFixed(1)} GFLOPs at 640
        {twin && <> — plain YOLOv5 twin: {twin.parameters.toLocaleString()} parameters, {twin.gflops.toFixed(1)} GFLOPs</>}
      </p>
      <ModelWeights arch={arch} parameters={summary.parameters} untrained={untrained} />
      {twin && (
        <p data-testid="before-after">
          The seed's change: AKConv where the twin has a 3×3 conv changes the parameters by {signed(summary.parameters - twin.parameters)} ({signed((100 * (summary.parameters - twin.parameters)) / twin.parameters, 1)}%) and the GFLOPs by {signed(summary.gflops - twin.gflops, 1)}; highlighted rows differ.
        </p>
      )}
      <p>
        <button type="button" onClick={() => measure()} disabled={!!timing} aria-busy={!!timing} data-testid="time-layers">
          {timing ? `Timing… ${timing.stage}` : `Time each layer (${imageSize}×${imageSize})`}
        </button>{' '}
        {timing && <progress max={1} value={timing.fraction} aria-label="Layer timing progress" />}
      </p>
      {warning && (
        <p className="offsets-note" role="alert" data-testid="timing-warning">
          {warning}{' '}
          <button type="button" onClick={() => measure(true)}>Time anyway</button>{' '}
          <button type="button" onClick={() => setWarning(null)}>Cancel</button>
        </p>
      )}
      {times && <LayerTimingNote times={times} />}
      <div className="table-scroll">
        <table>
          <thead>
            <tr><th>#</th><th>from</th><th>n</th><th>params</th><th>module</th><th>arguments</th><th>output at 640</th><th>GFLOPs</th>{twin && <th>twin params</th>}{times && <th>ms</th>}</tr>
          </thead>
          <tbody>
            {summary.layers.map((l, i) => {
              const t = twin?.layers[i];
              const differs = t && t.params !== l.params;
              return (
                <tr key={l.index} className={differs ? 'differs' : undefined}>
                  <td>{l.index}</td><td>{JSON.stringify(l.from)}</td><td>{l.n}</td><td>{l.params.toLocaleString()}</td>
                  <td className="module">{l.module.replace(/^models\.(common|yolo)\./, '').replace('torch.nn.modules.upsampling.', 'nn.')}</td>
                  <td className="args">{l.arguments}</td><td>{l.output.c}×{l.output.h}×{l.output.w}</td><td>{(l.flops / 1e9).toFixed(2)}</td>
                  {twin && <td>{t ? t.params.toLocaleString() : ''}</td>}
                  {times && <td data-testid="layer-ms">{times.ms[i]?.toFixed(1)}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
