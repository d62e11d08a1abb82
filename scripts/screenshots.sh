#!/usr/bin/env bash
# Screenshots of the default theme with this repository's site, at a phone's
# width (375 px) and a desktop's (1280 px), made with headless Chromium.
#
#   scripts/screenshots.sh            (from the repository's top; writes docs/screenshots/)
#
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$chrome" ] || { echo "no chromium: apt-get install chromium" >&2; exit 2; }

work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/relais" ./cmd/relais
"$work/relais" serve --port 0 >"$work/log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q 'serving on' "$work/log" && break; sleep 0.1; done
base=$(grep -o 'http://[^ ]*' "$work/log" | head -1)
[ -n "$base" ] || { cat "$work/log" >&2; exit 1; }

# name path: the pages shown.
pages="home / article articles/accueil-et-accompagnement/ list articles/ kit ateliers/reseaux-sociaux/ directory partenaires/ partner partenaires/association-exemple/"
set -- $pages
mkdir -p "$out"
while [ $# -gt 0 ]; do
  name=$1 path=$2; shift 2
  for size in 375x812 1280x900; do
    "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$work/profile" --window-size="${size/x/,}" \
      --screenshot="$out/$name-${size%x*}.png" "$base$path" >/dev/null 2>&1
  done
done
ls -l "$out"
