/**
 * Live detection: sample photos, uploaded images and videos, the webcam;
 * boxes and masks over the frame, the list of detections, and the A/B view.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DetectResult } from '../../detect/detector';
import type { RgbImage } from '../../io/image';
import { decodeImageBlob, imageSourceToRgb } from '../../io/image-browser';
import { BUNDLED_MODELS } from '../../runtime/engine';
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

const countLabel = (r: DetectResult | null) => (r ? `${r.detections.length} detection${r.detections.length === 1 ? '' : 's'}` : 'waiting');

export function DetectPanel({ detector, onFrame }: { detector: DetectorHandle; onFrame: (image: RgbImage) => void }) {
  const mainCanvas = useRef<HTMLCanvasElement>(null);
  const compareCanvas = useRef<HTMLCanvasElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [result, setResult] = useState<DetectResult | null>(null);
  const [compareResult, setCompareResult] = useState<DetectResult | null>(null);
  const [live, setLive] = useState<'none' | 'webcam' | 'video'>('none');
  const frame = useRef<Frame | null>(null);
  const settings = useAppStore((s) => s.settings);
  const names = useAppStore((s) => s.runtime.names);
  const busy = useAppStore((s) => s.runtime.busy);
  const modelLabel = useAppStore((s) => s.runtime.modelLabel);
  const lastFrameAt = useRef(0);

  const show = useCallback(
    async (f: Frame) => {
      frame.current = f;
      // A live frame arriving while one is processed is skipped; a still one (a photo, a
      // paused video) waits its turn unless a newer frame replaced it meanwhile.
      const still = !(f.source instanceof HTMLVideoElement) || f.source.paused;
      let r = await detector.run(f.image);
      while (!r && still && frame.current === f) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        r = await detector.run(f.image);
      }
      if (!r) return;
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
      setCompareResult(r.compare);
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

  const stopVideo = useCallback(() => {
    const v = video.current;
    if (!v) return;
    v.pause();
    const stream = v.srcObject as MediaStream | null;
    stream?.getTracks().forEach((t) => t.stop());
    v.srcObject = null;
    if (v.src) URL.revokeObjectURL(v.src);
    v.removeAttribute('src');
    setLive('none');
  }, []);

  /** An opened, dropped or pasted file: a video plays (detection per frame), an image is shown. */
  const openFile = useCallback(
    (file: File) => {
      const { update, notify } = useAppStore.getState();
      stopVideo();
      if (!file.type.startsWith('video/')) {
        update({ source: 'image' });
        void showBlob(file, file.name);
        return;
      }
      const v = video.current;
      if (!v) return;
      v.src = URL.createObjectURL(file);
      update({ source: 'video' });
      v.play().then(
        () => setLive('video'),
        () => notify('error', `${file.name}: this browser cannot play this video. Try WebM (VP8/VP9) or MP4 (H.264).`),
      );
    },
    [stopVideo, showBlob],
  );

  // A paused video still answers seeking: detect the frame it lands on.
  useEffect(() => {
    const v = video.current;
    if (live !== 'video' || !v) return;
    const onSeeked = () => {
      if (v.paused && v.videoWidth) void show({ image: imageSourceToRgb(v, v.videoWidth, v.videoHeight), source: v });
    };
    v.addEventListener('seeked', onSeeked);
    return () => v.removeEventListener('seeked', onSeeked);
  }, [live, show]);

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
      <SourceBar video={video} onBlob={showBlob} onFile={openFile} onLive={setLive} stopVideo={stopVideo} live={live} />
      <div className={settings.compare ? 'stage ab' : 'stage'} onDragOver={(e) => e.preventDefault()} onDrop={(e) => {
        e.preventDefault();
        const file = e.dataTransfer.files[0];
        if (file) openFile(file);
      }}>
        <figure>
          <canvas ref={mainCanvas} className="frame" aria-label="Frame with detections" data-testid="main-canvas" />
          {settings.compare && <figcaption data-testid="caption-a">A: {modelLabel} — {countLabel(result)}</figcaption>}
        </figure>
        {settings.compare && (
          <figure>
            <canvas ref={compareCanvas} className="frame" aria-label="Frame with the second model's detections" />
            <figcaption data-testid="caption-b">B: {BUNDLED_MODELS.find((m) => m.id === settings.compare)?.label ?? settings.compare} — {countLabel(compareResult)}</figcaption>
          </figure>
        )}
        <video ref={video} className="hidden-video" playsInline muted controls={live === 'video'} aria-label="Video source" />
      </div>
      <DetectionControls />
      <DetectionList result={result} names={names} />
    </section>
  );
}
