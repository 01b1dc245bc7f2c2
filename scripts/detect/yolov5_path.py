"""Makes a YOLOv5 source tree importable from Debian's Python: IPython
(v7.0 imports it for notebooks only) is stubbed, and the tree goes first on
sys.path. Shared by the opt-in scripts that run YOLOv5's own code."""
import sys
import types
from pathlib import Path


def use_yolov5(tree):
    ipython = types.ModuleType('IPython')
    ipython.get_ipython = lambda: None
    ipython.display = types.ModuleType('IPython.display')
    ipython.display.display = lambda *a, **k: None
    sys.modules['IPython'] = ipython
    sys.modules['IPython.display'] = ipython.display
    sys.path.insert(0, str(Path(tree).resolve()))
