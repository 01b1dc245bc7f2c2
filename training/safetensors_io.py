"""Our .safetensors format: 8-byte little-endian header length, a JSON header padded with spaces
to a multiple of 8 (tensor name -> dtype, shape, data_offsets; `__metadata__`: string -> string),
then the raw little-endian data, row-major. Tensors carry PyTorch state-dict names.

Metadata our model files carry (all strings; JSON-valued ones are JSON text):
  config    the YOLOv5 yaml dict as JSON        names   JSON list of class names
  stride    JSON list, e.g. [8.0, 16.0, 32.0]   indexing  'xy' | 'ij' (AKConv convention)
  bn_eps    '0.001'
  plus, for the files made here: provenance (JSON), license, format_version.
"""
import json
import struct

import numpy as np
import torch

DTYPES = {'F16': np.float16, 'F32': np.float32, 'F64': np.float64, 'I64': np.int64, 'I32': np.int32,
          'U8': np.uint8, 'I8': np.int8}
NAMES = {np.dtype(v): k for k, v in DTYPES.items()}


def save_safetensors(path, tensors, metadata=None, dtype=None):
    """tensors: name -> torch.Tensor or np.ndarray. dtype 'F16' / 'F32' converts floating tensors
    (None keeps each tensor's own dtype). Names are written in the given order."""
    header, blobs, offset = {}, [], 0
    if metadata:
        bad = [k for k, v in metadata.items() if not isinstance(v, str)]
        if bad:
            raise TypeError(f'safetensors metadata values must be strings: {bad}')
        header['__metadata__'] = dict(metadata)
    for name, t in tensors.items():
        arr = t.detach().cpu().contiguous().numpy() if isinstance(t, torch.Tensor) else np.ascontiguousarray(t)
        if dtype and arr.dtype.kind == 'f':
            arr = arr.astype(DTYPES[dtype])
        if arr.dtype not in NAMES:
            raise TypeError(f'tensor {name} has a dtype safetensors cannot hold here: {arr.dtype}')
        b = arr.astype(arr.dtype.newbyteorder('<'), copy=False).tobytes()
        header[name] = {'dtype': NAMES[arr.dtype], 'shape': list(arr.shape), 'data_offsets': [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(',', ':')).encode()
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as fh:
        fh.write(struct.pack('<Q', len(h)))
        fh.write(h)
        for b in blobs:
            fh.write(b)


def load_safetensors(path, as_float32=False):
    """Returns (tensors: name -> torch.Tensor in file order, metadata: dict of strings)."""
    with open(path, 'rb') as fh:
        data = fh.read()
    n = struct.unpack('<Q', data[:8])[0]
    if n < 2 or 8 + n > len(data):
        raise ValueError(f'{path} is not a safetensors file (header length {n})')
    header = json.loads(data[8:8 + n])
    meta = header.pop('__metadata__', {}) or {}
    body = memoryview(data)[8 + n:]
    out = {}
    for name, info in header.items():
        dt = DTYPES.get(info['dtype'])
        if dt is None:
            raise ValueError(f'tensor {name} in {path} has an unsupported dtype {info["dtype"]}')
        s, e = info['data_offsets']
        arr = np.frombuffer(body[s:e], dtype=np.dtype(dt).newbyteorder('<')).reshape(info['shape']).astype(dt)
        t = torch.from_numpy(arr.copy())
        out[name] = t.float() if as_float32 and t.dtype.is_floating_point else t
    return out, meta
