#!/usr/bin/env bash
# Packs the CLI as a dotnet tool, installs it into a throwaway tool path and runs it from an empty folder outside the
# repository: the default scenario, a shipped preset and a script must work there (config/ travels in the package).
# Everything it makes is removed at the end. Usage: scripts/tool-install-check.sh   (about 3-5 minutes on 2 cores)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet pack "$repo/src/FlowAlp.Cli" -c Release -o "$work/nupkg" -v quiet -nologo
dotnet tool install --tool-path "$work/tools" --add-source "$work/nupkg" FlowAlp.Cli
mkdir "$work/elsewhere" && cd "$work/elsewhere"
flowalp="$work/tools/flowalp"
"$flowalp" --help | grep -q '^  flowalp \[command\] \[options\]$'
line="$("$flowalp" run --quiet)"
echo "$line"
[[ "$line" == "run default: "*"results in $work/elsewhere/out/default (report.html); exit 0: done" ]]
test -f out/default/report.html
"$flowalp" run config/scenarios/hightide-vs-passive.json --quiet
test -f out/hightide-vs-passive/summary.json
"$flowalp" script config/scripts/example.json > script.jsonl
test -s script.jsonl
echo "tool-install-check: ok (installed from a local package, ran from $work/elsewhere)"
