// Country shapes for every region's map, from world-atlas (Natural Earth), as GeoJSON.
//
//   node extract_countries.js countries-50m.json land-110m.json iso-numeric.json OUT_DIR
//
// Writes OUT_DIR/countries/<ISO 3166-1 alpha-2>.geojson for every country, OUT_DIR/countries/index.json
// ({code: {bbox: [west, south, east, north], neighbours: [codes]}}), which the hub reads to choose the
// shapes of a region's countries and their neighbours, and OUT_DIR/land.geojson (coarse land, drawn
// under them). No region is named here: a region's map is drawn from its Country records.
const fs = require("fs");
const path = require("path");
const topojson = require(require.resolve("topojson-client", { paths: [process.cwd()] }));

const [countriesFile, landFile, isoFile, out] = process.argv.slice(2);
const world = JSON.parse(fs.readFileSync(countriesFile, "utf8"));
const land = JSON.parse(fs.readFileSync(landFile, "utf8"));
const alpha2 = JSON.parse(fs.readFileSync(isoFile, "utf8")); // "688" -> "RS"
// world-atlas has no ISO number for these; the registry knows Kosovo by its user-assigned code.
const byName = { Kosovo: "XK" };

// Three decimals is about 100 m: finer than a pixel at the zoom levels the hub uses.
const round = (c) => (typeof c[0] === "number" ? c.map((n) => Math.round(n * 1e3) / 1e3) : c.map(round));
const dedupe = (ring) => ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]);
function geometry(g) {
  if (g.type === "Polygon") return { type: g.type, coordinates: round(g.coordinates).map(dedupe) };
  return { type: g.type, coordinates: round(g.coordinates).map((poly) => poly.map(dedupe)) };
}
function bbox(g) {
  let [w, s, e, n] = [180, 90, -180, -90];
  const visit = (c) => {
    if (typeof c[0] === "number") {
      w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]);
    } else c.forEach(visit);
  };
  visit(g.coordinates);
  return [w, s, e, n].map((v) => Math.round(v * 1e3) / 1e3);
}

const geometries = world.objects.countries.geometries;
const codes = geometries.map((g) => alpha2[g.id] || byName[g.properties.name] || null);
const neighbours = topojson.neighbors(geometries);
const features = topojson.feature(world, world.objects.countries).features;
const index = {};
fs.mkdirSync(path.join(out, "countries"), { recursive: true });
features.forEach((feature, i) => {
  const code = codes[i];
  if (!code || !feature.geometry) return;
  const shape = geometry(feature.geometry);
  const doc = { type: "Feature", properties: { iso: code, name: feature.properties.name }, geometry: shape };
  fs.writeFileSync(path.join(out, "countries", `${code}.geojson`), JSON.stringify(doc));
  const near = [...new Set(neighbours[i].map((j) => codes[j]).filter((c) => c && c !== code))].sort();
  index[code] = { bbox: bbox(shape), neighbours: near };
});
const sorted = Object.fromEntries(Object.keys(index).sort().map((k) => [k, index[k]]));
fs.writeFileSync(path.join(out, "countries", "index.json"), JSON.stringify(sorted));
const landShape = topojson.feature(land, land.objects.land);
const landFeatures = (landShape.features || [landShape]).map((f) => ({ type: "Feature", properties: {}, geometry: geometry(f.geometry) }));
fs.writeFileSync(path.join(out, "land.geojson"), JSON.stringify({ type: "FeatureCollection", features: landFeatures }));
process.stdout.write(`${Object.keys(index).length} countries\n`);
