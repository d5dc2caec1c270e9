#!/usr/bin/env bash
# The DOCX checks' LibreOffice home under $DIGESTCONV_TOOLS/libreoffice (default .tools/): the
# East Asian font fallback (styles/docx/fonts.conf) and a LibreOffice profile made once, so
# that each headless conversion in the tests does not build one. LibreOffice, pdftoppm and
# pdffonts come from Debian (.ci/apt-packages), openxml-audit and pandoc from PyPI (test extra).
set -euo pipefail
home=${DIGESTCONV_TOOLS:-.tools}/libreoffice
stamp="$home/.ready-$(sha256sum styles/docx/fonts.conf | cut -c1-16)"
[ -f "$stamp" ] && exit 0
for tool in soffice pdftoppm pdffonts; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is missing (see .ci/apt-packages)" >&2; exit 1; }
done
echo "setup: preparing LibreOffice for the DOCX checks in $home"
rm -rf "$home"
mkdir -p "$home/.config/fontconfig/conf.d" "$home/warm-up"
cp styles/docx/fonts.conf "$home/.config/fontconfig/conf.d/65-digestconv-pmingliu.conf"
printf 'warm-up\n' > "$home/warm-up/warm-up.txt"
HOME="$home" soffice --headless --norestore "-env:UserInstallation=file://$(realpath "$home")/profile" \
  --convert-to pdf --outdir "$home/warm-up" "$home/warm-up/warm-up.txt" >/dev/null 2>&1
test -s "$home/warm-up/warm-up.pdf"
rm -rf "$home/warm-up"
touch "$stamp"
