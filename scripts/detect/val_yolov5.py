#!/usr/bin/python3
"""Run YOLOv5's own val.py on COCO128 val2017, to measure the number
`akconv val` is held to (test/cli/val.test.ts). Opt-in: it needs a YOLOv5
source tree (not shipped, not reachable in CI) and ../shared.

    git clone https://github.com/ultralytics/yolov5 && git -C yolov5 checkout v7.0
    apt-get install -y python3-torch python3-torchvision python3-opencv python3-yaml \
        python3-pandas python3-matplotlib python3-tqdm python3-psutil python3-scipy \
        python3-seaborn python3-requests
    /usr/bin/python3 scripts/detect/val_yolov5.py path/to/yolov5 [SHARED]

What it changes around val.py, and why:
- IPython is stubbed (v7.0 imports it for notebooks only) and the font check
  is skipped (it downloads Arial.ttf; plots are off);
- numpy >= 1.24 aliases (np.float, np.int) for v6.x;
- the NMS time limit is lifted: on a busy CPU val.py otherwise stops NMS
  early for a batch and silently drops detections (v6.2 gave 0.397 here);
- the data yaml points at SHARED/data/coco128 (val: images/val2017), copied to
  a temporary folder because val.py writes a labels cache beside the labels.
"""
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml
from yolov5_path import use_yolov5

yolov5 = Path(sys.argv[1]).resolve()
shared = Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).resolve().parents[2] / '..' / 'shared').resolve()

for alias, kind in (('float', float), ('int', int), ('bool', bool)):
    if not hasattr(np, alias):
        setattr(np, alias, kind)
use_yolov5(yolov5)

import utils.general as general  # noqa: E402  (YOLOv5's)

general.check_font = lambda *a, **k: None
source = Path(general.__file__).read_text()
if 'time_limit = ' in source:
    # val.py's NMS reads time_limit as a local: rebuild the function with no limit.
    import re
    patched = re.sub(r'time_limit = [^\n#]*', 'time_limit = 1e9', source)
    exec(compile(patched, general.__file__, 'exec'), general.__dict__)
    general.check_font = lambda *a, **k: None

import val  # noqa: E402

val.non_max_suppression = general.non_max_suppression
with tempfile.TemporaryDirectory() as tmp:
    data = Path(tmp) / 'coco128'
    shutil.copytree(shared / 'data' / 'coco128', data)
    names = yaml.safe_load((data / 'coco128.yaml').read_text())['names']
    spec = {'path': str(data), 'train': 'images/val2017', 'val': 'images/val2017', 'nc': len(names), 'names': names}
    (Path(tmp) / 'data.yaml').write_text(yaml.safe_dump(spec))
    kwargs = dict(data=str(Path(tmp) / 'data.yaml'), weights=str(shared / 'weights' / 'yolov5n.pt'), batch_size=32, imgsz=640,
                  conf_thres=0.001, iou_thres=0.6, device='cpu', half=False, plots=False,
                  project=str(Path(tmp) / 'runs'), name='exp', exist_ok=True)
    (p, r, map50, map50_95, *_), *_ = val.run(**kwargs)
print(f'val.py: P {p:.4f} R {r:.4f} mAP50 {map50:.4f} mAP50-95 {map50_95:.4f}')
