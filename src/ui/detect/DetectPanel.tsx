/**
 * Live detection, as the viewer (`viewer/viewer.ts`) has it: the frame on
 * screen with the boxes and masks of that very frame, the list of
 * detections, and the A/B view. The panel owns no source: it renders the
 * viewer's snapshot and sends the user's actions to it.
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BUNDLED_MODELS } from '../../runtime/bundled-models';
import type { FrameDetections } from '../../runtime/protocol';
import { useAppStore } from '../../state/store';
import { useEngine, useEngineHandle, useViewer, useViewerHandle } from '../app-context';
import { framesPng } from '../figure/download';
import { FigureDownloads } from '../figure/FigureDownloads';
import { isModelDrop, openModelFiles } from '../open-model-files';
import { AbComparison } from './AbComparison';
import { DetectionControls } from './DetectionControls';
import { DetectionList } from './DetectionList';
import { DetectionProvenance } from './DetectionProvenance';
import { drawDetections, scaledDetections } from './draw';
import { drawTrace } from './draw-trace';
import { ExportVideo } from './ExportVideo';
import { SaveResults } from './SaveResults';
import { SourceBar } from './SourceBar';
import { useDetectionTrace } from './useDetectionTrace';
import { UntrainedBoxes, useHiddenBoxes } from './UntrainedBoxes';
import { VideoSlot } from './VideoSlot';

const countLabel = (r: FrameDetections | null) => (r ? `${r.detections.length} detection${r.detections.length === 1 ? '' : 's'}` : 'waiting');

/** The Fullscreen API is missing on some phones (iOS Safari for elements): no button there. */
const canFullscreen = typeof document !== 'undefined' && document.fullscreenEnabled === true;

export function DetectPanel() {
  const engine = useEngineHandle();
  const viewer = useViewerHandle();
  const mainCanvas = useRef<HTMLCanvasElement>(null);
  const compareCanvas = useRef<HTMLCanvasElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const frame = useViewer((v) => v.frame);
  const size = useViewer((v) => v.size);
  const live = useViewer((v) => v.live);
  const fileName = useViewer((v) => v.fileName);
  const videoFile = useViewer((v) => v.videoFile);
  const video = useViewer((v) => v.video);
  const compareId = useAppStore((s) => s.settings.compare);
  const mirror = useAppStore((s) => s.settings.mirror);
  const hidden = useHiddenBoxes();
  const seen = frame?.result ?? null;
  // An untrained model's boxes are not drawn or listed unless asked for.
  const latest = useMemo(() => (seen && (hidden.main || hidden.compare) ? { ...seen, main: hidden.main ? null : seen.main, compare: hidden.compare ? null : seen.compare } : seen), [seen, hidden.main, hidden.compare]);
  const mainLabel = useEngine((e) => e.main?.label ?? null);
  const compareLabel = useEngine((e) => e.compare?.label) ?? BUNDLED_MODELS.find((m) => m.id === compareId)?.label ?? String(compareId);
  const trace = useDetectionTrace(latest);
  const traced = trace.trace;

  // Draw the frame and its own result before the browser paints (the canvas is sized by its attributes, so it keeps its box meanwhile).
  useLayoutEffect(() => {
    const flip = !!frame?.fromCamera && mirror;
    for (const [canvas, res] of [[mainCanvas.current, latest?.main ?? null], [compareCanvas.current, latest?.compare ?? null]] as const) {
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) continue;
      // The attributes follow `size` from the first render; a canvas resized behind React's back is put right.
      if (canvas.width !== size.width || canvas.height !== size.height) Object.assign(canvas, size);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      if (!frame) continue;
      ctx.setTransform(flip ? -1 : 1, 0, 0, 1, flip ? canvas.width : 0, 0);
      ctx.drawImage(frame.image, 0, 0, canvas.width, canvas.height);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      // The picture is the image itself, or a huge photo shrunk (the result is in the image's own pixels).
      const k = latest ? canvas.width / latest.image.width : 1;
      if (res) drawDetections(ctx, scaledDetections(res, k), canvas.width, canvas.height, canvas.clientWidth || canvas.width);
      if (res && traced && canvas === mainCanvas.current) {
        ctx.setTransform(k, 0, 0, k, 0, 0);
        drawTrace(ctx, traced, canvas.width / k, canvas.clientWidth || canvas.width);
        ctx.setTransform(1, 0, 0, 1, 0, 0);
      }
    }
  }, [frame, latest, mirror, compareId, traced, size]);

  const onDrop = (files: File[]) => {
    // Weights (and a YAML) dropped on the frame open as the model, not as an image.
    if (isModelDrop(files)) void openModelFiles(engine, files);
    else if (files[0]) void viewer.openFile(files[0]);
  };

  return (
    <section className="panel detect-panel" aria-labelledby="detect-heading">
      {/* One row for the heading and the frame's buttons: every line above the frame pushes it off a laptop's first screen. */}
      <div className="panel-heading">
        <h2 id="detect-heading">Detection</h2>
        <FigureDownloads name="detection" label="the detection frame" png={() => framesPng([mainCanvas.current, compareCanvas.current])} />
        {canFullscreen && (
          <button type="button" onClick={() => void stage.current?.requestFullscreen().catch(() => useAppStore.getState().notify('warning', 'The browser refused fullscreen for the detection frame.'))}>
            Fullscreen
          </button>
        )}
      </div>
      <SourceBar />
      <div ref={stage} className={compareId ? 'stage ab' : 'stage'} onDragOver={(e) => e.preventDefault()} onDrop={(e) => {
        e.preventDefault();
        onDrop([...e.dataTransfer.files]);
      }}>
        <figure>
          <canvas ref={mainCanvas} width={size.width} height={size.height} className="frame" aria-label="Frame with detections" data-testid="main-canvas" data-frame={frame?.result?.frameId ?? undefined} tabIndex={0} aria-keyshortcuts="ArrowRight ArrowLeft Escape" onClick={trace.onCanvasClick} onKeyDown={trace.onCanvasKeyDown} />
          {compareId && <figcaption data-testid="caption-a">A: {mainLabel} — {countLabel(latest?.main ?? null)}</figcaption>}
        </figure>
        {compareId && (
          <figure>
            <canvas ref={compareCanvas} width={size.width} height={size.height} className="frame" aria-label="Frame with the second model's detections" />
            <figcaption data-testid="caption-b">B: {compareLabel} — {countLabel(latest?.compare ?? null)}</figcaption>
          </figure>
        )}
        {/* The opened video's own controls (play, pause, seek); the canvas above shows its detected frames. */}
        {live === 'video' && video && <VideoSlot video={video} />}
      </div>
      <DetectionProvenance trace={traced} hasSelection={trace.hasSelection} />
      <UntrainedBoxes />
      <DetectionControls />
      <SaveResults canvas={mainCanvas} result={latest} name={fileName} />
      {live === 'video' && videoFile && <ExportVideo file={videoFile} />}
      {compareId ? (
        <AbComparison labelA={mainLabel ?? 'A'} labelB={compareLabel} a={latest?.main ?? null} b={latest?.compare ?? null} />
      ) : hidden.main ? null : (
        <DetectionList result={latest?.main ?? null} selected={trace.index} onSelect={trace.select} />
      )}
    </section>
  );
}
