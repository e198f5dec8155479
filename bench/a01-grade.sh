#!/usr/bin/env bash
# Benchmark: how long one grade of a01-attention takes, split by stage, over N runs (default 5).
# The first run may make the goldens; later runs read them from data/goldens. Prints the median
# of each stage and its share of the total. Not a test: nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
for i in $(seq 1 "$runs"); do
  ./course grade --assignment a01-attention --submission assignments/a01-attention/solution/attention.py --json 2>/dev/null
done | python3 -c '
import json, sys, statistics
dec = json.JSONDecoder(); text = sys.stdin.read(); i = 0; runs = []
while i < len(text):
    text_i = text[i:].lstrip()
    if not text_i: break
    obj, n = dec.raw_decode(text_i); runs.append(obj); i = len(text) - len(text_i) + n
stages = {}
for r in runs:
    for k, v in r["provenance"]["stage_seconds"].items(): stages.setdefault(k, []).append(v)
    stages.setdefault("total", []).append(r["execution_time"])
total = statistics.median(stages["total"])
print(f"a01-attention, {len(runs)} grades of the solution (median seconds, share of total):")
for k, v in stages.items():
    m = statistics.median(v); print(f"  {k:18s} {m:7.3f} s  {m / total:6.1%}")
'
