/**
 * The A/B comparison of two models' detections on one frame: which boxes
 * both models found (same class, IoU at least `minIou`), and which only one
 * did. Pairs are matched greedily, best IoU first, each box at most once
 * (as mAP matching does), so one box of A never pairs with two of B.
 */
import { boxIou } from './nms';

/** The least a box needs to have in common with the other model's box: COCO's mAP@0.5. */
export const AB_MATCH_IOU = 0.5;

export interface AbBox {
  box: readonly number[];
  classId: number;
}

export interface AbDiff {
  /** Index pairs (into A's and B's detections) with their IoU. */
  matched: { a: number; b: number; iou: number }[];
  onlyA: number[];
  onlyB: number[];
}

export function diffDetections(a: readonly AbBox[], b: readonly AbBox[], minIou = AB_MATCH_IOU): AbDiff {
  const pairs: { a: number; b: number; iou: number }[] = [];
  a.forEach((da, i) =>
    b.forEach((db, j) => {
      if (da.classId !== db.classId) return;
      const iou = boxIou(da.box, db.box);
      if (iou >= minIou) pairs.push({ a: i, b: j, iou });
    }),
  );
  pairs.sort((p, q) => q.iou - p.iou);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const matched = pairs.filter((p) => {
    if (usedA.has(p.a) || usedB.has(p.b)) return false;
    usedA.add(p.a);
    usedB.add(p.b);
    return true;
  });
  return {
    matched: matched.sort((p, q) => p.a - q.a),
    onlyA: a.map((_, i) => i).filter((i) => !usedA.has(i)),
    onlyB: b.map((_, j) => j).filter((j) => !usedB.has(j)),
  };
}
