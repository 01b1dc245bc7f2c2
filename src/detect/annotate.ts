/**
 * Boxes and labels drawn into an RGB image as YOLOv5's Annotator does with
 * OpenCV (utils/plots.py box_label): YOLOv5's 20-colour palette by class,
 * line width max(round((h + w + 3) / 2 * 0.003), 2) unless given, the box
 * corners truncated to integers, a filled label box above the box's top-left
 * corner (inside it when there is no room above) with white text.
 *
 * Not drawn as OpenCV does: lines have no anti-aliasing, and the text is a
 * 5 x 7 bitmap font scaled by the line width (letters in capitals) instead
 * of the Hershey font, so a label box is about as large as YOLOv5's but not
 * pixel-equal.
 */
import type { RgbImage } from '../io/image';
import { FONT_HEIGHT, FONT_WIDTH, glyphRows } from './bitmap-font';
import { formatFixed, pyRound } from './py-format';

/** Annotator's Colors() palette; class c gets PALETTE[c % 20]. */
const PALETTE = ['FF3838', 'FF9D97', 'FF701F', 'FFB21D', 'CFD231', '48F90A', '92CC17', '3DDB86', '1A9334', '00D4BB', '2C99A8', '00C2FF', '344593', '6473FF', '0018EC', '8438FF', '520085', 'CB38FF', 'FF95C8', 'FF37C7'];

export type Rgb = [number, number, number];

export function classColor(classId: number): Rgb {
  const hex = PALETTE[((classId % PALETTE.length) + PALETTE.length) % PALETTE.length] as string;
  return [parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16)];
}

/** Annotator's default line width for an image of this size. */
export function defaultLineWidth(width: number, height: number): number {
  return Math.max(pyRound(((height + width + 3) / 2) * 0.003, 0), 2);
}

export interface BoxLabel {
  box: readonly number[];
  classId: number;
  /** The text drawn above the box; none for --hide-labels. */
  label?: string;
}

/** Fills [x0, x1) x [y0, y1), clipped to the image. */
function fillRect(image: RgbImage, x0: number, y0: number, x1: number, y1: number, color: Rgb): void {
  const xa = Math.max(0, Math.min(x0, x1));
  const xb = Math.min(image.width, Math.max(x0, x1));
  const ya = Math.max(0, Math.min(y0, y1));
  const yb = Math.min(image.height, Math.max(y0, y1));
  for (let y = ya; y < yb; y++) {
    for (let x = xa; x < xb; x++) image.data.set(color, (y * image.width + x) * 3);
  }
}

/** cv2.rectangle with thickness lw: each edge a band lw wide centred on it. */
function strokeRect(image: RgbImage, x1: number, y1: number, x2: number, y2: number, lw: number, color: Rgb): void {
  const a = Math.floor(lw / 2);
  const b = lw - a;
  fillRect(image, x1 - a, y1 - a, x2 + b, y1 + b, color);
  fillRect(image, x1 - a, y2 - a, x2 + b, y2 + b, color);
  fillRect(image, x1 - a, y1 - a, x1 + b, y2 + b, color);
  fillRect(image, x2 - a, y1 - a, x2 + b, y2 + b, color);
}

/** Width and height of a label's text at this line width. */
export function textSize(text: string, lw: number): { width: number; height: number } {
  return { width: text.length * (FONT_WIDTH + 1) * lw - lw, height: FONT_HEIGHT * lw };
}

function drawText(image: RgbImage, text: string, left: number, top: number, lw: number, color: Rgb): void {
  [...text].forEach((ch, k) => {
    const x0 = left + k * (FONT_WIDTH + 1) * lw;
    glyphRows(ch).forEach((bits, row) => {
      for (let col = 0; col < FONT_WIDTH; col++) {
        if (bits & (1 << (FONT_WIDTH - 1 - col))) fillRect(image, x0 + col * lw, top + row * lw, x0 + (col + 1) * lw, top + (row + 1) * lw, color);
      }
    });
  });
}

/** A copy of the image with the boxes and labels drawn, in the order given. */
export function annotate(image: RgbImage, boxes: readonly BoxLabel[], lineWidth?: number): RgbImage {
  const out: RgbImage = { width: image.width, height: image.height, data: image.data.slice() };
  const lw = lineWidth ?? defaultLineWidth(image.width, image.height);
  for (const b of boxes) {
    const [x1, y1, x2, y2] = b.box.map((v) => Math.trunc(v)) as [number, number, number, number];
    const color = classColor(b.classId);
    strokeRect(out, x1, y1, x2, y2, lw, color);
    if (!b.label) continue;
    // Annotator's font scale is lw / 3 (about 7 lw pixels tall): the 7-row glyphs are scaled by lw.
    const scale = lw;
    const size = textSize(b.label, scale);
    const outside = y1 - size.height >= 3;
    const top = outside ? y1 - size.height - 3 : y1;
    fillRect(out, x1, top, x1 + size.width + 1, top + size.height + 3, color);
    drawText(out, b.label, x1 + 1, top + 2, scale, [255, 255, 255]);
  }
  return out;
}

/** The label Annotator shows: 'name 0.87', the name alone (--hide-conf) or none (--hide-labels). */
export function boxLabelText(name: string, score: number, hideLabels: boolean, hideConf: boolean): string | undefined {
  if (hideLabels) return undefined;
  return hideConf ? name : `${name} ${formatFixed(score, 2)}`;
}

/**
 * The boxes detect.py draws for an image's detections: lowest confidence
 * first (it walks them in reverse, so the most confident label ends on top),
 * each labelled with its class name and score unless hidden.
 */
export function detectionBoxes(
  detections: readonly { box: readonly number[]; score: number; classId: number }[],
  names: readonly string[],
  hideLabels = false,
  hideConf = false,
): BoxLabel[] {
  return [...detections].reverse().map((d) => {
    const label = boxLabelText(names[d.classId] ?? String(d.classId), d.score, hideLabels, hideConf);
    return { box: d.box, classId: d.classId, ...(label ? { label } : {}) };
  });
}
