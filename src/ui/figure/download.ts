/**
 * Figures to files in the browser: a Blob saved under a name, an SVG text or
 * canvases rasterised to PNG. The SVG text itself comes from figure-svg.ts.
 */

/** Saves a blob as a download named `filename`. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started reading the URL; revoke it once it surely has.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A canvas's pixels as a PNG file. */
export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the canvas as PNG'))), 'image/png'),
  );
}

/** Canvases side by side (the A/B frames) on one white canvas, at their own pixel sizes. */
export function joinCanvases(canvases: readonly HTMLCanvasElement[], gap = 8): HTMLCanvasElement {
  const drawn = canvases.filter((c) => c.width > 0 && c.height > 0);
  if (drawn.length === 0) throw new Error('there is no frame to save yet');
  if (drawn.length === 1 && drawn[0]) return drawn[0];
  const out = document.createElement('canvas');
  out.width = drawn.reduce((w, c) => w + c.width, 0) + gap * (drawn.length - 1);
  out.height = Math.max(...drawn.map((c) => c.height));
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('the browser gave no 2D canvas');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  let x = 0;
  for (const c of drawn) {
    ctx.drawImage(c, x, 0);
    x += c.width + gap;
  }
  return out;
}

/** An SVG document as a decoded image. */
async function svgImage(svg: string): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** An SVG document drawn at `scale` times its own width and height, as PNG. */
export async function svgPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const image = await svgImage(svg);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('the browser gave no 2D canvas');
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvasPng(canvas);
}

/** A canvas with an SVG overlay stretched over it (the offsets panel's image and samples), at the canvas's pixel size. */
export async function layeredPng(base: HTMLCanvasElement, overlay: string): Promise<Blob> {
  const image = await svgImage(overlay);
  const canvas = document.createElement('canvas');
  canvas.width = base.width;
  canvas.height = base.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('the browser gave no 2D canvas');
  ctx.drawImage(base, 0, 0);
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvasPng(canvas);
}

/** The canvases that exist, side by side, as one PNG (the detection frame, or A beside B). */
export function framesPng(canvases: readonly (HTMLCanvasElement | null)[]): Promise<Blob> {
  return canvasPng(joinCanvases(canvases.filter((c): c is HTMLCanvasElement => c !== null)));
}
