#!/usr/bin/env bash
# The GPU checks, in one run on a lent CUDA machine (the device tool; see bench/RESULTS.md, "GPU").
#
# That machine has its own image (torch with CUDA, transformers, peft, accelerate, sentence-transformers),
# no network and takes 64 MiB a call, so what it lacks travels as wheels and the models as their shapes:
#   .whl/   wheels for Python 3.12 of what the image lacks (trl, datasets, bitsandbytes with only its CUDA 13
#           libraries, pypdf, langchain-text-splitters, peft and sentence-transformers at the locked versions, ...)
#   .gpu/   models/<name>/ (config and tokenizer of the default and small models, `bench/gpu.py --export-models`,
#           the shared tokenizer.json as tokenizer.json.gz), hb.jsonl (`bench/tune.py --handbook-jsonl`),
#           prompts.jsonl (`bench/gpu.py --export-prompts data/handbook_qa.jsonl --index IDX --prompts ...`)
# Writes to $OUT: env.txt, tests.log (tests/test_gpu.py), bench.log and gpu.json (bench/gpu.py).
set -uo pipefail
OUT=${OUT:-/tmp/gpu-out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv; python3 --version; } > "$OUT/env.txt" 2>&1
if [ -d .whl ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
    >> "$OUT/env.txt" 2>&1 || { echo "gpu_check: the wheels did not install" | tee -a "$OUT/env.txt"; exit 1; }
  export PYTHONPATH=/tmp/site:$PWD
else
  export PYTHONPATH=$PWD
fi
python3 -m pip list 2>/dev/null | grep -iE "^(torch|transformers|peft|trl|datasets|accelerate|bitsandbytes|sentence-transformers) " \
  >> "$OUT/env.txt"
for m in .gpu/models/*/; do
  [ -f "$m/tokenizer.json" ] || gunzip -c .gpu/tokenizer.json.gz > "$m/tokenizer.json"
done
# the ingest test needs faiss-cpu (18 MB), which doesn't fit the transfer beside the rest; it passed on an H100 before
[ -n "${SKIP_TESTS:-}" ] || timeout 240 python3 -m pytest -q -p no:cacheprovider -rs tests/test_gpu.py -k "not ingest" > "$OUT/tests.log" 2>&1
echo "gpu_check: tests exit $?" | tee -a "$OUT/tests.log"  # SKIP_TESTS=1: the bench only
timeout "${BENCH_TIMEOUT:-420}" python3 bench/gpu.py --models .gpu/models --data .gpu/hb.jsonl --prompts .gpu/prompts.jsonl \
  --out "$OUT" "$@" > "$OUT/bench.log" 2>&1
echo "gpu_check: bench exit $?" | tee -a "$OUT/bench.log"
tail -5 "$OUT/tests.log"
grep '^{' "$OUT/bench.log" | cut -c1-400
