#!/usr/bin/python3
"""Makes the golden test fixtures in test/fixtures/ from the PyTorch reference
in the shared folder (shared/reference/refcli.py, shared/weights/yolov5n.pt).

Run through scripts/golden/make.sh (`npm run golden`), or directly:

    /usr/bin/python3 scripts/golden/fixtures.py --shared ../shared --out test/fixtures --tmp /tmp/x

Needs Debian's python3-torch, python3-numpy and python3-yaml (run it with
/usr/bin/python3). Every refcli command is run as a subprocess, exactly as
printed; refcli's own functions (load_checkpoint, save_safetensors,
load_safetensors, model_metadata) are imported for the Python-side work.
The script stops with a non-zero status when a check fails.
"""
import argparse
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch
import yaml

SUBDIRS = ['akconv', 'configs', 'info', 'models', 'forward']
FORWARD_SHAPE = '1,3,96,160'
FORWARD_SEED = '0'
CHECKPOINT_SEED = '0'
EXPECTED_PARAMS = {'det_l': 41928079, 'det_n': 1780771, 'seg_l': 43289327, 'ldconv_yolov5n': 1655097}
SIZE_TARGET = 8 * 1024 * 1024  # about 8 MB is the aim; a hard stop at 9 MiB
SIZE_LIMIT = 9 * 1024 * 1024

CHECKS = []  # (name, ok, text) for the summary at the end


class Ctx:
    def __init__(self, shared, out, tmp):
        self.shared = shared
        self.ref = shared / 'reference'
        self.refcli = self.ref / 'refcli.py'
        self.weights = shared / 'weights' / 'yolov5n.pt'
        self.out = out
        self.tmp = tmp


def check(name, ok, text):
    CHECKS.append((name, bool(ok), text))
    print(f"  [{'ok' if ok else 'FAIL'}] {name}: {text}", flush=True)


def rel(ctx, p):
    try:
        return str(Path(p).relative_to(ctx.out.parent.parent))
    except ValueError:
        return str(p)


def refcli(ctx, *args, stdout=None):
    """Runs `refcli.py ARGS` with this interpreter; returns its stdout."""
    cmd = [sys.executable, str(ctx.refcli), *map(str, args)]
    repo = str(ctx.out.parent.parent) + os.sep
    shown = ' '.join(['refcli.py'] + [a.replace(str(ctx.tmp), '$TMP').replace(str(ctx.shared), '$SHARED')
                                      .replace(repo, '') for a in map(str, args)])
    print(f'$ {shown}', flush=True)
    r = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)
    if stdout is None:
        for line in r.stdout.splitlines()[-3:]:
            print(f'    {line}')
    return r.stdout


def read_header(path):
    with open(path, 'rb') as fh:
        n = struct.unpack('<Q', fh.read(8))[0]
        return json.loads(fh.read(n))


def load_st(path):
    import refcli as rc
    return rc.load_safetensors(path)


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def same_bits(a, b):
    """Same dtype, shape and bytes (so -0 != +0 and NaN payloads count)."""
    return a.dtype == b.dtype and tuple(a.shape) == tuple(b.shape) and \
        a.contiguous().numpy().tobytes() == b.contiguous().numpy().tobytes()


def raw_state_dict(path):
    """The checkpoint's state dict as stored (float16), without refcli's .float()."""
    ckpt = torch.load(path, map_location='cpu')
    model = (ckpt.get('ema') or ckpt['model']) if isinstance(ckpt, dict) else ckpt
    return {k: v for k, v in model.state_dict().items() if v.dtype.is_floating_point}


# ---------------------------------------------------------------- 1. akconv
def step_akconv(ctx):
    print('\n== 1. AKConv / C3_AKConv golden cases -> test/fixtures/akconv/', flush=True)
    src = ctx.ref / 'golden'
    regen = ctx.tmp / 'golden'
    refcli(ctx, 'golden', '--out', regen)
    shared_files = sorted(p.name for p in src.iterdir() if p.is_file())
    regen_files = sorted(p.name for p in regen.iterdir() if p.is_file())
    differ = [f for f in shared_files if f not in regen_files or
              (src / f).read_bytes() != (regen / f).read_bytes()]
    extra = [f for f in regen_files if f not in shared_files]
    cases = json.loads((src / 'index.json').read_text())
    check('akconv golden count', len(cases) == 88 and len(shared_files) == 89,
          f'{len(cases)} cases in index.json, {len(shared_files)} files in shared/reference/golden')
    identical = not differ and not extra
    if differ:  # how far apart: inputs and parameters, or only computed tensors?
        worst, names = 0.0, set()
        for f in differ:
            if f.endswith('.json') or f not in regen_files:
                continue
            a, b = load_st(src / f), load_st(regen / f)
            for k in a:
                if not same_bits(a[k], b[k]):
                    names.add(k)
                    worst = max(worst, ((a[k] - b[k]).abs().max() / a[k].abs().max()).item())
        print(f'    differing tensors: {sorted(names)}; max |diff| / max |value| per tensor: {worst:.3g}')
    text = f'all {len(shared_files)} files byte-identical' if identical else \
        f'NOT identical: {len(differ)} differ {differ[:4]}, {len(extra)} extra; the shared copies are used'
    # not fatal: the shared copies are the fixtures either way (the README says which it was)
    CHECKS.append(('refcli golden regenerates shared/reference/golden', True, text))
    print(f"  [{'ok' if identical else 'NOTE'}] refcli golden regenerates shared/reference/golden: {text}")
    dst = ctx.out / 'akconv'
    for f in shared_files:
        shutil.copyfile(src / f, dst / f)
    return identical


# --------------------------------------------------------------- 2. configs
def yaml_value(v, bare=()):
    if isinstance(v, bool):
        return 'True' if v else 'False'
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return '[' + ', '.join(yaml_value(x, bare) for x in v) + ']'
    if isinstance(v, str):
        return v if v in bare else "'" + v.replace("'", "''") + "'"
    raise TypeError(f'cannot write {v!r}')


def config_yaml(d, title):
    """A YOLOv5 config in the style of the YOLOv5 repository's models/*.yaml."""
    keys = {'nc', 'depth_multiple', 'width_multiple', 'anchors', 'backbone', 'head', 'ch'}
    assert set(d) <= keys, set(d) - keys
    lines = [f'# {title}', '',
             '# Parameters',
             f"nc: {d['nc']}  # number of classes",
             f"depth_multiple: {d['depth_multiple']}  # model depth multiple",
             f"width_multiple: {d['width_multiple']}  # layer channel multiple",
             'anchors:']
    for k, row in enumerate(d['anchors']):
        lines.append(f'  - {yaml_value(row)}  # P{k + 3}/{2 ** (k + 3)}')
    i = 0
    for part in ['backbone', 'head']:
        lines += ['', f'# YOLOv5 v6.0 {part}', f'{part}:']
        if part == 'backbone':
            lines.append('  # [from, number, module, args]')
        rows = d[part]
        for k, (f, n, m, args) in enumerate(rows):
            # module names and the names parse_model resolves are written bare, other strings quoted
            row = f'[{yaml_value(f)}, {yaml_value(n)}, {m}, {yaml_value(args, bare=("None", "nc", "anchors"))}]'
            lines.append(f"  {'[' if k == 0 else ' '}{row},  # {i}")
            i += 1
        lines.append('  ]')
    return '\n'.join(lines) + '\n'


def step_configs(ctx):
    print('\n== 2. configs -> test/fixtures/configs/', flush=True)
    dst = ctx.out / 'configs'
    for name in ['yolov5_C3_AKConv.yaml', 'yolov5_C3_AKConv-seg.yaml', 'ldconv_yolov5n.yaml']:
        shutil.copyfile(ctx.ref / 'models' / name, dst / name)
        print(f'  copied reference/models/{name}')
    sys.path.insert(0, str(ctx.ref))
    import refcli as rc
    model, _ = rc.load_checkpoint(str(ctx.weights))
    d = {k: v for k, v in model.yaml.items() if k != 'ch'}
    text = config_yaml(d, 'YOLOv5n v6.0: the architecture stored in weights/yolov5n.pt (model.yaml)')
    (dst / 'yolov5n.yaml').write_text(text)
    back = yaml.safe_load(text)
    check('yolov5n.yaml round-trips to the checkpoint\'s model.yaml', back == d,
          f'yaml.safe_load(yolov5n.yaml) == model.yaml without ch (ch = {model.yaml.get("ch")})')


# ------------------------------------------------------------------ 3. info
def step_info(ctx):
    print('\n== 3. refcli info -> test/fixtures/info/', flush=True)
    cfg = ctx.out / 'configs'
    runs = [('det_l', cfg / 'yolov5_C3_AKConv.yaml', 'l'), ('det_n', cfg / 'yolov5_C3_AKConv.yaml', 'n'),
            ('seg_l', cfg / 'yolov5_C3_AKConv-seg.yaml', 'l'), ('seg_n', cfg / 'yolov5_C3_AKConv-seg.yaml', 'n'),
            ('ldconv_yolov5n', cfg / 'ldconv_yolov5n.yaml', None), ('yolov5n', cfg / 'yolov5n.yaml', None)]
    infos = {}
    for name, path, scale in runs:
        args = ['info', path] + (['--scale', scale] if scale else [])
        # the configs are passed by their fixture path, relative to the repo root
        text = refcli(ctx, *args, stdout=False)
        js = refcli(ctx, *args, '--json', stdout=False)
        (ctx.out / 'info' / f'{name}.txt').write_text(text)
        (ctx.out / 'info' / f'{name}.json').write_text(js)
        info = json.loads(js)
        infos[name] = info
        print(f"    {name}: {info['parameters']} parameters, {info['modules']} modules, {info['gflops']} GFLOPs")
        summary = text.strip().splitlines()[-1]
        check(f'{name} text and json agree', f"{info['parameters']} parameters" in summary, summary)
        if name in EXPECTED_PARAMS:
            check(f'{name} parameters', info['parameters'] == EXPECTED_PARAMS[name],
                  f"{info['parameters']} (expected {EXPECTED_PARAMS[name]})")
    n_ckpt = sum(v.numel() for k, v in raw_state_dict(ctx.weights).items()
                 if not k.endswith(('running_mean', 'running_var', 'anchors', 'anchor_grid')))
    check('yolov5n parameters match yolov5n.pt', infos['yolov5n']['parameters'] == n_ckpt,
          f"{infos['yolov5n']['parameters']} (checkpoint: {n_ckpt})")
    for name in ['det_l', 'seg_l', 'ldconv_yolov5n']:
        last = infos[name]['layers'][-1]
        print(f"    {name} last row: module {last['module']!r}, arguments {last['arguments']!r}")
    return infos


# ---------------------------------------------------------------- 4. models
def step_models(ctx):
    print('\n== 4. weights -> test/fixtures/models/', flush=True)
    import refcli as rc
    dst = ctx.out / 'models'
    model, _ = rc.load_checkpoint(str(ctx.weights))
    base = raw_state_dict(ctx.weights)
    dtypes = {str(v.dtype) for v in base.values()}
    check('yolov5n.pt float tensors are float16', dtypes == {'torch.float16'}, f'{len(base)} tensors, {dtypes}')
    rc.save_safetensors(dst / 'yolov5n.f16.safetensors', base, rc.model_metadata(model, 'xy'))
    back = rc.load_safetensors(dst / 'yolov5n.f16.safetensors')
    check('yolov5n.f16.safetensors is exact', list(back) == list(base) and all(same_bits(back[k], base[k]) for k in base),
          f'{len(back)} tensors, {sum(v.numel() for v in back.values())} values')

    cfg = ctx.out / 'configs'
    for name, path in [('c3akconv_n', cfg / 'yolov5_C3_AKConv.yaml'), ('seg_n', cfg / 'yolov5_C3_AKConv-seg.yaml')]:
        pt = ctx.tmp / f'{name}.pt'
        refcli(ctx, 'checkpoint', '--cfg', path, '--scale', 'n', '--init', ctx.weights, '--seed', CHECKPOINT_SEED,
               '--out', pt)
        sd = raw_state_dict(pt)
        overlay = {k: v for k, v in sd.items() if k not in base or not same_bits(v, base[k])}
        drop = [k for k in base if k not in sd]
        dtypes = {str(v.dtype) for v in sd.values()}
        check(f'{name}.pt float tensors are float16', dtypes == {'torch.float16'}, str(dtypes))
        m, _ = rc.load_checkpoint(str(pt))
        meta = rc.model_metadata(m, 'xy')
        meta['base'] = 'yolov5n.f16.safetensors'
        meta['drop'] = json.dumps(drop)
        out = dst / f'{name}.overlay.f16.safetensors'
        rc.save_safetensors(out, overlay, meta)
        print(f'    {name}: {len(sd)} float tensors; overlay {len(overlay)} '
              f'({sum(v.numel() for v in overlay.values())} values), drop {len(drop)}')
        print(f'    overlay: {", ".join(overlay)}')
        print(f'    drop: {", ".join(drop)}')
        # rebuild: base + overlay - drop, from the files just written
        b = rc.load_safetensors(dst / 'yolov5n.f16.safetensors')
        o = rc.load_safetensors(out)
        hdr = read_header(out)['__metadata__']
        rebuilt = {k: v for k, v in b.items() if k not in set(json.loads(hdr['drop']))}
        rebuilt.update(o)
        ok = set(rebuilt) == set(sd) and all(same_bits(rebuilt[k], sd[k]) for k in sd)
        check(f'{name}: base + overlay - drop == checkpoint float state dict', ok,
              f'{len(rebuilt)} tensors, names, shapes and values bit-identical')


# --------------------------------------------------------------- 5. forward
def step_forward(ctx):
    print('\n== 5. forward goldens -> test/fixtures/forward/', flush=True)
    import refcli as rc
    dst = ctx.out / 'forward'
    inp = ['--shape', FORWARD_SHAPE, '--seed', FORWARD_SEED]
    c3, seg = ctx.tmp / 'c3akconv_n.pt', ctx.tmp / 'seg_n.pt'
    refcli(ctx, 'forward', '--weights', ctx.weights, *inp, '--out', dst / 'yolov5n.safetensors')
    refcli(ctx, 'forward', '--weights', c3, *inp, '--indexing', 'xy', '--layers',
           '--out', dst / 'c3akconv_n_xy.safetensors')
    full_ij = ctx.tmp / 'c3akconv_n_ij_all.safetensors'
    refcli(ctx, 'forward', '--weights', c3, *inp, '--indexing', 'ij', '--layers', '--out', full_ij)
    refcli(ctx, 'forward', '--weights', seg, *inp, '--indexing', 'xy', '--out', dst / 'seg_n_xy.safetensors')

    # c3akconv_n_ij: input, pred and layers 7, 8, 9 only (same order, same metadata)
    keep = {'input', 'pred', 'layer.7', 'layer.8', 'layer.9'}
    t = rc.load_safetensors(full_ij)
    meta = read_header(full_ij)['__metadata__']
    rc.save_safetensors(dst / 'c3akconv_n_ij.safetensors', {k: v for k, v in t.items() if k in keep}, meta)

    f = {n: rc.load_safetensors(dst / f'{n}.safetensors')
         for n in ['yolov5n', 'c3akconv_n_xy', 'c3akconv_n_ij', 'seg_n_xy']}
    for n, t in f.items():
        desc = ', '.join(f'{k} {tuple(v.shape)}' for k, v in t.items() if not k.startswith('layer.'))
        nl = sum(k.startswith('layer.') for k in t)
        print(f"    {n}: {desc}{f', {nl} layer outputs' if nl else ''}; "
              f"indexing {read_header(dst / f'{n}.safetensors')['__metadata__']['indexing']}")
    check('forward: all files share one input', all(same_bits(t['input'], f['yolov5n']['input']) for t in f.values()),
          f"input {tuple(f['yolov5n']['input'].shape)}, torch.rand with seed {FORWARD_SEED}")
    check('forward: all tensors float32', all(v.dtype == torch.float32 for t in f.values() for v in t.values()), '')
    xy, ij = f['c3akconv_n_xy'], f['c3akconv_n_ij']
    d_pred = (xy['pred'] - ij['pred']).abs().max().item()
    check('c3akconv_n: xy and ij preds differ', d_pred > 0, f'max |pred_xy - pred_ij| = {d_pred:.6g}')
    d7 = (xy['layer.7'] - ij['layer.7']).abs().max().item()
    d8 = (xy['layer.8'] - ij['layer.8']).abs().max().item()
    check('c3akconv_n: layer 7 same for xy and ij, layer 8 differs', d7 == 0 and d8 > 0,
          f'layer.7 max diff {d7:.3g}, layer.8 max diff {d8:.6g}')
    d_det = (xy['pred'] - f['yolov5n']['pred']).abs().max().item()
    print(f'    max |pred c3akconv_n_xy - pred yolov5n| = {d_det:.6g}')

    # AKConv offsets at layer 8 (model.8.m.0.cv2.p_conv) are non-zero
    m, _ = rc.load_checkpoint(str(c3), 'xy')
    akc = m.model[8].m[0].cv2
    got = {}
    h = akc.p_conv.register_forward_hook(lambda mod, i, o: got.__setitem__('p', (i[0].clone(), o.clone())))
    with torch.no_grad():
        y = m(xy['input'])
    h.remove()
    xin, off = got['p']
    check('c3akconv_n: checkpoint re-run gives the golden pred', same_bits(y[0], xy['pred']), 'bit-identical')
    check('c3akconv_n: layer-8 AKConv offsets non-zero', off.abs().mean().item() > 0,
          f'p_conv output {tuple(off.shape)} mean |offset| {off.abs().mean().item():.6g}, '
          f'max {off.abs().max().item():.6g} (input map {tuple(xin.shape[2:])})')

    # tests rebuild the models from the fixtures alone: config + base (+ overlay - drop) -> same pred
    from models.yolo import DetectionModel
    base = rc.load_safetensors(ctx.out / 'models' / 'yolov5n.f16.safetensors')
    for n, overlay, idx in [('yolov5n', None, 'xy'), ('c3akconv_n_xy', 'c3akconv_n', 'xy'),
                            ('c3akconv_n_ij', 'c3akconv_n', 'ij'), ('seg_n_xy', 'seg_n', 'xy')]:
        path = ctx.out / 'models' / (f'{overlay}.overlay.f16.safetensors' if overlay else 'yolov5n.f16.safetensors')
        meta = read_header(path)['__metadata__']
        sd = dict(base)
        if overlay:
            for k in json.loads(meta['drop']):
                del sd[k]
            sd.update(rc.load_safetensors(path))
        model = DetectionModel(json.loads(meta['config']), verbose=False)
        missing, unexpected = model.load_state_dict({k: v.float() for k, v in sd.items()}, strict=False)
        missing = [k for k in missing if not k.endswith('num_batches_tracked')]
        # yolov5n.pt (v6.0) still has Detect's anchor_grid buffer (anchors x stride); the forward ignores it
        unexpected = [k for k in unexpected if not k.endswith('.anchor_grid')]
        model.set_indexing(idx).eval()
        with torch.no_grad():
            y = model(f[n]['input'])
        same = same_bits(y[0], f[n]['pred']) and ('proto' not in f[n] or same_bits(y[1], f[n]['proto']))
        check(f'{n}: rebuilt from fixtures (config + weights) gives the golden outputs',
              same and not missing and not unexpected,
              f'max |diff| {(y[0] - f[n]["pred"]).abs().max().item():.3g}, missing {missing}, unexpected {unexpected}')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--shared', required=True, type=Path)
    ap.add_argument('--out', required=True, type=Path, help='test/fixtures')
    ap.add_argument('--tmp', required=True, type=Path, help='scratch folder (checkpoints, regenerated golden)')
    a = ap.parse_args()
    ctx = Ctx(a.shared.resolve(), a.out.resolve(), a.tmp.resolve())
    torch.set_grad_enabled(False)
    print(f'torch {torch.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}')
    print(f'shared: {ctx.shared}\nout: {ctx.out}')
    for sub in SUBDIRS:
        shutil.rmtree(ctx.out / sub, ignore_errors=True)
        (ctx.out / sub).mkdir(parents=True)
    sys.path.insert(0, str(ctx.ref))

    step_akconv(ctx)
    step_configs(ctx)
    step_info(ctx)
    step_models(ctx)
    step_forward(ctx)

    print('\n== files', flush=True)
    total = 0
    for sub in SUBDIRS:
        files = sorted((ctx.out / sub).iterdir())
        size = sum(p.stat().st_size for p in files)
        total += size
        if sub == 'akconv':
            print(f'  {sub}/ ({len(files)} files): {size:,} bytes')
            continue
        for p in files:
            print(f'  {sub}/{p.name}: {p.stat().st_size:,} bytes  sha256 {sha256(p)[:16]}')
    readme = ctx.out / 'README.md'
    if readme.exists():
        total += readme.stat().st_size
    check('test/fixtures size', total < SIZE_LIMIT,
          f'{total:,} bytes ({total / 2 ** 20:.2f} MiB; aim about {SIZE_TARGET / 2 ** 20:.0f} MiB, limit '
          f'{SIZE_LIMIT / 2 ** 20:.0f} MiB)')

    failed = [c for c in CHECKS if not c[1]]
    print(f'\n== {len(CHECKS) - len(failed)}/{len(CHECKS)} checks passed')
    for name, _, text in failed:
        print(f'  FAILED {name}: {text}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
