#!/usr/bin/env bash
# Runs every test project: those that load TorchSharp inside the reference image (Debian 13),
# the rest on the host, and the harness's Python tests in the sandbox image. Prints one line
# summing all runs and fails if any test failed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

results="$ROOT/TestResults"
rm -rf "$results"; mkdir -p "$results"
status=0

for project in "$ROOT"/tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  say "testing $name"
  if grep -q 'TorchSharp' "$project" "$ROOT/src/${name%.Tests}/${name%.Tests}.csproj" 2>/dev/null; then
    # TorchSharp 0.107 needs GLIBCXX_3.4.32: run in the reference image with the host's SDK mounted.
    $DOCKER run --rm --network none --entrypoint /usr/share/dotnet/dotnet \
      -e DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 -e HOME=/tmp -e DOTNET_CLI_TELEMETRY_OPTOUT=1 -e DOTNET_NOLOGO=1 \
      -v /usr/share/dotnet:/usr/share/dotnet:ro -v "$HOME/.nuget/packages:$HOME/.nuget/packages:ro" \
      -e NUGET_PACKAGES="$HOME/.nuget/packages" \
      -v "$ROOT:$ROOT" -w "$ROOT" course/reference \
      test "$project" --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
  else
    if ! dotnet test "$project" --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results"; then
      status=1
      # A browser test that failed is read with the portal's own account of it.
      if [ -f "$results/e2e/portal.log" ]; then say "last lines of the portal's log"; tail -n 60 "$results/e2e/portal.log"; fi
    fi
  fi
done

# The sandbox harness's own tests (Python unittest), in the sandbox image with the harness source
# mounted (the copy in the image may be older); run.py writes a TRX, summed below.
say "testing the sandbox harness (Python)"
harness_trx="$results/Harness.Tests.trx"
$DOCKER run --rm --network none --read-only --tmpfs /tmp \
  -v "$ROOT/assignments/harness:/opt/harness-src:ro" -w /opt/harness-src --entrypoint python3 \
  course/sandbox-python -I tests/run.py >"$harness_trx.part" || status=1
if [ -s "$harness_trx.part" ]; then mv "$harness_trx.part" "$harness_trx"; else rm -f "$harness_trx.part"; fi

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  t=$(get total); p=$(get passed); f=$(get failed); e=$(get error)
  passed=$((passed + p)); failed=$((failed + f + ${e:-0})); skipped=$((skipped + t - p - f - ${e:-0}))
done
count=$(ls "$results"/*.trx 2>/dev/null | wc -l)
suites=$(( $(ls "$ROOT"/tests/*/*.csproj | wc -l) + 1 )) # + the harness's
if [ "$count" -lt "$suites" ]; then
  warn "only $count of $suites test suites wrote results"; status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
