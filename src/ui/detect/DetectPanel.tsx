/**
 * Live detection: sample photos, uploaded images and videos, the webcam;
 * boxes and masks over the frame, the list of detections, and the A/B view.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DetectResult } from '../../detect/detector';
import type { RgbImage } from '../../io/image';
import { decodeImageBlob, imageSourceToRgb } from '../../io/image-browser';
import { useAppStore } from '../../state/store';
import { DetectionControls } from './DetectionControls';
import { DetectionList } from './DetectionList';
import { drawDetections } from './draw';
import { SourceBar } from './SourceBar';
import type { DetectorHandle } from './useDetector';

export interface Frame {
  image: RgbImage;
  /** What to draw under the boxes. */
  source: CanvasImageSource;
}

export function DetectPanel({ detector, onFrame }: { detector: DetectorHandle; onFrame: (image: RgbImage) => void }) {
  const mainCanvas = useRef<HTMLCanvasElement>(null);
  const compareCanvas = useRef<HTMLCanvasElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [result, setResult] = useState<DetectResult | null>(null);
  const [live, setLive] = useState<'none' | 'webcam' | 'video'>('none');
  const frame = useRef<Frame | null>(null);
  const settings = useAppStore((s) => s.settings);
  const names = useAppStore((s) => s.runtime.names);
  const busy = useAppStore((s) => s.runtime.busy);
  const lastFrameAt = useRef(0);

  const show = useCallback(
    async (f: Frame) => {
      frame.current = f;
      const r = await detector.run(f.image);
      if (!r) return; // a frame is still being processed: skip this one
      const now = performance.now();
      const { runtime, setRuntime } = useAppStore.getState();
      setRuntime({ frames: runtime.frames + 1, ...(lastFrameAt.current ? { fps: 1000 / (now - lastFrameAt.current) } : {}) });
      lastFrameAt.current = now;
      for (const [canvas, res] of [[mainCanvas.current, r.main], [compareCanvas.current, r.compare]] as const) {
        if (!canvas) continue;
        canvas.width = f.image.width;
        canvas.height = f.image.height;
        const ctx = canvas.getContext('2d');
        if (!ctx) continue;
        const mirror = live === 'webcam' && settings.mirror;
        ctx.setTransform(mirror ? -1 : 1, 0, 0, 1, mirror ? f.image.width : 0, 0);
        ctx.drawImage(f.source, 0, 0);
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        if (res) drawDetections(ctx, res, names, f.image.width, f.image.height);
      }
      if (r.main) setResult(r.main);
      onFrame(f.image);
    },
    [detector, names, live, settings.mirror, onFrame],
  );

  const showBlob = useCallback(
    async (blob: Blob, name: string) => {
      try {
        const image = await decodeImageBlob(blob, name);
        const bitmap = await createImageBitmap(blob);
        setLive('none');
        await show({ image, source: bitmap });
      } catch (e) {
        useAppStore.getState().notify('error', (e as Error).message);
      }
    },
    [show],
  );

  // Re-run on the current still frame when thresholds or the model change.
  useEffect(() => {
    if (live === 'none' && frame.current && !busy) void show(frame.current);
  }, [settings.conf, settings.iou, settings.maxDet, settings.classes, settings.imageSize, settings.model, settings.compare, settings.customShape, settings.convention, busy, live, show]);

  // Live sources: one detection per displayed frame, never more than one in flight.
  useEffect(() => {
    if (live === 'none') return;
    let stop = false;
    const tick = async () => {
      const v = video.current;
      if (stop || !v) return;
      if (v.readyState >= 2 && !v.paused && v.videoWidth) {
        const image = imageSourceToRgb(v, v.videoWidth, v.videoHeight);
        await show({ image, source: v });
      }
      if (!stop) requestAnimationFrame(() => void tick());
    };
    void tick();
    return () => {
      stop = true;
    };
  }, [live, show]);

  return (
    <section className="panel detect-panel" aria-labelledby="detect-heading">
      <h2 id="detect-heading">Detection</h2>
      <SourceBar video={video} onBlob={showBlob} onLive={setLive} live={live} />
      <div className={settings.compare ? 'stage ab' : 'stage'} onDragOver={(e) => e.preventDefault()} onDrop={(e) => {
        e.preventDefault();
        const file = e.dataTransfer.files[0];
        if (file) void showBlob(file, file.name);
      }}>
        <figure>
          <canvas ref={mainCanvas} className="frame" aria-label="Frame with detections" data-testid="main-canvas" />
          {settings.compare && <figcaption>A: {settings.model}</figcaption>}
        </figure>
        {settings.compare && (
          <figure>
            <canvas ref={compareCanvas} className="frame" aria-label="Frame with the second model's detections" />
            <figcaption>B: {settings.compare}</figcaption>
          </figure>
        )}
        <video ref={video} className="hidden-video" playsInline muted controls={live === 'video'} aria-label="Video source" />
      </div>
      <DetectionControls />
      <DetectionList result={result} names={names} />
    </section>
  );
}
