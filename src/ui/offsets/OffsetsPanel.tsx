/**
 * "Learned offsets": where an AKConv of the live model actually samples, on
 * the current frame. A 3D view (points over the image, raised by sample index
 * or offset length, initial or learned positions) and a 2D view (the
 * selected output pixel's samples over the image) are linked through
 * `settings.pixel`: pointing at either selects an output pixel, and both
 * highlight it. The layer (`settings.layer`), the pixel and the 3D camera
 * (`settings.camera`) live in the store, hence in the URL.
 */
import type { KeyboardEvent, ReactNode } from 'react';
import { lazy, Suspense, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { SiteInfo } from '../../runtime/protocol';
import type { Camera } from '../../state/settings';
import { useAppStore } from '../../state/store';
import { useEngine, useViewer } from '../app-context';
import { sameCamera } from './camera';
import { legendGradient } from './colormap';
import type { ComputedField, OutputPixel } from '../../detect/sampling-field';
import { baseOf, clampPixel, pixelAt, samplesOfPixel, stepPixel } from '../../detect/sampling-field';
import type { HeightMode, PositionsView } from './OffsetsScene';
import type { OffsetsView3DHandle } from './OffsetsView3D';
import { NoImageYet } from './NoImageYet';
import { SampleOverlay } from './SampleOverlay';
import { UntrainedOffsets } from './UntrainedOffsets';
import './offsets.css';

/**
 * The 3D view brings three.js (more than half of what the page's own script
 * weighed), so it loads when the panel first has a frame to show, not with
 * the page (docs/benchmarks/README.md, "The page's own JavaScript"); until
 * then its box stands empty at the same size.
 */
const OffsetsView3D = lazy(() => import('./OffsetsView3D').then((m) => ({ default: m.OffsetsView3D })));

const VIEW_3D_LOADING = (
  <div className="offsets-3d">
    <div className="offsets-3d-host" />
  </div>
);

const ARROWS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Whether a learned position (cells) lies outside the sampled map, where AKConv clamps it. */
function outsideMap(cell: { row: number; col: number }, field: ComputedField): boolean {
  const rows = field.image.height / field.inputStride;
  const cols = field.image.width / field.inputStride;
  return cell.row < 0 || cell.col < 0 || cell.row > rows - 1 || cell.col > cols - 1;
}

function samePixel(a: readonly [number, number] | null, b: readonly [number, number] | null): boolean {
  return a === b || (!!a && !!b && a[0] === b[0] && a[1] === b[1]);
}

function Section({ children }: { children: ReactNode }) {
  return (
    <section className="panel offsets-panel" aria-labelledby="offsets-heading">
      <h2 id="offsets-heading">Learned offsets</h2>
      {children}
    </section>
  );
}

const NO_SITES: SiteInfo[] = [];

/**
 * Shows the field the engine computed in the detection pass of the latest
 * frame (while this panel is open, each frame's forward pass captures the
 * chosen AKConv), on the letterboxed input of that same frame.
 */
export function OffsetsPanel() {
  const layerSetting = useAppStore((s) => s.settings.layer);
  const model = useEngine((e) => e.main);
  // The frame on screen's own result. Deferred: a live frame's drawing here (the 2D overlay, the 3D
  // view's texture and points) runs in a task of its own after the detection frame's, not in one long
  // task with it; with a still the two show the same frame a moment apart.
  const latest = useDeferredValue(useViewer((v) => v.frame?.result ?? null));
  const input = latest?.fieldInput ?? null;
  const field = latest?.field ?? null;
  const error = latest?.fieldError ?? null;
  const pixelSetting = useAppStore((s) => s.settings.pixel);
  // Mirroring is a display choice of the detection frame; this view keeps the model's own left and right.
  const mirroredWebcam = useAppStore((s) => s.settings.source === 'webcam' && s.settings.mirror);
  const camera = useAppStore((s) => s.settings.camera);
  // The view settings live in the store (and the URL); the controls write them there.
  const heightMode = useAppStore((s) => s.settings.heightMode);
  const view = useAppStore((s) => s.settings.positions);
  const hoverSelects = useAppStore((s) => s.settings.hoverSelects);
  const setHeightMode = (m: HeightMode) => useAppStore.getState().update({ heightMode: m });
  const setView = (v: PositionsView) => useAppStore.getState().update({ positions: v });
  const setHoverSelects = (on: boolean) => useAppStore.getState().update({ hoverSelects: on });
  const view3d = useRef<OffsetsView3DHandle>(null);
  const id = useId();

  const sites = model?.sites ?? NO_SITES;
  const site = sites.find((s) => s.name === layerSetting) ?? sites[0] ?? null;
  // The field of another layer (while the new one computes) is not shown.
  const current = field && site && field.site === site.name ? field : null;
  const selected = useMemo(() => (current ? clampPixel(current, pixelSetting) : null), [current, pixelSetting]);

  const select = useCallback((pixel: OutputPixel | null) => {
    const { settings, update } = useAppStore.getState();
    if (!samePixel(settings.pixel, pixel)) update({ pixel });
  }, []);
  const onCamera = useCallback((c: Camera) => {
    const { settings, update } = useAppStore.getState();
    if (!sameCamera(settings.camera, c)) update({ camera: c });
  }, []);
  const onHover = useCallback((pixel: OutputPixel | null) => {
    if (hoverSelects && pixel) select(pixel);
  }, [hoverSelects, select]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (!current) return;
    if (e.key === 'Escape') {
      select(null);
      e.preventDefault();
      return;
    }
    const step = ARROWS[e.key];
    if (!step) return;
    e.preventDefault();
    if (!selected) {
      select(pixelAt(current, current.image.width / 2, current.image.height / 2));
      return;
    }
    select(stepPixel(current, selected, step[0], step[1]));
  };

  // Tell the user which layer the URL named when it does not exist in this model.
  const missingLayer = layerSetting !== null && sites.length > 0 && !sites.some((s) => s.name === layerSetting);
  const [reducedMotion, setReducedMotion] = useState(prefersReducedMotion);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const q = matchMedia('(prefers-reduced-motion: reduce)');
    const on = () => setReducedMotion(q.matches);
    q.addEventListener('change', on);
    return () => q.removeEventListener('change', on);
  }, []);

  if (!model) {
    return (
      <Section>
        <p className="muted offsets-empty">No model loaded yet. The learned offsets appear once a YOLOv5-C3_AKConv model is running.</p>
      </Section>
    );
  }
  if (!sites.length) {
    return (
      <Section>
        <p className="muted offsets-empty">
          This model has no AKConv layers (it is a plain YOLOv5), so it has no learned offsets to show. Choose a C3_AKConv model to see where
          AKConv samples.
        </p>
      </Section>
    );
  }
  if (!input) {
    return (
      <Section>
        <NoImageYet />
      </Section>
    );
  }

  const samples = current && selected ? samplesOfPixel(current, selected[0], selected[1]) : [];
  const base = current && selected ? baseOf(current, selected[0], selected[1]) : null;
  const largest = samples.reduce<(typeof samples)[number] | null>((m, s) => (!m || s.offset > m.offset ? s : m), null);
  const pixelText =
    current && selected && base
      ? `Output pixel (${selected[0]}, ${selected[1]}) of ${current.h} × ${current.w}: base p₀ at image (${base.x.toFixed(0)}, ${base.y.toFixed(0)}) px; ` +
        `mean |offset| ${(samples.reduce((a, s) => a + s.offset, 0) / Math.max(1, samples.length)).toFixed(2)} cells` +
        (largest ? `, largest ${largest.offset.toFixed(2)} (sample ${largest.index})` : '')
      : 'No output pixel selected: point at the image or press an arrow key.';
  const label3d = current
    ? `3D view of ${current.site}: ${current.h * current.w * current.n} sampling positions over the input image, ${view} positions, height by ${heightMode === 'index' ? 'sample index' : 'offset length'}. ${pixelText}`
    : '3D view of the sampling positions (computing).';

  return (
    <Section>
      <div className="offsets-controls" role="group" aria-label="Offsets view settings">
        <label htmlFor={`${id}-layer`}>
          AKConv layer{' '}
          <select
            id={`${id}-layer`}
            value={site?.name ?? ''}
            onChange={(e) => useAppStore.getState().update({ layer: e.target.value })}
          >
            {sites.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name} (layer {s.layerIndex}, N = {s.numParam}, {s.inputStride} px per cell)
              </option>
            ))}
          </select>
        </label>
        <fieldset className="offsets-segmented">
          <legend>Positions</legend>
          {(['initial', 'learned'] as const).map((v) => (
            <label key={v}>
              <input type="radio" name={`${id}-view`} value={v} checked={view === v} onChange={() => setView(v)} />
              {v === 'initial' ? 'Initial (p₀ + pₙ)' : 'Learned (+ offsets)'}
            </label>
          ))}
        </fieldset>
        <fieldset className="offsets-segmented">
          <legend>Height</legend>
          {(['index', 'offset'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name={`${id}-height`} value={m} checked={heightMode === m} onChange={() => setHeightMode(m)} />
              {m === 'index' ? 'Sample index' : 'Offset length'}
            </label>
          ))}
        </fieldset>
        <label className="offsets-check">
          <input type="checkbox" checked={hoverSelects} onChange={(e) => setHoverSelects(e.target.checked)} /> Select on hover
        </label>
        <button type="button" onClick={() => view3d.current?.resetCamera()}>
          Reset camera
        </button>
      </div>
      <UntrainedOffsets />

      {missingLayer && (
        <p className="offsets-note" role="status">
          This model has no AKConv named {layerSetting}; showing {site?.name}.
        </p>
      )}
      {error && (
        <p className="offsets-error" role="alert">
          Could not compute the offsets: {error}
        </p>
      )}

      <div className="offsets-stats" aria-live="polite">
        {current ? (
          <>
            <span>
              Mean |offset| <strong>{current.stats.mean.toFixed(2)}</strong> cells, max <strong>{current.stats.max.toFixed(2)}</strong> cells
            </span>
            <span className="muted">
              {' '}
              over {current.h} × {current.w} output pixels × {current.n} samples; 1 cell = {current.inputStride} px; grid {current.convention}
            </span>
          </>
        ) : (
          <span className="muted">{!error ? 'Computing the sampling positions…' : ''}</span>
        )}
      </div>
      <div className="offsets-legend" aria-hidden={!current}>
        <span>0</span>
        <span className="offsets-legend-bar" style={{ background: legendGradient() }} role="img" aria-label={`Colour scale: offset length from 0 (dark purple) to ${current ? current.stats.max.toFixed(2) : 'the largest'} cells (yellow)`} />
        <span>{current ? `${current.stats.max.toFixed(2)} cells` : 'max'}</span>
      </div>

      {mirroredWebcam && (
        <p className="muted" data-testid="offsets-unmirrored">
          The detection frame is mirrored (Mirror camera); this view is not: it shows the camera image as the model receives it, so its left and right are the sampling positions&apos; own.
        </p>
      )}
      <div className="offsets-stage" onKeyDown={onKeyDown}>
        <div className="offsets-views">
          <figure className="offsets-figure">
            <Suspense fallback={VIEW_3D_LOADING}>
              <OffsetsView3D
                ref={view3d}
                input={input}
                field={current}
                heightMode={heightMode}
                view={view}
                animate={!reducedMotion}
                selected={selected}
                camera={camera}
                onCamera={onCamera}
                onHover={onHover}
                onSelect={select}
                label={label3d}
              />
            </Suspense>
            <figcaption className="muted">Drag to orbit, wheel to zoom; click a point or the image to select its output pixel. With the view focused (Tab): arrows orbit, + and - zoom, Enter selects the centre pixel, Home resets.</figcaption>
          </figure>
          <figure className="offsets-figure">
            <SampleOverlay input={input} field={current} view={view} selected={selected} onPick={(p, how) => (how === 'click' || hoverSelects ? select(p) : undefined)} />
            <figcaption className="muted">
              Hollow: initial positions; filled: learned; red dot: base p₀. Arrow keys move the selection across the image; Esc clears it.
            </figcaption>
          </figure>
        </div>
        <p className="offsets-pixel" aria-live="polite">
          {pixelText}
        </p>
        {samples.length > 0 && (
          <details className="offsets-samples" open={samples.length <= 9}>
            <summary>The {samples.length} samples of this pixel</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">n</th>
                  <th scope="col">initial (row, col)</th>
                  <th scope="col">learned (row, col)</th>
                  <th scope="col">|offset| (cells)</th>
                </tr>
              </thead>
              <tbody>
                {samples.map((s) => (
                  <tr key={s.index}>
                    <td>{s.index}</td>
                    <td>
                      ({s.initialCell.row.toFixed(2)}, {s.initialCell.col.toFixed(2)})
                    </td>
                    <td>
                      ({s.learnedCell.row.toFixed(2)}, {s.learnedCell.col.toFixed(2)})
                      {current && outsideMap(s.learnedCell, current) && <abbr title="Outside the sampled map: AKConv clamps it to the border (weight up to 2 per axis)."> clamped</abbr>}
                    </td>
                    <td>{s.offset.toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        )}
      </div>
    </Section>
  );
}
