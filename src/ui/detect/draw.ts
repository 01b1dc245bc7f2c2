/** Drawing detections over a frame on a 2D canvas. */
import type { FrameDetections } from '../../runtime/protocol';
import { maskToImage } from '../../detect/masks';
import { imagePxPerCssPx, LABEL_CSS_PX, labelRect, LINE_CSS_PX } from './label-layout';

/** A stable, distinct colour per class (golden-angle hues). */
export function classColor(classId: number, alpha = 1): string {
  return `hsla(${(classId * 137.508) % 360}, 85%, 55%, ${alpha})`;
}

/**
 * The detections as drawn on a picture `k` times the image's size (a huge
 * photo is shown shrunk): boxes scaled; masks stay in the letterbox, which
 * drawDetections maps onto whatever size it draws at.
 */
export function scaledDetections(result: FrameDetections, k: number): FrameDetections {
  if (k === 1) return result;
  return { ...result, detections: result.detections.map((d) => ({ ...d, box: [d.box[0] * k, d.box[1] * k, d.box[2] * k, d.box[3] * k] })) };
}

/** Draws masks, boxes and labels; `displayedWidth` (CSS pixels) sizes labels and lines for the screen. */
export function drawDetections(ctx: CanvasRenderingContext2D, result: FrameDetections, width: number, height: number, displayedWidth: number): void {
  const scale = imagePxPerCssPx(width, displayedWidth);
  const lineWidth = Math.max(1, LINE_CSS_PX * scale);
  const fontPx = LABEL_CSS_PX * scale;
  const pad = Math.round(3 * scale);
  ctx.lineWidth = lineWidth;
  ctx.font = `${fontPx}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  // The masks are blended one after another into one read-back of the frame (not one per mask: a live frame can hold dozens).
  const masked = result.detections.flatMap((d) => (d.mask ? [{ mask: d.mask, classId: d.classId }] : []));
  if (masked.length) {
    const img = ctx.getImageData(0, 0, width, height);
    for (const { mask, classId } of masked) {
      const m = maskToImage(mask, result.letterbox.pad, result.letterbox.resized, width, height);
      const [r, g, b] = hslToRgb(((classId * 137.508) % 360) / 360, 0.85, 0.55);
      for (let i = 0; i < m.data.length; i++) {
        if (!m.data[i]) continue;
        img.data[4 * i] = (img.data[4 * i]! + r) >> 1;
        img.data[4 * i + 1] = (img.data[4 * i + 1]! + g) >> 1;
        img.data[4 * i + 2] = (img.data[4 * i + 2]! + b) >> 1;
      }
    }
    ctx.putImageData(img, 0, 0);
  }
  for (const d of result.detections) {
    const [x1, y1, x2, y2] = d.box;
    ctx.strokeStyle = classColor(d.classId);
    ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
    const label = `${d.label} ${d.score.toFixed(2)}`;
    const r = labelRect(x1, y1, ctx.measureText(label).width + 2 * pad, fontPx + 2 * pad, width, height);
    ctx.fillStyle = classColor(d.classId);
    ctx.fillRect(r.x, r.y, r.width, r.height);
    ctx.fillStyle = '#000';
    ctx.fillText(label, r.x + pad, r.y + pad);
  }
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + h * 12) % 12;
    const a = s * Math.min(l, 1 - l);
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}
