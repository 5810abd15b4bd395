// Country shapes for one region's map, from world-atlas (Natural Earth), as GeoJSON.
// The six countries of the Western Balkans, and their neighbours drawn as context.
const fs = require("fs");
const topojson = require(require.resolve("topojson-client", { paths: [process.cwd()] }));
const world = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const members = { Albania: "AL", "Bosnia and Herz.": "BA", Kosovo: "XK", Macedonia: "MK", "North Macedonia": "MK", Montenegro: "ME", Serbia: "RS" };
const context = ["Croatia", "Hungary", "Romania", "Bulgaria", "Greece", "Slovenia", "Italy", "Austria"];
const all = topojson.feature(world, world.objects.countries).features;
const round = (c) => (typeof c[0] === "number" ? c.map((n) => Math.round(n * 1e4) / 1e4) : c.map(round));
const features = all
  .filter((f) => members[f.properties.name] || context.includes(f.properties.name))
  .map((f) => ({
    type: "Feature",
    properties: { name: f.properties.name, iso: members[f.properties.name] || null, member_region: Boolean(members[f.properties.name]) },
    geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
  }));
process.stdout.write(JSON.stringify({ type: "FeatureCollection", features }));
