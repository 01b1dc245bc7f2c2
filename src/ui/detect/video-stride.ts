/** detect.py's --vid-stride for the video export: keep one frame in every `stride`. */

export const MAX_STRIDE = 30;

/** The stride typed into the export's field, or the sentence that says why it is not one. */
export function parseStride(text: string): { stride: number } | { error: string } {
  const t = text.trim();
  const n = Number(t);
  if (!/^\d+$/.test(t) || n < 1 || n > MAX_STRIDE) return { error: `The frame stride must be a whole number from 1 to ${MAX_STRIDE}, not '${text}'.` };
  return { stride: n };
}

/** Frames an export of `frames` frames keeps: frame 0, stride, 2 stride, ... */
export function strideFrames(frames: number, stride: number): number {
  return Math.ceil(frames / stride);
}

/** The frame rate the MediaRecorder fallback assumes (without a demuxer it cannot read the file's). */
export const ASSUMED_FPS = 30;

/** The times (s) of the frames the fallback keeps: 0, stride / fps, 2 stride / fps, ... before the end. */
export function keptFrameTimes(duration: number, stride: number, fps = ASSUMED_FPS): number[] {
  const times: number[] = [];
  for (let k = 0; (k * stride) / fps < duration; k++) times.push((k * stride) / fps);
  return times;
}
