#!/usr/bin/env bash
# Installs what the tests need beyond npm packages: the real servers the lab runs (Debian packages)
# and Debian's Chromium for the HTML report's browser test. Idempotent; apt starts no services here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -x "$here/install-lab-deps.sh" ] || [ -f "$here/install-lab-deps.sh" ]; then
  bash "$here/install-lab-deps.sh"
fi
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "install-test-deps: chromium missing and not root; the browser test will be skipped" >&2
  fi
fi
