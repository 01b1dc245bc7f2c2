#!/usr/bin/env bash
# Regenerates the golden test fixtures in test/fixtures/ (akconv/, configs/,
# info/, models/, forward/) from the PyTorch reference in the shared folder.
#
#   bash scripts/golden/make.sh [SHARED]        (or: npm run golden)
#
# SHARED defaults to ../shared relative to the repository root. Runs from any
# working directory. Needs Debian's python3-torch, python3-numpy and
# python3-yaml for /usr/bin/python3 (override with GOLDEN_PYTHON=...).
# Deterministic: two runs give byte-identical files. test/fixtures/README.md
# (hand-written) is left alone.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SHARED="${1:-$REPO/../shared}"
PY="${GOLDEN_PYTHON:-/usr/bin/python3}"

if [ ! -f "$SHARED/reference/refcli.py" ] || [ ! -f "$SHARED/weights/yolov5n.pt" ]; then
  echo "make.sh: $SHARED does not look like the shared folder (needs reference/refcli.py and weights/yolov5n.pt)" >&2
  exit 1
fi
SHARED="$(cd "$SHARED" && pwd)"
if ! "$PY" -c 'import torch, numpy, yaml' 2>/dev/null; then
  echo "make.sh: $PY cannot import torch, numpy and yaml (apt-get install python3-torch python3-yaml)" >&2
  exit 1
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/akconv-golden.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# no __pycache__ next to the (read-only) reference; one thread, so that the
# float sums do not depend on the machine's core count
export PYTHONDONTWRITEBYTECODE=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

cd "$REPO"
"$PY" "$HERE/fixtures.py" --shared "$SHARED" --out "$REPO/test/fixtures" --tmp "$TMP"
# untrained models: counts, shapes and init statistics of the reference's DetectionModel (test/fixtures/init)
"$PY" "$HERE/init_stats.py" --shared "$SHARED" --out "$REPO/test/fixtures/init"
