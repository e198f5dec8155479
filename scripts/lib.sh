#!/usr/bin/env bash
# Shared helpers for the course scripts: progress lines, timing, and the docker client to use.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${COURSE_DATA_DIR:-$ROOT/data}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian's client matches Debian's engine; a newer client elsewhere on PATH negotiates too.
if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi

if [ -t 2 ]; then B=$'\033[1;34m' Y=$'\033[1;33m' R=$'\033[1;31m' N=$'\033[0m'; else B='' Y='' R='' N=''; fi
say()  { printf '%s==>%s %s\n' "$B" "$N" "$*" >&2; }
warn() { printf '%swarning:%s %s\n' "$Y" "$N" "$*" >&2; }
die()  { printf '%serror:%s %s\n' "$R" "$N" "$*" >&2; exit 1; }

# Runs a long step with its name and a ticking elapsed-seconds line, so nobody stares at a silent
# terminal. The step's own output goes to a log file that is shown when the step fails.
step() {
  local name="$1"; shift
  local log; log="$(mktemp -t course-step.XXXXXX)"
  local start=$SECONDS
  "$@" >"$log" 2>&1 &
  local pid=$!
  local tick=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ -t 2 ]; then
      printf '\r\033[1;34m==>\033[0m %s ... %ds ' "$name" $((SECONDS - start)) >&2
    elif [ $((tick % 15)) -eq 0 ]; then
      printf '==> %s ... %ds\n' "$name" $((SECONDS - start)) >&2
    fi
    tick=$((tick + 1))
    sleep 1
  done
  if wait "$pid"; then
    printf '\r%s==>%s %s ... done in %ds\n' "$B" "$N" "$name" $((SECONDS - start)) >&2
    rm -f "$log"
  else
    printf '\r%s==>%s %s ... FAILED after %ds; last lines of %s:\n' "$R" "$N" "$name" $((SECONDS - start)) "$log" >&2
    tail -n 40 "$log" >&2
    return 1
  fi
}
