/**
 * What `akconv predict` saves into its run folder, as detect.py does: the
 * annotated image under the source's file name (--save), labels in
 * labels/<stem>.txt (--save-txt, --save-conf) and crops in
 * crops/<class name>/<stem>.jpg (--save-crop). detect.py walks the
 * detections in reverse (lowest confidence first), so lines and crop
 * numbers follow that order here too. A segmentation model's masks are
 * painted under the boxes, and its labels are the masks' polygons, as
 * segment/predict.py does (mask-overlay.ts, mask-segments.ts).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { annotate, detectionBoxes } from '../detect/annotate';
import { cropImage, cropRect } from '../detect/crop';
import type { LabelDetection } from '../detect/export-formats';
import { labelsFile } from '../detect/export-formats';
import type { ClassMask } from '../detect/mask-overlay';
import { paintMasks } from '../detect/mask-overlay';
import type { RgbImage } from '../io/image';
import { InputError } from './files';
import { writeImageFile } from './image-write';
import { incrementPath } from './run-dir';

export interface SaveOptions {
  runDir: string;
  image: boolean;
  txt: boolean;
  conf: boolean;
  crop: boolean;
  hideLabels: boolean;
  hideConf: boolean;
  lineWidth?: number;
}

/**
 * `detections`' own masks (at the letterboxed input) make the labels
 * polygons; `masks`: the same masks at the image's size (imageMasks),
 * painted under the boxes.
 */
export async function saveResults(path: string, image: RgbImage, detections: readonly LabelDetection[], names: readonly string[], o: SaveOptions, masks: readonly ClassMask[] = []): Promise<void> {
  const stem = basename(path, extname(path));
  const reversed = [...detections].reverse();
  const nameOf = (c: number): string => names[c] ?? String(c);
  if (o.txt && reversed.length) {
    const file = join(o.runDir, 'labels', `${stem}.txt`);
    try {
      await mkdir(join(o.runDir, 'labels'), { recursive: true });
      await appendFile(file, labelsFile(detections, image.width, image.height, o.conf)); // detect.py appends
    } catch (e) {
      throw new InputError(`${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  if (o.crop) {
    for (const d of reversed) {
      const crop = cropImage(image, cropRect(d.box, image.width, image.height));
      if (!crop.width || !crop.height) continue; // a box clipped to nothing has no pixels to save
      const dir = join(o.runDir, 'crops', nameOf(d.classId));
      await mkdir(dir, { recursive: true });
      await writeImageFile(crop, incrementPath(join(dir, `${stem}.jpg`)));
    }
  }
  if (o.image) {
    const boxes = detectionBoxes(detections, names, o.hideLabels, o.hideConf);
    await writeImageFile(annotate(paintMasks(image, masks), boxes, o.lineWidth), join(o.runDir, basename(path)));
  }
}
