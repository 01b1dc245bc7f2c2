#!/usr/bin/python3
"""Distils YOLOv5n into YOLOv5n-C3_AKConv (the seed's detection config at scale n).

    /usr/bin/python3 training/distill.py --indexing ij --out public/models/yolov5n-c3akconv-ij.safetensors
    /usr/bin/python3 training/distill.py --indexing xy --out public/models/yolov5n-c3akconv-xy.safetensors

The student shares every layer but 8 with YOLOv5n: those are copied from the teacher and frozen
(BatchNorm in eval mode). Layer 8 (C3_AKConv) starts from the teacher's C3: cv1, cv2, cv3 and
m.0.cv1 as they are; AKConv's column conv m.0.cv2.conv.0 (c, c, 3, 1) from the teacher's 3x3 taps
at AKConv's sampling points p_n = (0,0), (0,1), (1,0) (p_0 is the output pixel itself, so these are
taps (1,1), (1,2), (2,1) of the 3x3 kernel centred at (1,1)); its BatchNorm from the teacher's
m.0.cv2.bn; p_conv at zero weight and bias. Layer 8 is then trained (all of its parameters;
p_conv at lr x --pconv-lr-mult, the seed's intent, since its backward hook is a no-op; layer 8's
BatchNorms stay in eval mode with the teacher's running statistics, their affine parameters
train) to reproduce the teacher's layer-8 output (MSE) on augmented COCO128 train2017 images.

The frozen backbone work is done once: K augmented copies of every training image (mosaic,
random scale / translate, HSV, flip; training/augment.py) go through teacher layers 0-8, and
the layer-7 output (layer 8's input) and the teacher's layer-8 output are kept as float16
(--cache). Training then runs layer 8 alone for many epochs over them. The ij and xy students use
the same cache. Logs (CSV, JSON) and a loss plot go to --run; the final model (float16) to --out.
"""
import argparse
import datetime
import hashlib
import json
import math
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from augment import image_files, load_image, to_tensor, train_sample  # noqa: E402
from yolo import AKConv, DetectionModel, load_cfg, load_model, save_model  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / 'shared'
LAYER = 8
LICENSE = 'AGPL-3.0 (derived from Ultralytics YOLOv5n)'
TEACHER_PT_SHA256 = 'edd2e5cc4e3caa4b508168b51d9dc529da58b37813e0d2c8b49aba06aa3472dc'


# --- student ----------------------------------------------------------------------------------------
def build_student(teacher, cfg_path, scale, indexing):
    """The student with every shared tensor copied from the teacher and layer 8 seeded from the
    teacher's C3 (see the module docstring). Returns (student, report)."""
    student = DetectionModel(load_cfg(cfg_path, scale), indexing=indexing)
    student.names = list(teacher.names)
    sd, tsd = student.state_dict(), teacher.state_dict()
    copied, seeded = [], []
    for k, v in sd.items():
        if k in tsd and tsd[k].shape == v.shape:
            sd[k] = tsd[k].clone()
            copied.append(k)
    for name, mod in student.named_modules():
        if isinstance(mod, AKConv):
            k3 = tsd[name + '.conv.weight']  # the 3x3 conv this AKConv replaces
            if k3.shape[-2:] != (3, 3):
                raise ValueError(f'{name}: the teacher has no 3x3 conv to seed AKConv from')
            pn = mod.p_n()
            N = mod.num_param
            taps = [(1 + int(pn[n]), 1 + int(pn[N + n])) for n in range(N)]  # (0,0) -> centre (1,1)
            if any(not (0 <= i < 3 and 0 <= j < 3) for i, j in taps):
                raise ValueError(f'{name}: p_n {taps} reaches outside a 3x3 kernel')
            sd[name + '.conv.0.weight'] = torch.stack([k3[:, :, i, j] for i, j in taps], 2)[..., None].clone()
            for s in ['weight', 'bias', 'running_mean', 'running_var']:
                sd[name + '.conv.1.' + s] = tsd[name + '.bn.' + s].clone()
            sd[name + '.p_conv.weight'].zero_()
            sd[name + '.p_conv.bias'].zero_()
            seeded.append((name, taps))
    student.load_state_dict(sd)
    student.eval()
    for k, p in student.named_parameters():
        p.requires_grad_(k.startswith(f'model.{LAYER}.'))
    trained = [k for k, p in student.named_parameters() if p.requires_grad]
    return student, {'copied': len(copied), 'seeded': seeded, 'trained': trained}


def make_optimizer(student, lr, pconv_mult, wd=0.0):
    pc = [p for k, p in student.named_parameters() if p.requires_grad and '.p_conv.' in k]
    rest = [p for k, p in student.named_parameters() if p.requires_grad and '.p_conv.' not in k]
    return torch.optim.Adam([{'params': rest, 'lr': lr, 'base_lr': lr},
                             {'params': pc, 'lr': lr * pconv_mult, 'base_lr': lr * pconv_mult}], lr=lr, weight_decay=wd)


def distill_loss(student, x7, t8, w9=0.0):
    """MSE between the student's layer 8 (on the teacher's layer-7 output) and the teacher's layer 8;
    with w9 > 0 plus w9 x the MSE after the (frozen, shared) SPPF, layer 9, which is all that reads
    layer 8."""
    y8 = student.model[LAYER](x7)
    loss = F.mse_loss(y8, t8)
    if w9:
        sppf = student.model[LAYER + 1]
        with torch.no_grad():
            t9 = sppf(t8)
        loss = loss + w9 * F.mse_loss(sppf(y8), t9)
    return loss


def distill_step(student, opt, x7, t8, w9=0.0):
    opt.zero_grad(set_to_none=True)
    loss = distill_loss(student, x7, t8, w9)
    loss.backward()
    opt.step()
    return float(loss)


# --- the cache of teacher features ------------------------------------------------------------------
def build_cache(teacher, files, imgsz, copies, mosaic_p, seed, chunk=4, log=print):
    """K augmented copies of every image through teacher layers 0-8: {'x7', 't8'} as float16
    (N, C, imgsz/32, imgsz/32), N = copies x images, copy-major."""
    ims = [load_image(f, imgsz, True)[0] for f in files]
    x7s, t8s = [], []
    t0 = time.time()
    with torch.no_grad():
        for k in range(copies):
            for i0 in range(0, len(files), chunk):
                batch = []
                for i in range(i0, min(i0 + chunk, len(files))):
                    rng = np.random.default_rng([seed, k, i])
                    batch.append(train_sample(files, i, imgsz, rng, mosaic_p, cache=ims))
                r = teacher.run(to_tensor(batch), stop=LAYER + 1, keep=(LAYER - 1, LAYER))
                x7s.append(r[LAYER - 1].half())
                t8s.append(r[LAYER].half())
            log(f'cache: copy {k + 1}/{copies} done, {time.time() - t0:.0f} s')
    return {'x7': torch.cat(x7s), 't8': torch.cat(t8s)}


def val_targets(teacher, batches):
    """Teacher features on the val images for the held-out feature loss and for mAP: layers 4, 6, 7
    (what the student's layers 8.. read) and the teacher's layer 8."""
    import val
    pre = val.prefix_features(teacher, batches)
    t8 = []
    with torch.no_grad():
        for p in pre:
            t8.append(teacher.model[LAYER](p[LAYER - 1]))
    return pre, t8


def val_feature_loss(student, pre, t8):
    with torch.no_grad():
        tot = n = 0
        for p, t in zip(pre, t8):
            y = student.model[LAYER](p[LAYER - 1])
            tot += float(F.mse_loss(y, t, reduction='sum'))
            n += t.numel()
    return tot / n


# --- run -------------------------------------------------------------------------------------------
def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def relpath(v):
    """Paths in the provenance relative to the repository (../shared for the shared folder)."""
    if isinstance(v, str) and v.startswith('/'):
        p = Path(v).resolve()
        for base, name in ((REPO, ''), (SHARED.resolve(), '../shared/')):
            try:
                return name + str(p.relative_to(base))
            except ValueError:
                pass
    return v


def git_commit():
    try:
        return subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=REPO, capture_output=True, text=True, timeout=10).stdout.strip()
    except Exception:  # noqa: BLE001
        return ''


def plot(log_rows, path, title):
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    ep = [r['epoch'] for r in log_rows]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(ep, [r['train_mse'] for r in log_rows], label='train MSE (augmented train2017)')
    ax.plot(ep, [r['val_mse'] for r in log_rows], label='held-out MSE (val2017, rect 640)')
    ax.set_yscale('log')
    ax.set_xlabel('epoch')
    ax.set_ylabel('layer-8 feature MSE vs teacher')
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--indexing', choices=['ij', 'xy'], required=True)
    ap.add_argument('--out', help='the distilled model (.safetensors, float16)')
    ap.add_argument('--teacher', default=str(REPO / 'public' / 'models' / 'yolov5n.safetensors'))
    ap.add_argument('--cfg', default=str(REPO / 'test' / 'fixtures' / 'configs' / 'yolov5_C3_AKConv.yaml'))
    ap.add_argument('--scale', default='n')
    ap.add_argument('--data', default=str(SHARED / 'data' / 'coco128'))
    ap.add_argument('--imgsz', type=int, default=640)
    ap.add_argument('--copies', type=int, default=8, help='augmented copies of each training image')
    ap.add_argument('--mosaic', type=float, default=0.5, help='probability of a mosaic sample')
    ap.add_argument('--cache', help='teacher-feature cache (.pt); built if missing')
    ap.add_argument('--epochs', type=int, default=20)
    ap.add_argument('--batch', type=int, default=16)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--pconv-lr-mult', type=float, default=0.1)
    ap.add_argument('--w9', type=float, default=0.0, help='weight of the MSE after the frozen SPPF (layer 9)')
    ap.add_argument('--init-from', help='start layer 8 from this student (.safetensors) instead of the teacher seed')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--run', help='log folder (default training/runs/<indexing>)')
    ap.add_argument('--val-every', type=int, default=0, help='mAP on val2017 every N epochs (0: only at the end)')
    ap.add_argument('--no-val', action='store_true')
    ap.add_argument('--cache-only', action='store_true', help='build the caches and stop')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    run = Path(a.run or REPO / 'training' / 'runs' / a.indexing)
    run.mkdir(parents=True, exist_ok=True)
    cache_dir = REPO / 'training' / 'runs' / 'cache'
    cache_dir.mkdir(parents=True, exist_ok=True)
    logf = open(run / 'log.txt', 'a')

    def log(msg):
        line = f'[{datetime.datetime.now().strftime("%H:%M:%S")}] {msg}'
        print(line, flush=True)
        logf.write(line + '\n')
        logf.flush()

    t_start = time.time()
    log('command: ' + ' '.join(sys.argv))
    teacher, tmeta = load_model(a.teacher)
    tprov = json.loads(tmeta.get('provenance', '{}'))
    student, rep = build_student(teacher, a.cfg, a.scale, a.indexing)
    if a.init_from:
        prev, _ = load_model(a.init_from, a.indexing)
        psd = prev.state_dict()
        with torch.no_grad():
            for k, v in student.state_dict().items():
                if k.startswith(f'model.{LAYER}.'):
                    v.copy_(psd[k])
        rep['seeded'] = f'layer {LAYER} from {a.init_from}'
    log(f"student: {rep['copied']} tensors copied from the teacher, seeded {rep['seeded']}, "
        f"{len(rep['trained'])} trainable tensors ({sum(p.numel() for p in student.parameters() if p.requires_grad)} values)")

    files = image_files(Path(a.data) / 'images' / 'train2017')
    cache_path = Path(a.cache or cache_dir / f'train_{a.imgsz}_k{a.copies}_m{a.mosaic}_s{a.seed}.pt')
    t0 = time.time()
    if cache_path.exists():
        cache = torch.load(cache_path)
        log(f'cache: {cache_path} ({cache["x7"].shape[0]} samples)')
    else:
        with torch.no_grad():
            cache = build_cache(teacher, files, a.imgsz, a.copies, a.mosaic, a.seed, log=log)
        torch.save(cache, cache_path)
        log(f'cache: built {cache["x7"].shape[0]} samples in {time.time() - t0:.0f} s -> {cache_path}')
    t_cache = time.time() - t0

    import val
    t0 = time.time()
    vcache_path = cache_dir / f'val_{a.imgsz}_rect.pt'
    if vcache_path.exists():
        vc = torch.load(vcache_path)
        batches = vc['batches']
        vpre, vt8 = vc['pre'], vc['t8']
    else:
        batches = val.load_split(a.data, 'val2017', a.imgsz, rect=True)
        vpre, vt8 = val_targets(teacher, batches)
        torch.save({'batches': batches, 'pre': vpre, 't8': vt8}, vcache_path)
    log(f'val features ready in {time.time() - t0:.0f} s')
    if a.cache_only:
        return

    x7, t8 = cache['x7'], cache['t8']
    n = x7.shape[0]
    opt = make_optimizer(student, a.lr, a.pconv_lr_mult)
    steps_per_epoch = math.ceil(n / a.batch)
    total = steps_per_epoch * a.epochs
    warm = min(50, total // 10)
    rows = []

    def evaluate_map():
        r = val.evaluate(student, batches, prefix=vpre, start=LAYER)
        return {k: (round(v, 5) if isinstance(v, float) else v) for k, v in r.items()}

    row = {'epoch': 0, 'train_mse': val_feature_loss(student, [{LAYER - 1: x7[i:i + 64].float()} for i in range(0, n, 64)],
                                                     [t8[i:i + 64].float() for i in range(0, n, 64)]),
           'val_mse': val_feature_loss(student, vpre, vt8), 'lr': 0.0, 'seconds': 0.0}
    if a.val_every:
        row.update({f'val_{k}': v for k, v in evaluate_map().items() if k.startswith('mAP') or k.startswith('offset')})
    rows.append(row)
    log(json.dumps(row))
    t_train0 = time.time()
    g = torch.Generator().manual_seed(a.seed)
    step = 0
    for epoch in range(1, a.epochs + 1):
        perm = torch.randperm(n, generator=g)
        tot = 0.0
        for s in range(steps_per_epoch):
            idx = perm[s * a.batch:(s + 1) * a.batch]
            f = (step + 1) / warm if step < warm else 0.5 * (1 + math.cos(math.pi * (step - warm) / max(1, total - warm)))
            f = max(f, 0.01)
            for grp in opt.param_groups:
                grp['lr'] = grp['base_lr'] * f
            tot += distill_step(student, opt, x7[idx].float(), t8[idx].float(), a.w9) * len(idx)
            step += 1
        row = {'epoch': epoch, 'train_mse': tot / n, 'val_mse': val_feature_loss(student, vpre, vt8),
               'lr': opt.param_groups[0]['lr'], 'seconds': round(time.time() - t_train0, 1)}
        if a.val_every and (epoch % a.val_every == 0 or epoch == a.epochs):
            row.update({f'val_{k}': v for k, v in evaluate_map().items() if k.startswith('mAP') or k.startswith('offset')})
        rows.append(row)
        log(json.dumps(row))
    t_train = time.time() - t_train0

    (run / 'losses.json').write_text(json.dumps(rows, indent=1))
    keys = sorted({k for r in rows for k in r}, key=lambda k: list(rows[-1]).index(k) if k in rows[-1] else 99)
    with open(run / 'losses.csv', 'w') as fh:
        fh.write(','.join(keys) + '\n')
        for r in rows:
            fh.write(','.join(str(r.get(k, '')) for k in keys) + '\n')
    plot(rows, run / 'losses.png', f'layer-8 distillation, {a.indexing}')

    final = {}
    if a.val_every and 'val_mAP50-95' in rows[-1]:  # the last epoch was just evaluated
        final = {k[4:]: v for k, v in rows[-1].items() if k.startswith('val_') and k != 'val_mse'}
    elif not a.no_val:
        t0 = time.time()
        final = evaluate_map()
        log(f'final val (rect 640, val2017): {json.dumps(final)} in {time.time() - t0:.0f} s')
    recipe = {k: relpath(v) for k, v in vars(a).items() if k not in ('out', 'run', 'cache', 'no_val', 'cache_only', 'val_every')}
    recipe.update({'loss': 'MSE(student layer 8, teacher layer 8) on the teacher layer-7 output' + (f' + {a.w9} x MSE after the frozen SPPF (layer 9)' if a.w9 else ''),
                   'optimizer': 'Adam, linear warmup then cosine to 1% of lr', 'trained': f'model.{LAYER}.* (BatchNorm in eval mode)',
                   'samples': n, 'steps': total, 'augment': 'mosaic p=%g, random scale 0.5-1.5, translate 0.1, HSV (0.015, 0.7, 0.4), fliplr 0.5' % a.mosaic})
    prov = {'model': 'YOLOv5n-C3_AKConv: the seed detection config (yolov5_C3_AKConv.yaml) at scale n, distilled from YOLOv5n',
            'indexing': a.indexing, 'made_by': 'training/distill.py', 'command': ' '.join(['/usr/bin/python3'] + sys.argv),
            'repo_commit': git_commit(), 'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
            'teacher': 'yolov5n.pt (official Ultralytics YOLOv5n v6.0 COCO)',
            'teacher_sha256': tprov.get('source_sha256', TEACHER_PT_SHA256),
            'teacher_safetensors_sha256': sha256(a.teacher),
            'data': f'COCO128 images/train2017 (128 images, no labels used), {a.copies} augmented copies each',
            'recipe': recipe, 'torch': torch.__version__,
            'val_coco128_val2017': final,
            'seconds': {'cache': round(t_cache), 'train': round(t_train), 'total': round(time.time() - t_start)}}
    if a.out:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        save_model(student, a.out, 'F16', {'provenance': json.dumps(prov), 'license': LICENSE, 'format_version': '1'})
        log(f'saved {a.out} ({Path(a.out).stat().st_size} bytes)')
    (run / 'result.json').write_text(json.dumps(prov, indent=1))
    log(f'done in {time.time() - t_start:.0f} s')


if __name__ == '__main__':
    main()
