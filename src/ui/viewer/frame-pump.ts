/**
 * Feeds a playing video or the webcam to the engine: one frame per new
 * video frame while fewer than two are with the engine (one detecting, one
 * waiting), so the page never makes frames the engine would only drop. A
 * paused video sends the frame a seek lands on, as a still (never dropped).
 */
import type { FrameKind } from '../../runtime/protocol';

/** Frames with the engine at most: one detecting and one waiting. */
export const IN_FLIGHT = 2;

export interface FramePump {
  stop(): void;
}

/**
 * Starts pumping `video`: `send` takes the current frame and resolves once it
 * is with the engine (its pixels copied out), and `inFlight` counts the frames
 * with the engine.
 */
export function pumpFrames(video: HTMLVideoElement, send: (kind: FrameKind) => Promise<void>, inFlight: () => number): FramePump {
  let stopped = false;
  let lastTime = -1;
  let raf = 0;
  /** Frames being sent, not yet with the engine. */
  let making = 0;
  const take = (kind: FrameKind) => {
    if (!video.videoWidth) return;
    making++;
    void send(kind).finally(() => void making--);
  };
  const tick = () => {
    if (stopped) return;
    if (video.readyState >= 2 && !video.paused && video.currentTime !== lastTime && inFlight() + making < IN_FLIGHT) {
      lastTime = video.currentTime;
      take('live');
    }
    raf = requestAnimationFrame(tick);
  };
  const onSeeked = () => video.paused && take('still');
  video.addEventListener('seeked', onSeeked);
  raf = requestAnimationFrame(tick);
  return {
    stop() {
      stopped = true;
      cancelAnimationFrame(raf);
      video.removeEventListener('seeked', onSeeked);
    },
  };
}
