"""The run-length form the detect goldens store masks in (row-major,
alternating runs of 0 and 1, starting with 0s), as test/detect/segments-golden.ts
decodes them. Shared by make_segments.py and make_coco_masks.py."""
import numpy as np


def row_runs(mask):
    flat = mask.reshape(-1).astype(np.uint8)
    runs, value, count = [], 0, 0
    for v in flat.tolist():
        if v == value:
            count += 1
        else:
            runs.append(count)
            value, count = v, 1
    runs.append(count)
    return runs
