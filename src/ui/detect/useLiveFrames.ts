/**
 * Feeds a playing video or the webcam to the engine: one bitmap per new
 * video frame while fewer than two are with the engine (one detecting, one
 * waiting), so the page never makes frames the engine would only drop. A
 * paused video sends the frame a seek lands on, as a still (never dropped).
 */
import type { RefObject } from 'react';
import { useEffect } from 'react';
import { engine } from '../engine';
import type { LiveKind } from './DetectPanel';

/** Frames with the engine at most: one detecting and one waiting. */
const IN_FLIGHT = 2;

export function useLiveFrames(video: RefObject<HTMLVideoElement | null>, live: LiveKind, display: RefObject<{ source: CanvasImageSource; width: number; height: number } | null>): void {
  useEffect(() => {
    const v = video.current;
    if (live === 'none' || !v) return;
    let stopped = false;
    let lastTime = -1;
    let raf = 0;
    /** Bitmaps being made, not yet with the engine. */
    let making = 0;
    const send = (kind: 'live' | 'still') => {
      if (!v.videoWidth) return;
      display.current = { source: v, width: v.videoWidth, height: v.videoHeight };
      making++;
      void createImageBitmap(v)
        .then((bitmap) => {
          making--;
          return stopped && kind === 'live' ? bitmap.close() : engine.detect(kind, bitmap);
        })
        .catch(() => void making--);
    };
    const tick = () => {
      if (stopped) return;
      if (v.readyState >= 2 && !v.paused && v.currentTime !== lastTime && engine.pending + making < IN_FLIGHT) {
        lastTime = v.currentTime;
        send('live');
      }
      raf = requestAnimationFrame(tick);
    };
    const onSeeked = () => v.paused && send('still');
    v.addEventListener('seeked', onSeeked);
    raf = requestAnimationFrame(tick);
    return () => {
      stopped = true;
      cancelAnimationFrame(raf);
      v.removeEventListener('seeked', onSeeked);
    };
  }, [video, live, display]);
}
