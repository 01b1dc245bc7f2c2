/**
 * One image as val.py's rectangular loader feeds it to the network
 * (LoadImagesAndLabels.__getitem__ with rect=True): load_image resizes the
 * long side to imageSize (sides rounded up), then letterbox pads it to the
 * batch's shape without scaling it again (auto=False, scaleup=False).
 */
import type { RgbImage } from '../io/image';
import type { Letterboxed } from './letterbox';
import { letterbox } from './letterbox';
import { resizeBilinear } from './resize-linear';
import { loadSize } from './rect-batches';
import { resizeArea } from './resize-area';

/**
 * The letterboxed input, with `ratio` set to val.py's gain for mapping boxes
 * back (shapes[i][1][0][0] = resized height / original height, which
 * scale_boxes uses for both axes) and `pad` to letterbox's (dw, dh).
 * load_image enlarges with INTER_LINEAR and shrinks with INTER_AREA.
 */
export function rectInput(image: RgbImage, imageSize: number, shape: [number, number]): Letterboxed {
  const size = loadSize(image, imageSize);
  const same = size.width === image.width && size.height === image.height;
  const shrink = imageSize < Math.max(image.width, image.height);
  const loaded = same ? image : shrink ? resizeArea(image, size.width, size.height) : resizeBilinear(image, size.width, size.height);
  const input = letterbox(loaded, { size: shape, auto: false, scaleUp: false });
  return { ...input, ratio: loaded.height / image.height };
}
