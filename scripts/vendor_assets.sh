#!/usr/bin/env bash
# Refresh the browser assets in citynet/static/vendor from the npm registry. They are committed so
# that the site works offline and `make serve` needs no Node.js; run this only to upgrade them.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund leaflet@1.9.4 chart.js@4.6.1 @fontsource/noto-sans-arabic world-atlas@2.0.2 topojson-client@3 >/dev/null
v="$here/citynet/static/vendor"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE "$v/leaflet/"
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md "$v/chartjs/"
cp node_modules/@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-{400,700}-normal.woff2 "$v/fonts/"
cp node_modules/@fontsource/noto-sans-arabic/LICENSE "$v/fonts/LICENSE-noto-sans-arabic"
# Country shapes are named by ISO 3166-1 alpha-2, as the registry's countries are (django-countries' table).
"$here/.venv/bin/python" -c 'import json; from django_countries.data import ALT_CODES; print(json.dumps({f"{n:03d}": a for a, (_a3, n) in ALT_CODES.items()}))' > iso-numeric.json
rm -rf "$v/geo/countries"
node "$here/scripts/extract_countries.js" node_modules/world-atlas/countries-50m.json node_modules/world-atlas/land-110m.json iso-numeric.json "$v/geo"
cp node_modules/world-atlas/LICENSE "$v/geo/LICENSE-world-atlas"
echo "vendored into $v"
