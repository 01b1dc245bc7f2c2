/** Drawing detections over a frame on a 2D canvas. */
import type { FrameDetections } from '../../runtime/protocol';
import { maskToImage } from '../../detect/masks';

/** A stable, distinct colour per class (golden-angle hues). */
export function classColor(classId: number, alpha = 1): string {
  return `hsla(${(classId * 137.508) % 360}, 85%, 55%, ${alpha})`;
}

export function drawDetections(ctx: CanvasRenderingContext2D, result: FrameDetections, width: number, height: number): void {
  const lineWidth = Math.max(2, Math.round(Math.min(width, height) / 240));
  ctx.lineWidth = lineWidth;
  ctx.font = `${Math.max(12, lineWidth * 6)}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  for (const d of result.detections) {
    if (d.mask) {
      const m = maskToImage(d.mask, result.letterbox.pad, result.letterbox.resized, width, height);
      const img = ctx.getImageData(0, 0, width, height);
      const [r, g, b] = hslToRgb(((d.classId * 137.508) % 360) / 360, 0.85, 0.55);
      for (let i = 0; i < m.data.length; i++) {
        if (!m.data[i]) continue;
        img.data[4 * i] = (img.data[4 * i]! + r) >> 1;
        img.data[4 * i + 1] = (img.data[4 * i + 1]! + g) >> 1;
        img.data[4 * i + 2] = (img.data[4 * i + 2]! + b) >> 1;
      }
      ctx.putImageData(img, 0, 0);
    }
  }
  for (const d of result.detections) {
    const [x1, y1, x2, y2] = d.box;
    ctx.strokeStyle = classColor(d.classId);
    ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
    const label = `${d.label} ${d.score.toFixed(2)}`;
    const tw = ctx.measureText(label).width + 8;
    const th = lineWidth * 6 + 6;
    const ty = y1 - th < 0 ? y1 : y1 - th;
    ctx.fillStyle = classColor(d.classId);
    ctx.fillRect(x1, ty, tw, th);
    ctx.fillStyle = '#000';
    ctx.fillText(label, x1 + 4, ty + 3);
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
