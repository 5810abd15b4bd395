#!/usr/bin/env bash
# Refresh the browser assets in citynet/static/vendor from the npm registry. They are committed so
# that the site works offline and `make serve` needs no Node.js; run this only to upgrade them.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
cd "$work"
npm init -y >/dev/null
v="$here/citynet/static/vendor"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE "$v/leaflet/"
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md "$v/chartjs/"
cp node_modules/@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-{400,700}-normal.woff2 "$v/fonts/"
cp node_modules/@fontsource/noto-sans-arabic/LICENSE "$v/fonts/LICENSE-noto-sans-arabic"
node "$here/scripts/extract_countries.js" node_modules/world-atlas/countries-50m.json > "$v/geo/western-balkans.geojson"
cp node_modules/world-atlas/LICENSE "$v/geo/LICENSE-world-atlas"
echo "vendored into $v"
