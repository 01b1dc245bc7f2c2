/**
 * val.py's rectangular batches (YOLOv5 utils/dataloaders.py,
 * LoadImagesAndLabels with rect=True): images sorted by aspect ratio, cut
 * into batches of `batchSize`, and each batch letterboxed to one shape,
 * ceil(shape * imageSize / stride + pad) * stride, that fits its most
 * extreme aspect ratio.
 */

export interface ImageSize {
  width: number;
  height: number;
}

export interface RectBatch {
  /** Indices into the input list, in the order val.py visits them. */
  indices: number[];
  /** The batch's letterbox shape, [height, width] in pixels. */
  shape: [number, number];
}

export interface RectOptions {
  imageSize: number;
  batchSize: number;
  stride?: number;
  /** val.py passes 0.5 (0 for speed runs). */
  pad?: number;
}

/** numpy's SMALL_QUICKSORT: partitions this small are insertion-sorted. */
const SMALL_QUICKSORT = 15;

/**
 * numpy's default `argsort` (introsort, npysort/quicksort.cpp aquicksort_) on
 * float64, as numpy 1.24 runs it. It is not stable, and val.py's batches
 * depend on how it orders equal aspect ratios: on COCO128 val2017 a stable
 * sort moves 30 of the 128 images into a batch of another shape. Depth-limit
 * heapsort is left out; it needs 2 * log2(n) bad pivots in a row.
 */
export function numpyArgsort(values: readonly number[]): number[] {
  const v = values;
  const idx = values.map((_, i) => i);
  const at = (k: number): number => v[idx[k] as number] as number;
  const swap = (a: number, b: number): void => {
    const t = idx[a] as number;
    idx[a] = idx[b] as number;
    idx[b] = t;
  };
  const stack: number[] = [];
  let pl = 0;
  let pr = values.length - 1;
  for (;;) {
    while (pr - pl > SMALL_QUICKSORT) {
      const pm = pl + ((pr - pl) >> 1);
      if (at(pm) < at(pl)) swap(pm, pl);
      if (at(pr) < at(pm)) swap(pr, pm);
      if (at(pm) < at(pl)) swap(pm, pl);
      const vp = at(pm);
      let pi = pl;
      let pj = pr - 1;
      swap(pm, pj);
      for (;;) {
        do pi++;
        while (at(pi) < vp);
        do pj--;
        while (vp < at(pj));
        if (pi >= pj) break;
        swap(pi, pj);
      }
      swap(pi, pr - 1);
      // The larger side waits on the stack; the loop goes on with the smaller.
      if (pi - pl < pr - pi) {
        stack.push(pi + 1, pr);
        pr = pi - 1;
      } else {
        stack.push(pl, pi - 1);
        pl = pi + 1;
      }
    }
    for (let pi = pl + 1; pi <= pr; pi++) {
      const vi = idx[pi] as number;
      const vp = v[vi] as number;
      let pj = pi;
      while (pj > pl && vp < at(pj - 1)) {
        idx[pj] = idx[pj - 1] as number;
        pj--;
      }
      idx[pj] = vi;
    }
    if (!stack.length) break;
    pr = stack.pop() as number;
    pl = stack.pop() as number;
  }
  return idx;
}

/** The batches val.py forms for images of these sizes, in its order. */
export function rectBatches(sizes: readonly ImageSize[], options: RectOptions): RectBatch[] {
  const stride = options.stride ?? 32;
  const pad = options.pad ?? 0.5;
  const aspect = sizes.map((s) => s.height / s.width);
  const order = numpyArgsort(aspect);
  const batches: RectBatch[] = [];
  for (let start = 0; start < order.length; start += options.batchSize) {
    const indices = order.slice(start, start + options.batchSize);
    const ratios = indices.map((i) => aspect[i] as number);
    const min = Math.min(...ratios);
    const max = Math.max(...ratios);
    // [h, w] in units of imageSize: the batch is as wide as its widest image, or as tall as its tallest.
    const unit: [number, number] = max < 1 ? [max, 1] : min > 1 ? [1, 1 / min] : [1, 1];
    const side = (u: number): number => Math.ceil((u * options.imageSize) / stride + pad) * stride;
    batches.push({ indices, shape: [side(unit[0]), side(unit[1])] });
  }
  return batches;
}

/**
 * LoadImagesAndLabels.load_image's size: the long side resized to
 * imageSize, each side rounded up (math.ceil, as YOLOv5 7.0 does).
 */
export function loadSize(size: ImageSize, imageSize: number): ImageSize {
  const r = imageSize / Math.max(size.width, size.height);
  if (r === 1) return size;
  return { width: Math.ceil(size.width * r), height: Math.ceil(size.height * r) };
}
