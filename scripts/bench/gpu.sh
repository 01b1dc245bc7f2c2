#!/usr/bin/env bash
# Runs the speed anchor (tfjs webgpu vs onnxruntime-web WebGPU, same weights)
# on this machine's GPU, from the pack that scripts/bench/gpu-pack.sh built in
# .device/: Node + Dawn + the Vulkan loader, no browser needed.
#
#   bash scripts/bench/gpu.sh [OUT_DIR] [-- bench options, e.g. --sizes 320 --repeats 10]
#
# OUT_DIR defaults to $OUT (the device tool's result folder), else ./gpu-out.
# It gets gpu-node.json (adapter + rows), gpu-node.md (the table), env.txt.
# The pack's parts may come over several calls: each call keeps the parts it
# brings in .device-run/ (git-ignored; kept while the machine stays up) and
# runs once the manifest's parts are all there.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUTDIR=${OUT:-gpu-out}
if [ $# -gt 0 ] && [ "$1" != "--" ]; then OUTDIR=$1; shift; fi
[ "${1:-}" = "--" ] && shift
RUN=.device-run
mkdir -p "$RUN/parts" "$OUTDIR"

if [ -f .device/manifest ]; then cp .device/manifest "$RUN/manifest"; fi
for p in .device/payload.part-*; do [ -f "$p" ] && cp "$p" "$RUN/parts/"; done
if [ ! -f "$RUN/manifest" ]; then echo "gpu.sh: no pack: run scripts/bench/gpu-pack.sh and carry .device" >&2; exit 2; fi
want=$(wc -l < "$RUN/manifest")
have=$(ls "$RUN/parts" | wc -l)
if ! (cd "$RUN/parts" && sha256sum -c --quiet ../manifest >/dev/null 2>&1); then
  echo "gpu.sh: have $have of $want pack parts (or a part is damaged); call again carrying the missing .device/payload.part-NN"
  exit 0
fi

if [ ! -f "$RUN/pack/.unpacked" ]; then
  rm -rf "$RUN/pack" && mkdir -p "$RUN/pack"
  cat "$RUN"/parts/payload.part-* | xz -d | tar -x -C "$RUN/pack" || { echo "gpu.sh: unpacking failed" >&2; exit 1; }
  touch "$RUN/pack/.unpacked"
fi
PACK=$RUN/pack

# Vulkan: the loader from the pack; the driver's ICD from the host, or one written for
# NVIDIA's libGLX_nvidia.so.0 (which carries the Vulkan driver) when no JSON names it.
export LD_LIBRARY_PATH="$PWD/$PACK/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
icd=${VK_ICD_FILENAMES:-}  # the caller's choice wins (e.g. a CPU driver, to try the script)
[ -n "$icd" ] || for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json; do
  [ -f "$f" ] && icd=$f && break
done
if [ -z "$icd" ]; then
  glx=$( (ldconfig -p 2>/dev/null | awk '/libGLX_nvidia.so.0/ {print $NF; exit}'); find /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/local/nvidia/lib64 -name 'libGLX_nvidia.so.0' 2>/dev/null | head -1)
  glx=$(echo "$glx" | head -1)
  if [ -n "$glx" ]; then
    icd=$PWD/$RUN/nvidia_icd.json
    printf '{"file_format_version": "1.0.0", "ICD": {"library_path": "%s", "api_version": "1.3.0"}}\n' "$glx" > "$icd"
  fi
fi
[ -n "$icd" ] && export VK_ICD_FILENAMES=$icd VK_DRIVER_FILES=$icd

{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(uname -a)"
  echo "gpu: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo 'nvidia-smi not found')"
  echo "vulkan icd: ${icd:-none found (no nvidia_icd.json and no libGLX_nvidia.so.0: the container may lack NVIDIA_DRIVER_CAPABILITIES=graphics)}"
  echo "node: $("$PACK/bin/node" --version 2>&1)"
  echo "dawn.node missing libraries: $(ldd "$PACK/dist/linux-x64/dawn.node" 2>&1 | grep 'not found' | tr '\n' ' ')"
} | tee "$OUTDIR/env.txt"

timeout "${GPU_BENCH_TIMEOUT:-280}" "$PACK/bin/node" "$PACK/bench-gpu.mjs" --dir "$PACK" --out "$OUTDIR" "$@"
rc=$?
case $rc in
  0) echo "gpu.sh: done; results in $OUTDIR" ;;
  3) echo "gpu.sh: Dawn found no WebGPU adapter (see $OUTDIR/env.txt for the Vulkan driver it looked for)" ;;
  124) echo "gpu.sh: the benchmark ran past ${GPU_BENCH_TIMEOUT:-280} s; partial rows are in $OUTDIR/gpu-node.json" ;;
  *) echo "gpu.sh: the benchmark failed with exit status $rc" ;;
esac
exit $rc
