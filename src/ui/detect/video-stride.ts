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
