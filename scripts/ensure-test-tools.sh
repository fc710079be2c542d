#!/usr/bin/env bash
# Installs what the browser tests need when it is missing: Debian's chromium
# (Playwright drives /usr/bin/chromium and never downloads a browser) and the
# pinned axe-core from the npm registry, kept with the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium'." >&2
    exit 1
  fi
fi

if ! command -v msgfmt >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
  else
    echo "Compiling translations needs msgfmt: run 'sudo apt-get install gettext'." >&2
    exit 1
  fi
fi

if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ] \
   || [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  if ! command -v npm >/dev/null; then
    echo "The accessibility tests need npm (for axe-core): run 'sudo apt-get install npm'." >&2
    exit 1
  fi
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi
