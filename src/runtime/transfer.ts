/** The buffers of a frame result that can move to the other thread instead of being copied. */
import type { FrameResult } from './protocol';

export function resultBuffers(result: FrameResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (a: unknown) => {
    if (ArrayBuffer.isView(a) && a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  };
  add(result.fieldInput?.data);
  if (result.field) Object.values(result.field).forEach(add);
  for (const d of [...(result.main?.detections ?? []), ...(result.compare?.detections ?? [])]) add(d.mask?.data);
  return [...buffers];
}
