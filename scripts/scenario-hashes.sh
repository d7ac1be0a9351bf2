#!/usr/bin/env bash
# Prints the eventLogSha256 of every shipped scenario, preset and chaos preset on both engines (actors on 1 and 8
# threads, plain), one line each: the check that a refactoring left every event log byte-identical.
#   scripts/scenario-hashes.sh [CLI.dll] > hashes.txt ; diff hashes.txt hashes-before.txt
set -euo pipefail
cd "$(dirname "$0")/.."
dll=${1:-src/FlowAlp.Cli/bin/Release/net10.0/FlowAlp.Cli.dll}
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for f in config/scenarios/*.json config/scenarios/presets/*.json config/scenarios/chaos/*.json; do
  for run in "actors 1" "actors 8" "plain 1"; do
    set -- $run
    d="$out/$(basename "$f" .json)-$1-$2"
    cmd=run; case "$f" in */chaos/*) cmd=chaos;; esac
    dotnet "$dll" $cmd "$f" --engine "$1" --quiet --out "$d" --set threads="$2" >/dev/null 2>&1 \
      || { echo "$f $1 threads=$2 FAILED (exit $?)"; continue; }
    hash=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["eventLogSha256"])' "$d/summary.json")
    echo "$f $1 threads=$2 $hash"
  done
done
