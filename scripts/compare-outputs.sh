#!/usr/bin/env bash
# Runs one scenario with two builds of the CLI and diffs the whole output folders byte for byte: the check that a
# change to the reports left every output file as it was.
#   scripts/compare-outputs.sh OLD.dll [NEW.dll] SCENARIO.json [flowalp run options, e.g. --set persistence.mode=off]
# Left out of the diff, as they differ between any two runs of the same build: run.log (timestamps, wall times),
# run.json (the journal's id), journal.db* (the SQLite journal's pages), .flowalp.lock (the process id).
# summary.json holds no wall-clock field, so it is compared whole. Exit 0 when the folders match.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1; shift
new=src/FlowAlp.Cli/bin/Release/net10.0/FlowAlp.Cli.dll
case "$1" in *.dll) new=$1; shift;; esac
scenario=$1; shift
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
dotnet "$old" run "$scenario" --quiet --out "$out/old" --force "$@" >/dev/null
dotnet "$new" run "$scenario" --quiet --out "$out/new" --force "$@" >/dev/null
if diff -r -q -x run.log -x run.json -x 'journal.db*' -x .flowalp.lock "$out/old" "$out/new"; then
  echo "same: $(cd "$out/new" && find . -type f ! -name run.log ! -name run.json ! -name 'journal.db*' ! -name .flowalp.lock | wc -l) files"
else
  echo "DIFFERENT (see above)"; exit 1
fi
