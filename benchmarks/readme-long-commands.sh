#!/usr/bin/env bash
# The README commands too long for `dotnet test` (minutes to an hour each on 2 cores): DocumentedCommandsTests runs
# every other `flowalp …` / `dotnet run …` line of README.md's bash blocks, and checks that each line it leaves out is
# listed here verbatim. Run from the repository root: benchmarks/readme-long-commands.sh (stops at the first failure).
set -euo pipefail
cd "$(dirname "$0")/.."
while IFS= read -r cmd; do
  [[ -z "$cmd" ]] && continue
  echo "== $cmd"
  bash -c "$cmd"
done <<'COMMANDS'
dotnet run -c Release --project benchmarks/FlowAlp.Benchmarks -- snapshot 100000 1
dotnet run -c Release --project benchmarks/FlowAlp.Benchmarks -- --filter '*' --job short
dotnet run -c Release --project benchmarks/FlowAlp.Benchmarks -- scale 1000000 24 2
dotnet run -c Release --project benchmarks/FlowAlp.Benchmarks -- baseline 100000 24 2
dotnet run -c Release --project benchmarks/FlowAlp.Benchmarks -- soak 10000 365 2 soak.csv
dotnet run -c Release --project benchmarks/FlowAlp.Benchmarks -- cluster 100000 1 2
COMMANDS
echo "readme-long-commands: all exited 0"
