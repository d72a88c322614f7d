#!/usr/bin/env bash
# Print the papers as a person would: every draft kind and a dossier as HTML,
# printed to PDF by headless Chromium; the .docx drafts converted to PDF by
# LibreOffice when it is installed; every PDF's page count and fonts listed
# (pdfinfo, pdffonts) and its pages rendered to PNG (pdftoppm) to look at.
#
#   docs/print_papers.sh [OUT_DIR]     (default: ./papers-printed)
#
# Needs: a built shilian (target/debug or target/release, or SHILIAN=path),
# chromium, fonts-noto-cjk, poppler-utils; libreoffice-writer optional.
# On Debian: apt-get install chromium fonts-noto-cjk poppler-utils
# (libreoffice-writer-nogui for the .docx). Not run by CI; figures from a
# run are in docs/PAPERS.md ("Looked at as printed").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-papers-printed}
mkdir -p "$out"
out=$(cd "$out" && pwd)
# The most recently built of target/{debug,release}/shilian, unless SHILIAN names one.
bin=${SHILIAN:-$(ls -t "$root"/target/debug/shilian "$root"/target/release/shilian 2>/dev/null | head -1 || true)}
[ -n "$bin" ] || { echo "build shilian first (cargo build)" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "chromium not found" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
today=2026-11-28
db="$work/demo.db"
run() { SHILIAN_CONFIG=/dev/null "$bin" --db "$db" --today "$today" "$@"; }
run demo --cases 120 >/dev/null

# The first case each paper can be drafted from.
for kind in disposition_resolution stop_membership restoration_record transfer_letter; do
  for id in $(seq 1 120); do
    if run draft "$kind" "$id" --format html --out "$out/$kind.html" >/dev/null 2>&1; then
      run draft "$kind" "$id" --format docx --out "$out/$kind.docx" >/dev/null 2>&1
      echo "$kind: case $id"
      break
    fi
  done
done
# A dossier with a procedure on record.
for id in $(seq 1 120); do
  if run case show "$id" --json | grep -q '"meeting_date"'; then
    run dossier "$id" --format html --out "$out/dossier.html" >/dev/null
    echo "dossier: case $id"
    break
  fi
done

for html in "$out"/*.html; do
  pdf="${html%.html}.pdf"
  "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --user-data-dir="$(mktemp -d -p "$work")" \
    --no-pdf-header-footer --print-to-pdf="$pdf" "file://$html" >/dev/null 2>&1
done
if command -v soffice >/dev/null; then
  for docx in "$out"/*.docx; do
    soffice --headless --convert-to pdf --outdir "$work" "$docx" >/dev/null 2>&1 || true
    base=$(basename "${docx%.docx}")
    [ -f "$work/$base.pdf" ] && mv "$work/$base.pdf" "$out/$base.docx.pdf"
  done
fi
for pdf in "$out"/*.pdf; do
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  size=$(pdfinfo "$pdf" | awk -F': *' '/^Page size:/ {print $2}')
  fonts=$(pdffonts "$pdf" | awk 'NR>2 {print $1}' | sort -u | paste -sd, -)
  echo "$(basename "$pdf"): $pages pages, $size; fonts: $fonts"
  pdftoppm -r 60 -png "$pdf" "${pdf%.pdf}"
done
