/**
 * One image as val.py's rectangular loader feeds it to the network
 * (LoadImagesAndLabels.__getitem__ with rect=True): load_image resizes the
 * long side to imageSize (sides rounded up), then letterbox pads it to the
 * batch's shape without scaling it again (auto=False, scaleup=False).
 */
import type { RgbImage } from '../io/image';
import type { Letterboxed } from './letterbox';
import { letterbox, resizeBilinear } from './letterbox';
import { loadSize } from './rect-batches';

/**
 * The letterboxed input, with `ratio` set to val.py's gain for mapping boxes
 * back (shapes[i][1][0][0] = resized height / original height, which
 * scale_boxes uses for both axes) and `pad` to letterbox's (dw, dh).
 *
 * OpenCV resizes with INTER_LINEAR when it enlarges (as here) but INTER_AREA
 * when it shrinks; images larger than imageSize go through the bilinear
 * resize too, so their pixels can differ from val.py's.
 */
export function rectInput(image: RgbImage, imageSize: number, shape: [number, number]): Letterboxed {
  const size = loadSize(image, imageSize);
  const loaded = size.width === image.width && size.height === image.height ? image : resizeBilinear(image, size.width, size.height);
  const input = letterbox(loaded, { size: shape, auto: false, scaleUp: false });
  return { ...input, ratio: loaded.height / image.height };
}
