/**
 * A shape as PyTorch code: the Python that makes the official AKConv / LDConv
 * module (github.com/CV-ZhangXin/LDConv, `_get_p_n(N, dtype)`) sample a given
 * p_n, and the YOLOv5 config line that puts such a module in a model. Pure
 * text; training/tests/test_pn_snippet.py runs what it writes.
 */
import type { SamplePoint } from '../../common/geometry';

export interface SnippetOptions {
  /** Where the shape comes from, for the comment at the top ("drawn", "p_n of N = 5, ij"). */
  origin: string;
  /** The config line's output channels and stride (the official yolov5.yaml's layer 1: 128, 2). */
  channels?: number;
  stride?: number;
}

/** A coordinate as Python writes it (JavaScript's shortest round-trip form reads back the same in Python). */
const py = (v: number) => String(v);

/** `[-1, 1, AKConv, [c, N, s]]`: an official-style YOLOv5 config row with this shape's N. */
export function configLine(numParam: number, channels = 128, stride = 2): string {
  return `[-1, 1, AKConv, [${channels}, ${numParam}, ${stride}]],  # 1-P2/4, num_param = ${numParam} (LDConv in the renamed repository)`;
}

/**
 * Python that defines the shape and `use_shape(model)`, which gives every
 * AKConv / LDConv module with num_param = N the shape. Point n becomes sample
 * n: rows are the first N channels of p_n (the official p_n_x), columns the
 * last N (p_n_y).
 */
export function pytorchSnippet(points: readonly SamplePoint[], options: SnippetOptions): string {
  const n = points.length;
  if (n === 0) throw new Error('A shape needs at least one point to become code.');
  const rows = points.map((p) => py(p.row)).join(', ');
  const cols = points.map((p) => py(p.col)).join(', ');
  return `# AKConv initial shape p_n from AKConv Playground: ${options.origin}, N = ${n}.
# For the official AKConv / LDConv (github.com/CV-ZhangXin/LDConv, YOLOv5/LDConv.py);
# also works with this project's training/yolo.py AKConv.
# The YOLOv5 config row that uses it (as in the official YOLOv5/yolov5.yaml's backbone):
#   ${configLine(n, options.channels, options.stride)}
import torch

P_N_ROWS = [${rows}]  # the official p_n_x: sample n's row
P_N_COLS = [${cols}]  # the official p_n_y: sample n's column


def shape_p_n(N, dtype):
    """p_n as the official _get_p_n returns it: (1, 2N, 1, 1), N rows then N columns."""
    if N != len(P_N_ROWS):
        raise ValueError(f"this shape has {len(P_N_ROWS)} points but the module has num_param = {N}")
    return torch.tensor(P_N_ROWS + P_N_COLS).view(1, 2 * N, 1, 1).type(dtype)


def use_shape(model):
    """Gives every AKConv / LDConv in model whose num_param is ${n} this shape; returns how many."""
    changed = 0
    for m in model.modules():
        if type(m).__name__ not in ("AKConv", "LDConv") or m.num_param != len(P_N_ROWS):
            continue
        if hasattr(m, "_get_p_n"):  # the official module
            m._get_p_n = shape_p_n
        else:  # training/yolo.py: p_n() returns (2N,) and p_0 + p_n is cached in _grid
            m.p_n = lambda N=m.num_param: shape_p_n(N, torch.long).view(-1)
            m._grid = {}
        changed += 1
    return changed


# model = ...  # a YOLOv5 built from the config above (or any nn.Module holding AKConv)
# print(use_shape(model), "AKConv modules use the shape")
`;
}
