/**
 * Live detection: sample photos, uploaded images and videos, the webcam;
 * boxes and masks over the frame, the list of detections, and the A/B view.
 * Frames go to the engine as ImageBitmaps; what comes back is drawn when it
 * arrives. Re-detection of a still frame after a settings change is the
 * engine's job (it keeps the frame).
 */
import type { CSSProperties } from 'react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BUNDLED_MODELS } from '../../runtime/bundled-models';
import type { FrameDetections, FrameResult } from '../../runtime/protocol';
import { useAppStore } from '../../state/store';
import { isModelDrop, openModelFiles } from '../open-model-files';
import { engine, useEngine } from '../engine';
import { framesPng } from '../figure/download';
import { FigureDownloads } from '../figure/FigureDownloads';
import { stopCamera } from './camera';
import { AbComparison } from './AbComparison';
import { DetectionControls } from './DetectionControls';
import { DetectionList } from './DetectionList';
import { DetectionProvenance } from './DetectionProvenance';
import { drawDetections } from './draw';
import { drawTrace } from './draw-trace';
import { ExportVideo } from './ExportVideo';
import { SaveResults } from './SaveResults';
import { SourceBar } from './SourceBar';
import { useLiveFrames } from './useLiveFrames';
import { useDetectionTrace } from './useDetectionTrace';
import { UntrainedBoxes, useHiddenBoxes } from './UntrainedBoxes';

export type LiveKind = 'none' | 'webcam' | 'video';

/** What is drawn under the boxes: the still's own bitmap, or the playing video. */
interface Display {
  source: CanvasImageSource;
  width: number;
  height: number;
}

const countLabel = (r: FrameDetections | null) => (r ? `${r.detections.length} detection${r.detections.length === 1 ? '' : 's'}` : 'waiting');

/** Options that read a photo's pixels as stored (as the CLI and the reference do). */
const AS_STORED: ImageBitmapOptions = { colorSpaceConversion: 'none', premultiplyAlpha: 'none' };

/** Out of sight and layout, yet still playing (display: none could stop a browser from decoding it). */
const VISUALLY_HIDDEN: CSSProperties = { position: 'absolute', width: 1, height: 1, opacity: 0, pointerEvents: 'none', overflow: 'hidden' };

/** The Fullscreen API is missing on some phones (iOS Safari for elements): no button there. */
const canFullscreen = typeof document !== 'undefined' && document.fullscreenEnabled === true;

/** What the source bar calls the camera's last frame once the camera is stopped. */
const CAMERA_FRAME_NAME = 'last camera frame';

/** Notices about the frame's source carry this topic: a source that works dismisses them. */
const SOURCE_TOPIC = 'source';

export function DetectPanel() {
  const mainCanvas = useRef<HTMLCanvasElement>(null);
  const compareCanvas = useRef<HTMLCanvasElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const display = useRef<Display | null>(null);
  const stage = useRef<HTMLDivElement>(null);
  const [live, setLive] = useState<LiveKind>('none');
  /** The opened file's name (null for a sample photo or the webcam). */
  const [fileName, setFileName] = useState<string | null>(null);
  /** The opened video file, for the annotated export. */
  const [videoFile, setVideoFile] = useState<File | null>(null);
  /** A result of a source that is gone (an unplayable video replaced it): not drawn or listed. */
  const [stale, setStale] = useState<FrameResult | null>(null);
  const compareId = useAppStore((s) => s.settings.compare);
  const mirror = useAppStore((s) => s.settings.mirror);
  const engineLatest = useEngine((e) => e.latest);
  const hidden = useHiddenBoxes();
  const seen = engineLatest === stale ? null : engineLatest;
  // An untrained model's boxes are not drawn or listed unless asked for.
  const latest = useMemo(() => (seen && (hidden.main || hidden.compare) ? { ...seen, main: hidden.main ? null : seen.main, compare: hidden.compare ? null : seen.compare } : seen), [seen, hidden.main, hidden.compare]);
  const mainLabel = useEngine((e) => e.main?.label ?? null);
  const compareLabel = useEngine((e) => e.compare?.label) ?? BUNDLED_MODELS.find((m) => m.id === compareId)?.label ?? String(compareId);
  const trace = useDetectionTrace(latest);
  const traced = trace.trace;

  // Draw each result over the frame it belongs to (the still, or the video now).
  useEffect(() => {
    const d = display.current;
    const flip = live === 'webcam' && mirror;
    for (const [canvas, res] of [[mainCanvas.current, latest?.main ?? null], [compareCanvas.current, latest?.compare ?? null]] as const) {
      if (!canvas) continue;
      const ctx = canvas.getContext('2d');
      if (!ctx) continue;
      if (!d) {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        continue;
      }
      canvas.width = d.width;
      canvas.height = d.height;
      ctx.setTransform(flip ? -1 : 1, 0, 0, 1, flip ? d.width : 0, 0);
      ctx.drawImage(d.source, 0, 0);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      if (res) drawDetections(ctx, res, d.width, d.height, canvas.clientWidth || d.width);
      if (res && traced && canvas === mainCanvas.current) drawTrace(ctx, traced, d.width, canvas.clientWidth || d.width);
    }
  }, [latest, live, mirror, compareId, traced]);

  /** Shows a decoded photo and detects on it; `source` is the setting to switch to (none: a sample, already chosen). */
  const showBitmap = useCallback(async (bitmap: ImageBitmap, name: string, source?: 'image') => {
    const { resolve, update } = useAppStore.getState();
    const old = display.current?.source;
    if (old instanceof ImageBitmap) old.close();
    display.current = { source: bitmap, width: bitmap.width, height: bitmap.height };
    resolve(SOURCE_TOPIC);
    setFileName(source ? name : null);
    if (source) update({ source });
    setLive('none');
    // The engine gets its own copy: the one sent is transferred away.
    await engine.detect('still', await createImageBitmap(bitmap));
  }, []);

  /**
   * Shows a photo and detects on it. A file that does not decode changes nothing
   * (the photo on screen and the source setting stay).
   */
  const showBlob = useCallback(async (blob: Blob, name: string, source?: 'image') => {
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(blob, AS_STORED);
    } catch {
      useAppStore.getState().notify('error', `Cannot read ${name}: it is not an image this browser can decode.`, SOURCE_TOPIC);
      return;
    }
    await showBitmap(bitmap, name, source);
  }, [showBitmap]);

  const stopVideo = useCallback(() => {
    const v = video.current;
    stopCamera(v);
    if (v) {
      v.pause();
      if (v.src) URL.revokeObjectURL(v.src);
      v.removeAttribute('src');
      v.load();
    }
    setLive('none');
  }, []);

  /**
   * Stop camera: its last frame stays on screen as a still (detected again, traceable, saved like a
   * photo) instead of a black frame, and the link no longer starts the camera. The still is the
   * image the model received, so it is not mirrored.
   */
  const stopWebcam = useCallback(async () => {
    const v = video.current;
    const last = v && v.videoWidth > 0 ? await createImageBitmap(v).catch(() => null) : null;
    stopVideo();
    if (last) await showBitmap(last, CAMERA_FRAME_NAME, 'image');
    else useAppStore.getState().update({ source: 'sample' });
  }, [stopVideo, showBitmap]);

  // Leaving the panel (it is unticked) stops the camera with it.
  useEffect(() => () => stopCamera(), []);

  /** The video cannot play: nothing of the clip or camera it replaced may stay drawn or listed. */
  const clearFrame = useCallback(() => {
    if (display.current?.source !== video.current) return;
    display.current = null;
    setStale(engine.getSnapshot().latest);
    setFileName(null);
  }, []);

  /** An opened, dropped or pasted file: a video plays (detection per frame), an image is shown. */
  const openFile = useCallback(
    (file: File) => {
      if (!file.type.startsWith('video/')) {
        void showBlob(file, file.name, 'image');
        return;
      }
      const { update, notify, resolve } = useAppStore.getState();
      stopVideo();
      const v = video.current;
      if (!v) return;
      v.src = URL.createObjectURL(file);
      update({ source: 'video' });
      v.play().then(
        () => {
          resolve(SOURCE_TOPIC);
          setFileName(file.name);
          setVideoFile(file);
          setStale(engine.getSnapshot().latest);
          setLive('video');
        },
        () => {
          clearFrame();
          notify('error', `${file.name}: this browser cannot play this video. Try WebM (VP8/VP9) or MP4 (H.264).`, SOURCE_TOPIC);
        },
      );
    },
    [stopVideo, showBlob, clearFrame],
  );

  const onLive = useCallback((kind: LiveKind) => {
    const v = video.current;
    if (kind !== 'none' && v) {
      display.current = { source: v, width: v.videoWidth, height: v.videoHeight };
      useAppStore.getState().resolve(SOURCE_TOPIC);
      setFileName(null);
    }
    setLive(kind);
  }, []);

  useLiveFrames(video, live, display);

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
      <SourceBar video={video} onBlob={showBlob} onFile={openFile} onLive={onLive} stopVideo={stopVideo} stopWebcam={stopWebcam} live={live} fileName={fileName} />
      <div ref={stage} className={compareId ? 'stage ab' : 'stage'} onDragOver={(e) => e.preventDefault()} onDrop={(e) => {
        e.preventDefault();
        const files = [...e.dataTransfer.files];
        // Weights (and a YAML) dropped on the frame open as the model, not as an image.
        if (isModelDrop(files)) void openModelFiles(files);
        else if (files[0]) openFile(files[0]);
      }}>
        <figure>
          <canvas ref={mainCanvas} className="frame" aria-label="Frame with detections" data-testid="main-canvas" tabIndex={0} aria-keyshortcuts="ArrowRight ArrowLeft Escape" onClick={trace.onCanvasClick} onKeyDown={trace.onCanvasKeyDown} />
          {compareId && <figcaption data-testid="caption-a">A: {mainLabel} — {countLabel(latest?.main ?? null)}</figcaption>}
        </figure>
        {compareId && (
          <figure>
            <canvas ref={compareCanvas} className="frame" aria-label="Frame with the second model's detections" />
            <figcaption data-testid="caption-b">B: {compareLabel} — {countLabel(latest?.compare ?? null)}</figcaption>
          </figure>
        )}
        {/* The webcam's raw video must keep playing (frames come from it) but not show: the canvas shows it. */}
        <video ref={video} className="hidden-video" style={live === 'video' ? undefined : VISUALLY_HIDDEN} playsInline muted controls={live === 'video'} aria-label="Video source" />
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
