#!/usr/bin/env bash
# The GPU check, for a device machine with 16 CPUs and one GPU (under 5 minutes; not needed by the tests).
#
# Runs the Ray engine over a corpus twice, on a Ray started on that machine: once with the GPU
# hidden (the plan puts the encoder on CPU actors, int8), once with it (the encoder on GPU
# actors, fp32), sampling nvidia-smi meanwhile. Reports stories/s of each, the share of the GPU
# run's samples in which the GPU was busy, the GPU/CPU ratio, and how many events the two runs
# share (fp32 and int8 embeddings differ a little, so a few sentences may code differently).
#
# On a bare machine it first unpacks what benchmarks/gpu_prepare.py staged (.gpu-stage/part*, copied
# there by the device calls it prints): packages into /tmp/gpu/site, the gazetteer cache into /tmp/gpu/cache. Figures go to $OUT/gpu_check.json.
# The corpus: examples/ repeated (REPEAT times, default 100 = 2,700 articles), so that no data
# beyond the repository travels; set CORPUS=file.jsonl to use another.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
OUT=${OUT:-/tmp/gpu-check}
mkdir -p "$OUT"
export RAY_USAGE_STATS_ENABLED=0 PYTHONUNBUFFERED=1
if ls .gpu-stage/part* >/dev/null 2>&1; then
  rm -rf /tmp/gpu && mkdir -p /tmp/gpu
  cat .gpu-stage/part* | tar -C /tmp/gpu -xzf -
  test -f /tmp/gpu/READY || { echo "gpu_check: .gpu-stage holds only some parts: copy them all first" >&2; exit 2; }
  export PYTHONPATH="$PWD/src:/tmp/gpu/site${PYTHONPATH:+:$PYTHONPATH}" COMMUNIQUE_CACHE=/tmp/gpu/cache
  export PATH="/tmp/gpu/site/ray/core/src/ray/raylet:$PATH"
else
  export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
fi
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
# Ray inside a loopback-only network namespace where that is permitted (the device reaches nothing anyway).
if unshare --net --pid --fork --mount-proc sh -c 'ip link set lo up' 2>/dev/null; then
  exec unshare --net --pid --fork --mount-proc sh -c "ip link set lo up && exec '$PY' benchmarks/gpu_check.py --out '$OUT'"
fi
exec "$PY" benchmarks/gpu_check.py --out "$OUT"
