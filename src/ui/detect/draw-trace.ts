/**
 * Draws a selected detection's trace over the frame, in image pixels: the
 * box outlined again, its head cell (dashed cyan), the AKConv output pixel
 * under it (dashed magenta) and that pixel's samples (hollow: initial
 * p_0 + p_n; filled: learned; a line joins each pair).
 */
import type { DetectionTrace, ImageRect } from './detection-trace';
import { imagePxPerCssPx, LINE_CSS_PX } from './label-layout';

export const TRACE_COLORS = { cell: '#22d3ee', akconv: '#e879f9', learned: '#facc15', initial: '#ffffff' } as const;

function dashedRect(ctx: CanvasRenderingContext2D, r: ImageRect, color: string, scale: number): void {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.setLineDash([6 * scale, 4 * scale]);
  ctx.strokeRect(r.x, r.y, r.width, r.height);
  ctx.restore();
}

export function drawTrace(ctx: CanvasRenderingContext2D, trace: DetectionTrace, width: number, displayedWidth: number): void {
  const scale = imagePxPerCssPx(width, displayedWidth);
  const line = Math.max(1, LINE_CSS_PX * scale);
  const [x1, y1, x2, y2] = trace.detection.box;
  ctx.save();
  // The selected box: a dark halo under a white outline, visible on any class colour.
  ctx.lineWidth = 4 * line;
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.6)';
  ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
  ctx.lineWidth = 2 * line;
  ctx.strokeStyle = '#fff';
  ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
  ctx.lineWidth = line;
  dashedRect(ctx, trace.cell, TRACE_COLORS.cell, scale);
  const ak = trace.akconv;
  if (ak) {
    dashedRect(ctx, ak.square, TRACE_COLORS.akconv, scale);
    const radius = 4 * scale;
    for (const s of ak.samples ?? []) {
      ctx.strokeStyle = TRACE_COLORS.learned;
      ctx.beginPath();
      ctx.moveTo(s.initial.x, s.initial.y);
      ctx.lineTo(s.learned.x, s.learned.y);
      ctx.stroke();
      ctx.strokeStyle = TRACE_COLORS.initial;
      ctx.beginPath();
      ctx.arc(s.initial.x, s.initial.y, radius, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.fillStyle = TRACE_COLORS.learned;
      ctx.strokeStyle = '#000';
      ctx.beginPath();
      ctx.arc(s.learned.x, s.learned.y, radius, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }
  ctx.restore();
}
