#!/usr/bin/env bash
# The Python tests of training/ (one distillation step on two images, the
# safetensors round trip, our PyTorch model vs the reference). They need
# Debian's PyTorch: in CI (CI=true) its absence is a failure, elsewhere a
# visible skip.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import torch, cv2, yaml, numpy' 2>/dev/null; then
  msg="training tests need Debian's python3-torch python3-opencv python3-yaml (apt-get install -y python3-torch python3-opencv python3-yaml)"
  if [ "${CI:-}" = "true" ]; then echo "FAILED: $msg" >&2; exit 1; fi
  echo "SKIPPED: $msg"
  exit 0
fi
/usr/bin/python3 -m unittest discover -v training/tests
