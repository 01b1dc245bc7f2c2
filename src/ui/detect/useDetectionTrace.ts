/**
 * The selected detection of the detection panel and what selecting does.
 * Selecting (a click on a box, a key on the frame or on a list row, hovering
 * a row) is a user action: its handler marks the detection and sets the
 * `pixel` setting to the AKConv output pixel under the detection's head cell,
 * so the offsets panel (which reads `layer` and `pixel`) shows that pixel
 * too; a click or a key also opens that panel, whose field the samples come
 * from. The selection itself is the viewer's (viewer.ts: what the user
 * looks at lives outside React), kept by the detection's prediction row and
 * class, so it survives a re-detection of the same frame (a new threshold)
 * and simply finds nothing on another one; a new source clears it.
 */
import type { KeyboardEvent, MouseEvent } from 'react';
import { useMemo } from 'react';
import type { FrameResult } from '../../runtime/protocol';
import { useAppStore } from '../../state/store';
import type { Settings } from '../../state/settings';
import { useEngine, useViewer, useViewerHandle } from '../app-context';
import type { DetectionTrace, SelectHow } from './detection-trace';
import { boxAt, detectionKey, indexOfKey, stepIndex, traceDetection, traceSite } from './detection-trace';

export interface TraceControls {
  /** The selected detection's index in the frame's list (-1: none, or not in this frame). */
  index: number;
  /** Whether a detection is selected, in this frame or not. */
  hasSelection: boolean;
  trace: DetectionTrace | null;
  select(index: number, how: SelectHow): void;
  clear(): void;
  onCanvasClick(e: MouseEvent<HTMLCanvasElement>): void;
  onCanvasKeyDown(e: KeyboardEvent<HTMLCanvasElement>): void;
}

const NEXT_KEYS: Record<string, 1 | -1> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

export function useDetectionTrace(latest: FrameResult | null): TraceControls {
  const viewer = useViewerHandle();
  const key = useViewer((v) => v.selected);
  const setKey = (k: string | null) => viewer.select(k);
  const sites = useEngine((e) => e.main?.sites ?? null);
  const layer = useAppStore((s) => s.settings.layer);
  const main = latest?.main ?? null;
  const site = traceSite(sites ?? [], layer);
  const index = indexOfKey(main, key);
  const field = latest?.field ?? null;
  const trace = useMemo(() => (main && index >= 0 ? traceDetection(main, index, site, field) : null), [main, index, site, field]);

  const select = (i: number, how: SelectHow) => {
    const d = main?.detections[i];
    const k = d ? detectionKey(d) : null;
    if (!main || k === null) return;
    setKey(k);
    const pixel = traceDetection(main, i, site, null)?.akconv?.path.pixel ?? null;
    const { settings, update } = useAppStore.getState();
    const patch: Partial<Settings> = {};
    if (pixel && (settings.pixel?.[0] !== pixel[0] || settings.pixel?.[1] !== pixel[1])) patch.pixel = pixel;
    // The samples come from the offsets panel's field: a deliberate selection opens it (a hover does not).
    if (how !== 'hover' && site && !settings.panels.includes('offsets')) patch.panels = [...settings.panels, 'offsets'];
    if (Object.keys(patch).length) update(patch);
  };
  const clear = () => setKey(null);

  const onCanvasClick = (e: MouseEvent<HTMLCanvasElement>) => {
    const canvas = e.currentTarget;
    const rect = canvas.getBoundingClientRect();
    if (!main || !rect.width || !rect.height) return;
    // In the image's own pixels (the picture on screen may be a huge photo shrunk).
    const image = latest?.image ?? { width: canvas.width, height: canvas.height };
    const x = ((e.clientX - rect.left) * image.width) / rect.width;
    const y = ((e.clientY - rect.top) * image.height) / rect.height;
    const i = boxAt(main.detections, x, y);
    if (i < 0) clear();
    else select(i, 'click');
  };

  const onCanvasKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (e.key === 'Escape') {
      clear();
      e.preventDefault();
      return;
    }
    const step = NEXT_KEYS[e.key];
    if (!step || !main?.detections.length) return;
    e.preventDefault();
    select(stepIndex(index, main.detections.length, step), 'key');
  };

  return { index, hasSelection: key !== null, trace, select, clear, onCanvasClick, onCanvasKeyDown };
}
