/**
 * The 2D view of the offsets: the input image with every sample as a faint
 * dot (canvas), and the selected output pixel's N samples drawn over it
 * (SVG, in image pixels): its base cell, the initial positions (hollow), the
 * learned ones (filled, coloured by offset length) and an arrow from each
 * initial position to its learned one. Pointing at the image selects the
 * output pixel whose base position is nearest.
 */
import type { MouseEvent } from 'react';
import { useEffect, useMemo, useRef } from 'react';
import { normalizedOffset, offsetCss } from './colormap';
import type { OutputPixel, SamplingField } from '../../detect/sampling-field';
import { baseOf, pixelAt, samplesOfPixel } from '../../detect/sampling-field';
import type { PositionsView } from './OffsetsScene';
import { standaloneSvg } from '../figure/dom-svg';
import { layeredPng } from '../figure/download';
import { FigureDownloads } from '../figure/FigureDownloads';
import { useOnScreen } from './use-on-screen';

export interface SampleOverlayProps {
  input: { data: Float32Array; width: number; height: number };
  field: SamplingField | null;
  view: PositionsView;
  selected: OutputPixel | null;
  /** A pointer over the image (`hover`, mouse only) or a click or tap (`click`). */
  onPick: (pixel: OutputPixel, how: 'hover' | 'click') => void;
}

const LEVELS = 16;

function drawImage(ctx: CanvasRenderingContext2D, input: SampleOverlayProps['input']): void {
  const { width, height, data } = input;
  const img = ctx.createImageData(width, height);
  for (let p = 0; p < width * height; p++) {
    img.data[p * 4] = (data[p * 3] ?? 0) * 255;
    img.data[p * 4 + 1] = (data[p * 3 + 1] ?? 0) * 255;
    img.data[p * 4 + 2] = (data[p * 3 + 2] ?? 0) * 255;
    img.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** Every sample as a small dot, batched into a few colour levels (one path each). */
function drawSamples(ctx: CanvasRenderingContext2D, field: SamplingField, view: PositionsView, width: number, height: number): void {
  const xs = view === 'learned' ? field.learnedX : field.initialX;
  const ys = view === 'learned' ? field.learnedY : field.initialY;
  // About a sixth of a cell: large on coarse maps, still apart on fine ones.
  const size = Math.min(Math.max(1.5, field.inputStride / 8, Math.min(width, height) / 250), field.inputStride / 2);
  const paths = Array.from({ length: LEVELS }, () => new Path2D());
  for (let j = 0; j < xs.length; j++) {
    const x = xs[j] as number;
    const y = ys[j] as number;
    if (!(x >= -size && y >= -size && x <= width + size && y <= height + size)) continue;
    const level = Math.min(LEVELS - 1, Math.floor(normalizedOffset(field.offset[j] as number, field.stats.max) * LEVELS));
    const path = paths[level] as Path2D;
    path.moveTo(x + size / 2, y);
    path.arc(x, y, size / 2, 0, 2 * Math.PI);
  }
  ctx.globalAlpha = 0.75;
  paths.forEach((path, level) => {
    ctx.fillStyle = offsetCss((level + 0.5) / LEVELS);
    ctx.fill(path);
  });
  ctx.globalAlpha = 1;
}

export function SampleOverlay({ input, field, view, selected, onPick }: SampleOverlayProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width, height } = input;
  // Off screen, a live frame's redraw waits until the image is scrolled to (use-on-screen.ts).
  const onScreen = useOnScreen(canvas);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !onScreen) return;
    // Drawn a few times larger than the image, so that dots stay round when the page scales it up.
    const k = Math.max(1, Math.min(4, Math.ceil(960 / Math.max(width, height))));
    c.width = width * k;
    c.height = height * k;
    const image = document.createElement('canvas');
    image.width = width;
    image.height = height;
    const imageCtx = image.getContext('2d');
    if (!imageCtx) return;
    drawImage(imageCtx, input);
    ctx.imageSmoothingEnabled = false; // show the network's pixels
    ctx.drawImage(image, 0, 0, width * k, height * k);
    ctx.setTransform(k, 0, 0, k, 0, 0);
    if (field) drawSamples(ctx, field, view, width, height);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }, [input, field, view, width, height, onScreen]);

  const samples = useMemo(() => (field && selected ? samplesOfPixel(field, selected[0], selected[1]) : []), [field, selected]);
  const base = field && selected ? baseOf(field, selected[0], selected[1]) : null;
  const radius = Math.max(width, height) / 110;

  const toImage = (e: MouseEvent<SVGSVGElement>): OutputPixel | null => {
    if (!field) return null;
    const rect = e.currentTarget.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return null;
    return pixelAt(field, ((e.clientX - rect.left) / rect.width) * width, ((e.clientY - rect.top) / rect.height) * height);
  };

  const description = selected
    ? `Output pixel row ${selected[0]}, column ${selected[1]}. Click the image or use the arrow keys to choose another; Escape clears it.`
    : 'No output pixel selected. Click the image or press an arrow key to choose one.';

  const png = () => {
    const c = canvas.current;
    const overlay = c?.parentElement?.querySelector('svg');
    return c && overlay ? layeredPng(c, standaloneSvg(overlay, { background: false })) : undefined;
  };

  return (
    <>
    <FigureDownloads name="offsets-samples" label="the image with its samples" png={png} />
    <div className="offsets-overlay" style={{ aspectRatio: `${width} / ${height}` }}>
      <canvas ref={canvas} className="offsets-overlay-image" aria-hidden="true" />
      <svg
        className="offsets-overlay-svg"
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        tabIndex={0}
        aria-label={`Input image with the selected pixel's samples. ${description}`}
        onPointerMove={(e) => {
          if (e.pointerType !== 'mouse' || e.buttons !== 0) return;
          const p = toImage(e);
          if (p) onPick(p, 'hover');
        }}
        onClick={(e) => {
          const p = toImage(e);
          if (p) onPick(p, 'click');
        }}
      >
        {field && base && selected && (
          <g>
            <rect
              className="offsets-base-cell"
              x={base.x - field.inputStride / 2}
              y={base.y - field.inputStride / 2}
              width={field.inputStride}
              height={field.inputStride}
              vectorEffect="non-scaling-stroke"
            />
            {view === 'learned' &&
              samples.map((s) => (
                <line key={`a${s.index}`} className="offsets-arrow" x1={s.initial.x} y1={s.initial.y} x2={s.learned.x} y2={s.learned.y} vectorEffect="non-scaling-stroke" />
              ))}
            {samples.map((s) => (
              <circle key={`i${s.index}`} className="offsets-initial" cx={s.initial.x} cy={s.initial.y} r={radius * 0.8} vectorEffect="non-scaling-stroke" />
            ))}
            {view === 'learned' &&
              samples.map((s) => (
                <circle
                  key={`l${s.index}`}
                  className="offsets-learned"
                  cx={s.learned.x}
                  cy={s.learned.y}
                  r={radius}
                  fill={offsetCss(normalizedOffset(s.offset, field.stats.max))}
                  vectorEffect="non-scaling-stroke"
                >
                  <title>{`sample ${s.index}: offset ${s.offset.toFixed(2)} cells`}</title>
                </circle>
              ))}
            {samples.length <= 16 &&
              samples.map((s) => {
                const p = view === 'learned' ? s.learned : s.initial;
                return (
                  <text key={`t${s.index}`} className="offsets-label" x={p.x + radius * 1.1} y={p.y - radius * 1.1} fontSize={radius * 1.6}>
                    {s.index}
                  </text>
                );
              })}
            <circle className="offsets-base" cx={base.x} cy={base.y} r={radius * 0.55} vectorEffect="non-scaling-stroke" />
          </g>
        )}
      </svg>
    </div>
    </>
  );
}
