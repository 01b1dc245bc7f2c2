#!/usr/bin/env bash
# Packs everything scripts/bench/gpu.sh needs to run the speed anchor on a
# machine that has a GPU and nothing else (no Node, no Chromium, no npm, no
# internet): Node (this machine's /usr/bin/node), Dawn for Node (the `webgpu`
# package's dawn.node), the Vulkan loader (Debian's libvulkan1, via apt-get
# download), the benchmark bundled into one file (esbuild), onnxruntime-web's
# WebGPU build and the default model's ONNX exports.
#
#   bash scripts/bench/gpu-pack.sh [--sizes 320,640] [--part-mib 16]
#
# Writes .device/payload.part-NN (one xz tarball split into pieces of at most
# --part-mib MiB, so they can travel in separate calls when one call cannot
# carry them all) and .device/manifest (names and sha256). Git-ignored.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=320,640
PART_MIB=16
MODEL=yolov5n-c3akconv-ij
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --part-mib) PART_MIB=$2; shift 2 ;;
    *) echo "gpu-pack.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
OUT=.device
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
rm -rf "$OUT" && mkdir -p "$OUT"

echo "1/5 ONNX exports of $MODEL at $SIZES"
/usr/bin/python3 training/export_onnx.py --models "$MODEL" --sizes "$SIZES" >/dev/null
mkdir -p "$STAGE/.cache/onnx" "$STAGE/public/models"
for s in ${SIZES//,/ }; do
  [[ $s == *x* ]] || s="${s}x${s}"
  cp ".cache/onnx/$MODEL-$s.onnx" "$STAGE/.cache/onnx/"
done
cp "public/models/$MODEL.safetensors" "$STAGE/public/models/"

echo "2/5 the benchmark, bundled"
npx esbuild scripts/bench/gpu-node.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile="$STAGE/bench-gpu.mjs" --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"

echo "3/5 Dawn, onnxruntime-web's WebGPU build, Node"
mkdir -p "$STAGE/dist/linux-x64" "$STAGE/node_modules/onnxruntime-web/dist" "$STAGE/bin"
cp node_modules/webgpu/dist/linux-x64/dawn.node "$STAGE/dist/linux-x64/"   # webgpu's index.js looks beside the bundle
cp node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.{mjs,wasm} "$STAGE/node_modules/onnxruntime-web/dist/"
cp "$(command -v node)" "$STAGE/bin/node"

echo "4/5 the Vulkan loader (Debian libvulkan1)"
(cd "$STAGE" && apt-get download libvulkan1 >/dev/null 2>&1) || { echo "gpu-pack.sh: apt-get download libvulkan1 failed" >&2; exit 1; }
dpkg -x "$STAGE"/libvulkan1_*.deb "$STAGE/vk" && rm "$STAGE"/libvulkan1_*.deb
mkdir -p "$STAGE/lib" && cp -L "$STAGE"/vk/usr/lib/x86_64-linux-gnu/libvulkan.so.1 "$STAGE/lib/" && rm -rf "$STAGE/vk"

echo "5/5 compressing"
tar -C "$STAGE" -cf - . | xz -T2 -6 > "$STAGE.tar.xz"
split -b "${PART_MIB}M" -d -a 2 "$STAGE.tar.xz" "$OUT/payload.part-"
rm "$STAGE.tar.xz"
(cd "$OUT" && sha256sum payload.part-* > manifest)
du -b "$OUT"/* | awk '{printf "%s %.1f MiB\n", $2, $1 / 1048576}'
echo "total $(du -cb "$OUT"/payload.part-* | tail -1 | awk '{printf "%.1f MiB", $1 / 1048576}') in $(ls "$OUT"/payload.part-* | wc -l) part(s)"
