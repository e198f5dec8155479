#!/usr/bin/env bash
# Benchmark: how long one grade of a01-attention takes, split by stage, over N runs (default 5), with hidden and
# after-due tests in a sandbox start of their own (the default) and, for comparison, with every test in one start.
# The first run may make the goldens; later runs read them from data/goldens. Prints the median of each stage, its
# share of the total, and the ratio of the two settings, all measured in this one run. Not a test: nothing asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
measure() {
  for i in $(seq 1 "$runs"); do
    Grader__SeparateHiddenTests="$1" ./course grade --assignment a01-attention \
      --submission assignments/a01-attention/solution/attention.py --json 2>/dev/null
  done
}
{ measure true; echo '=== together'; measure false; } | python3 -c '
import json, sys, statistics
def parse(text):
    dec = json.JSONDecoder(); i = 0; runs = []
    while i < len(text):
        rest = text[i:].lstrip()
        if not rest: break
        obj, n = dec.raw_decode(rest); runs.append(obj); i = len(text) - len(rest) + n
    return runs
def report(title, runs):
    stages = {}
    for r in runs:
        for k, v in r["provenance"]["stage_seconds"].items(): stages.setdefault(k, []).append(v)
        stages.setdefault("total", []).append(r["execution_time"])
    total = statistics.median(stages["total"])
    print(f"a01-attention, {title}: {len(runs)} grades of the solution (median seconds, share of total):")
    for k, v in stages.items():
        m = statistics.median(v); print(f"  {k:18s} {m:7.3f} s  {m / total:6.1%}")
    return total
apart, together = sys.stdin.read().split("=== together")
a = report("hidden tests in a start of their own", parse(apart))
b = report("every test in one start", parse(together))
print(f"separating hidden tests costs {a / b:.2f}x the time of one start ({a - b:+.3f} s per grade)")
'
