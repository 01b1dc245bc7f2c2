/** The active model's per-layer table beside its plain-YOLOv5 twin (C3 where it has C3_AKConv). */
import { useMemo } from 'react';
import type { ModelSummary } from '../model/architecture';
import { buildArchitecture, summarize } from '../model/architecture';
import type { YoloModel } from '../model/yolo';

function twinOf(model: YoloModel): ModelSummary | null {
  const cfg = model.arch.config;
  const swap = (rows: typeof cfg.backbone) => rows.map((r) => ({ ...r, module: r.module === 'C3_AKConv' ? 'C3' : r.module === 'AKConv' || r.module === 'LDConv' ? 'Conv' : r.module, args: r.module === 'AKConv' || r.module === 'LDConv' ? [r.args[0] ?? 0, 3, r.args[2] ?? 1] : r.args }));
  const changed = [...cfg.backbone, ...cfg.head].some((r) => ['C3_AKConv', 'AKConv', 'LDConv'].includes(r.module));
  return changed ? summarize(buildArchitecture({ ...cfg, backbone: swap(cfg.backbone), head: swap(cfg.head) })) : null;
}

export function ModelPanel({ model }: { model: YoloModel | null }) {
  const summary = useMemo(() => (model ? summarize(model.arch) : null), [model]);
  const twin = useMemo(() => (model ? twinOf(model) : null), [model]);
  if (!model || !summary) return <section className="panel"><h2>Model</h2><p className="muted">No model loaded.</p></section>;
  return (
    <section className="panel model-panel" aria-labelledby="model-heading">
      <h2 id="model-heading">Model</h2>
      <p>
        {summary.modules} modules, {summary.parameters.toLocaleString()} parameters, {summary.gflops.toFixed(1)} GFLOPs at 640
        {twin && <> — plain YOLOv5 twin: {twin.parameters.toLocaleString()} parameters, {twin.gflops.toFixed(1)} GFLOPs</>}
      </p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr><th>#</th><th>from</th><th>n</th><th>params</th><th>module</th><th>arguments</th><th>output at 640</th><th>GFLOPs</th>{twin && <th>twin params</th>}</tr>
          </thead>
          <tbody>
            {summary.layers.map((l, i) => {
              const t = twin?.layers[i];
              const differs = t && t.params !== l.params;
              return (
                <tr key={l.index} className={differs ? 'differs' : undefined}>
                  <td>{l.index}</td><td>{JSON.stringify(l.from)}</td><td>{l.n}</td><td>{l.params.toLocaleString()}</td>
                  <td>{l.module.replace(/^models\.(common|yolo)\./, '').replace('torch.nn.modules.upsampling.', 'nn.')}</td>
                  <td className="args">{l.arguments}</td><td>{l.output.c}×{l.output.h}×{l.output.w}</td><td>{(l.flops / 1e9).toFixed(2)}</td>
                  {twin && <td>{t ? t.params.toLocaleString() : ''}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
