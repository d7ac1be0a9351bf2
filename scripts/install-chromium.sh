#!/usr/bin/env bash
# Installs Debian's Chromium for the browser test of the HTML reports (tests/FlowAlp.Browser.Tests).
# Needs root (or sudo) and apt; Debian bookworm ships it as the package "chromium" (/usr/bin/chromium).
# Without it the browser test is skipped with one line saying to run this script.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium already installed: $(chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
echo "installed: $(chromium --version)"
