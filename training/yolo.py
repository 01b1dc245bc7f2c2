"""The project's own PyTorch YOLOv5 / YOLOv5-C3_AKConv, for training.

Module and attribute names follow the YOLOv5 checkpoints (`model.8.m.0.cv2.p_conv.weight`, ...), so
state dicts move between this model, YOLOv5's `.pt` files and our `.safetensors` files unchanged.
`../shared/reference/models` is the spec; `tests/test_distill.py` checks that the outputs agree.

AKConv has one switch, `indexing`:
  'ij'  the official AKConv geometry: output pixel (r, c) starts at (r, c) * stride;
  'xy'  the seed's code as written (`torch.meshgrid(..., indexing='xy')`): on an h x w map output
        pixel (r, c) starts at ((r*w + c) % h, (r*w + c) // h) * stride, i.e. the transposed grid on
        square maps and a scrambled one otherwise; p_n is listed column by column.
Everything else is the seed's AKConv: p = p_0 + p_n + offset with p_n anchored at (0, 0) (no -1
centring), samples clamped into the map *before* the bilinear weights are computed, the N samples
stacked as rows and mixed by a (N, 1) conv with stride (N, 1), BatchNorm (eps 0.001), SiLU.
"""
import contextlib
import json
import math
from copy import deepcopy

import torch
import torch.nn as nn

SCALES = {'n': (0.33, 0.25), 's': (0.33, 0.50), 'm': (0.67, 0.75), 'l': (1.0, 1.0), 'x': (1.33, 1.25)}
BN_EPS = 1e-3


def autopad(k, p=None):
    if p is None:
        p = k // 2 if isinstance(k, int) else [x // 2 for x in k]
    return p


class Conv(nn.Module):
    def __init__(self, c1, c2, k=1, s=1, p=None, g=1, act=True):
        super().__init__()
        if g != 1:
            raise ValueError('grouped convolutions are not supported')
        self.conv = nn.Conv2d(c1, c2, k, s, autopad(k, p), bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=BN_EPS)
        self.act = nn.SiLU() if act else nn.Identity()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c1, c2, shortcut=True, g=1, e=0.5):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_, c2, 3, 1, g=g)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class AKConv(nn.Module):
    def __init__(self, inc, outc, num_param, stride=1, bias=None, indexing='ij'):
        super().__init__()
        self.num_param = num_param
        self.stride = stride
        self.indexing = indexing
        self.conv = nn.Sequential(nn.Conv2d(inc, outc, kernel_size=(num_param, 1), stride=(num_param, 1), bias=bias),
                                  nn.BatchNorm2d(outc, eps=BN_EPS), nn.SiLU())
        self.p_conv = nn.Conv2d(inc, 2 * num_param, kernel_size=3, padding=1, stride=stride)
        # The seed zeroes p_conv's weight (and registers a backward hook meant to scale its gradient
        # by 0.1, which is a no-op: it rebinds local names). We zero the bias too, so that the
        # initial sampling shape is exactly p_n; distill.py gives p_conv a lower lr instead.
        nn.init.zeros_(self.p_conv.weight)
        nn.init.zeros_(self.p_conv.bias)
        self._grid = {}

    # --- geometry -------------------------------------------------------------------------------
    def p_n(self):
        """Initial sampling shape, (2N,) = N rows then N columns, in the seed's order."""
        N = self.num_param
        base = round(math.sqrt(N))
        rows, mod = N // base, N % base
        x, y = torch.meshgrid(torch.arange(0, rows), torch.arange(0, base), indexing=self.indexing)
        x, y = x.flatten(), y.flatten()
        if mod > 0:
            mx, my = torch.meshgrid(torch.arange(rows, rows + 1), torch.arange(0, mod), indexing=self.indexing)
            x, y = torch.cat((x, mx.flatten())), torch.cat((y, my.flatten()))
        return torch.cat([x, y], 0)

    def p_0(self, h, w):
        """Base positions, (2, h, w): row and column of each output pixel's anchor."""
        s = self.stride
        r, c = torch.meshgrid(torch.arange(0, h * s, s), torch.arange(0, w * s, s), indexing=self.indexing)
        return torch.stack([r.flatten().view(h, w), c.flatten().view(h, w)], 0)

    def base_positions(self, h, w, dtype, device):
        """p_0 + p_n as (1, 2N, h, w) (cached per map size and convention)."""
        key = (h, w, self.indexing, dtype, device)
        g = self._grid.get(key)
        if g is None:
            N = self.num_param
            p0 = self.p_0(h, w)
            g = torch.cat([p0[0:1].expand(N, h, w), p0[1:2].expand(N, h, w)], 0) + self.p_n().view(2 * N, 1, 1)
            g = g.unsqueeze(0).to(device=device, dtype=dtype)
            self._grid = {key: g}
        return g

    def sampling_positions(self, x):
        """p before clamping, (b, h, w, 2N): first N rows, then N columns."""
        offset = self.p_conv(x)
        return (self.base_positions(offset.shape[2], offset.shape[3], offset.dtype, offset.device)
                + offset).permute(0, 2, 3, 1)

    # --- forward --------------------------------------------------------------------------------
    def forward(self, x, return_offset=False):
        offset = self.p_conv(x)
        b, _, h, w = offset.shape
        N = self.num_param
        H, W = x.shape[2], x.shape[3]
        p = (self.base_positions(h, w, offset.dtype, offset.device) + offset).permute(0, 2, 3, 1)  # b h w 2N
        pr, pc = p[..., :N], p[..., N:]
        fr, fc = pr.detach().floor(), pc.detach().floor()
        r0, r1 = fr.clamp(0, H - 1), (fr + 1).clamp(0, H - 1)
        c0, c1 = fc.clamp(0, W - 1), (fc + 1).clamp(0, W - 1)
        pr, pc = pr.clamp(0, H - 1), pc.clamp(0, W - 1)  # clamped before the weights (the seed's order)
        wr0, wr1 = 1 + (r0 - pr), 1 - (r1 - pr)
        wc0, wc1 = 1 + (c0 - pc), 1 - (c1 - pc)
        xf = x.reshape(b, x.shape[1], H * W)

        def gather(r, c):
            idx = (r.long() * W + c.long()).reshape(b, 1, h * w * N).expand(-1, x.shape[1], -1)
            return xf.gather(-1, idx).view(b, x.shape[1], h, w, N)

        xo = ((wr0 * wc0).unsqueeze(1) * gather(r0, c0) + (wr1 * wc1).unsqueeze(1) * gather(r1, c1)
              + (wr0 * wc1).unsqueeze(1) * gather(r0, c1) + (wr1 * wc0).unsqueeze(1) * gather(r1, c0))
        xo = xo.permute(0, 1, 2, 4, 3).reshape(b, x.shape[1], h * N, w)  # 'b c h w n -> b c (h n) w'
        y = self.conv(xo)
        return (y, offset) if return_offset else y


class Bottleneck_AKConv(nn.Module):
    def __init__(self, c1, c2, shortcut=True, g=1, e=0.5):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = AKConv(c_, c2, 3, 1)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C3(nn.Module):
    bottleneck = Bottleneck

    def __init__(self, c1, c2, n=1, shortcut=True, g=1, e=0.5):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c1, c_, 1, 1)
        self.cv3 = Conv(2 * c_, c2, 1)
        self.m = nn.Sequential(*(self.bottleneck(c_, c_, shortcut, g, e=1.0) for _ in range(n)))

    def forward(self, x):
        return self.cv3(torch.cat((self.m(self.cv1(x)), self.cv2(x)), 1))


class C3_AKConv(C3):
    bottleneck = Bottleneck_AKConv


class SPPF(nn.Module):
    def __init__(self, c1, c2, k=5):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_ * 4, c2, 1, 1)
        self.m = nn.MaxPool2d(kernel_size=k, stride=1, padding=k // 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self.cv2(torch.cat((x, y1, y2, self.m(y2)), 1))


class Concat(nn.Module):
    def __init__(self, dimension=1):
        super().__init__()
        self.d = dimension

    def forward(self, x):
        return torch.cat(x, self.d)


class Detect(nn.Module):
    def __init__(self, nc=80, anchors=(), ch=()):
        super().__init__()
        self.nc, self.no, self.nl = nc, nc + 5, len(anchors)
        self.na = len(anchors[0]) // 2
        self.register_buffer('anchors', torch.tensor(anchors).float().view(self.nl, -1, 2))  # pixels; /stride later
        self.m = nn.ModuleList(nn.Conv2d(x, self.no * self.na, 1) for x in ch)
        self.stride = None

    def forward(self, x, raw=False):
        """Decoded predictions (b, anchors x cells, no) as YOLOv5's eval mode gives them; with raw=True
        also the raw per-level maps (b, na, ny, nx, no)."""
        z, maps = [], []
        for i in range(self.nl):
            t = self.m[i](x[i])
            bs, _, ny, nx = t.shape
            t = t.view(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous()
            maps.append(t)
            yv, xv = torch.meshgrid(torch.arange(ny, dtype=t.dtype), torch.arange(nx, dtype=t.dtype), indexing='ij')
            grid = torch.stack((xv, yv), 2).view(1, 1, ny, nx, 2) - 0.5
            anchor_grid = (self.anchors[i] * self.stride[i]).view(1, self.na, 1, 1, 2)
            xy, wh, conf = t.sigmoid().split((2, 2, self.nc + 1), 4)
            y = torch.cat(((xy * 2 + grid) * self.stride[i], (wh * 2) ** 2 * anchor_grid, conf), 4)
            z.append(y.view(bs, self.na * nx * ny, self.no))
        return (torch.cat(z, 1), maps) if raw else torch.cat(z, 1)


MODULES = {'Conv': Conv, 'Bottleneck': Bottleneck, 'C3': C3, 'C3_AKConv': C3_AKConv, 'SPPF': SPPF, 'Concat': Concat,
           'Detect': Detect, 'AKConv': AKConv, 'LDConv': AKConv, 'Bottleneck_AKConv': Bottleneck_AKConv,
           'nn.Upsample': nn.Upsample}
CHANNEL_MODULES = {Conv, Bottleneck, Bottleneck_AKConv, SPPF, C3, C3_AKConv, AKConv}


def make_divisible(x, divisor):
    return math.ceil(x / divisor) * divisor


def parse_model(d, ch):
    """YOLOv5's build rules (depth/width multiples, channel bookkeeping) for a config dict."""
    anchors, nc, gd, gw = d['anchors'], d['nc'], d['depth_multiple'], d['width_multiple']
    na = (len(anchors[0]) // 2) if isinstance(anchors, list) else anchors
    no = na * (nc + 5)
    layers, save, c2 = [], [], ch[-1]
    for i, (f, n, m, args) in enumerate(d['backbone'] + d['head']):
        if m not in MODULES:
            raise ValueError(f'module {m} in layer {i} is not supported')
        m = MODULES[m]
        args = [{'None': None, 'nc': nc, 'anchors': anchors}.get(a, a) if isinstance(a, str) else a for a in args]
        n = max(round(n * gd), 1) if n > 1 else n
        if m in CHANNEL_MODULES:
            c1, c2 = ch[f], args[0]
            if c2 != no:
                c2 = make_divisible(c2 * gw, 8)
            args = [c1, c2, *args[1:]]
            if m in (C3, C3_AKConv):
                args.insert(2, n)
                n = 1
        elif m is Concat:
            c2 = sum(ch[x] for x in f)
        elif m is Detect:
            args.append([ch[x] for x in f])
            if isinstance(args[1], int):
                args[1] = [list(range(args[1] * 2))] * len(f)
        else:
            c2 = ch[f]
        m_ = nn.Sequential(*(m(*args) for _ in range(n))) if n > 1 else m(*args)
        m_.i, m_.f = i, f
        save.extend(x % i for x in ([f] if isinstance(f, int) else f) if x != -1)
        layers.append(m_)
        if i == 0:
            ch = []
        ch.append(c2)
    return nn.Sequential(*layers), sorted(set(save))


def load_cfg(path, scale=None):
    import yaml
    with open(path) as fh:
        d = yaml.safe_load(fh)
    if scale:
        d['depth_multiple'], d['width_multiple'] = SCALES[scale]
    return d


class DetectionModel(nn.Module):
    def __init__(self, cfg, ch=3, indexing='ij'):
        super().__init__()
        self.yaml = deepcopy(cfg)
        self.yaml['ch'] = self.yaml.get('ch', ch)
        self.model, self.save = parse_model(deepcopy(self.yaml), ch=[self.yaml['ch']])
        self.names = [str(i) for i in range(self.yaml['nc'])]
        det = self.model[-1]
        det.stride = torch.tensor([8.0, 16.0, 32.0])
        self.eval()
        with torch.no_grad():  # the strides, as YOLOv5 measures them
            maps = self.forward(torch.zeros(1, self.yaml['ch'], 256, 256), raw=True)[1]
        det.stride = torch.tensor([256 / t.shape[2] for t in maps])
        det.anchors /= det.stride.view(-1, 1, 1)
        self.stride = det.stride
        self.set_indexing(indexing)

    def set_indexing(self, indexing):
        if indexing not in ('xy', 'ij'):
            raise ValueError(f"indexing must be 'xy' or 'ij', not {indexing!r}")
        self.indexing = indexing
        for m in self.modules():
            if isinstance(m, AKConv):
                m.indexing = indexing
        return self

    def forward(self, x, raw=False):
        return self.run(x, raw=raw)['out']

    def run(self, x=None, start=0, stop=None, saved=None, keep=(), raw=False):
        """Runs layers start .. stop-1. `saved` gives earlier outputs ({index: tensor}; layer start-1's
        output is the input when start > 0). Returns {'out': last output, index: output for each
        index in keep}."""
        y = {} if saved is None else dict(saved)
        if start > 0:
            x = y[start - 1]
        stop = len(self.model) if stop is None else stop
        out = {}
        for m in self.model[start:stop]:
            if m.f != -1:
                x = y[m.f] if isinstance(m.f, int) else [x if j == -1 else y[j] for j in m.f]
            x = m(x, raw=raw) if isinstance(m, Detect) else m(x)
            if m.i in self.save or m.i in keep:
                y[m.i] = x
            if m.i in keep:
                out[m.i] = x
        out['out'] = x
        return out

    def metadata(self, extra=None):
        meta = {'config': json.dumps(self.yaml), 'names': json.dumps(list(self.names)),
                'stride': json.dumps([float(v) for v in self.stride]), 'indexing': self.indexing, 'bn_eps': '0.001'}
        meta.update(extra or {})
        return meta

    def float_state_dict(self):
        return {k: v for k, v in self.state_dict().items() if v.dtype.is_floating_point}


IGNORED_KEYS = ('anchor_grid',)  # a leftover buffer of YOLOv5 v6.0 checkpoints; the forward pass does not read it


def model_from_state(cfg, tensors, names=None, indexing='ij'):
    model = DetectionModel(cfg, indexing=indexing)
    sd = {k: v.float() for k, v in tensors.items() if not k.endswith(IGNORED_KEYS)}
    missing, unexpected = model.load_state_dict(sd, strict=False)
    missing = [k for k in missing if not k.endswith('num_batches_tracked')]
    if missing or unexpected:
        raise ValueError(f'weights do not match the config: missing {missing[:5]}, unexpected {unexpected[:5]}')
    if names:
        model.names = list(names)
    return model.eval()


def load_model(path, indexing=None):
    """A model from one of our .safetensors files (config, names and indexing from its metadata)."""
    from safetensors_io import load_safetensors
    tensors, meta = load_safetensors(path)
    cfg = json.loads(meta['config'])
    names = json.loads(meta['names']) if 'names' in meta else None
    return model_from_state(cfg, tensors, names, indexing or meta.get('indexing', 'ij')), meta


def save_model(model, path, dtype='F16', extra=None, extra_tensors=None):
    from safetensors_io import save_safetensors
    tensors = model.float_state_dict()
    tensors.update(extra_tensors or {})
    save_safetensors(path, tensors, model.metadata(extra), dtype=dtype)


@contextlib.contextmanager
def threads(n):
    old = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(old)
