// Member cities on a map drawn from vendored country shapes: no tile server, works offline.
//
// Everything comes from the page's #map-data (built from the registry): the shapes of the region's
// own countries and their neighbours, the view, and each city's name and link (a region's cities
// from the JSON at its points_url). Names are data, never
// markup: they reach the page as text nodes only.
(function () {
  "use strict";
  var STYLES = {
    land: { stroke: false, fillColor: "#e4e1d9", fillOpacity: 1 },
    context: { color: "#8a97a5", weight: 1, fillColor: "#e4e1d9", fillOpacity: 1 },
    region: { color: "#5a6b7d", weight: 1, fillColor: "#ffffff", fillOpacity: 1 },
  };
  // Under the markers (Leaflet's overlay pane is at 400), the land first and the region on top.
  var LAYERS = [
    ["land", 210],
    ["context", 220],
    ["region", 230],
  ];

  function drawShapes(map, kind, urls) {
    urls.forEach(function (url) {
      fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (shapes) {
          L.geoJSON(shapes, { style: STYLES[kind], pane: kind, interactive: false }).addTo(map);
        })
        .catch(function () { /* the list beside the map says the same */ });
    });
  }

  function tooltip(text) {
    var span = document.createElement("span");
    span.textContent = text;
    span.dir = "auto";
    return span;
  }

  function draw() {
    var box = document.getElementById("region-map");
    var dataNode = document.getElementById("map-data");
    if (!box || !dataNode || !window.L) return;
    var data = JSON.parse(dataNode.textContent);
    var map = L.map(box, { zoomControl: true, attributionControl: false, scrollWheelZoom: false });
    if (data.center) map.setView(data.center, data.zoom);
    else if (data.bounds) map.fitBounds(data.bounds);
    else map.setView([0, 0], 2);

    var shapes = data.shapes || {};
    LAYERS.forEach(function (layer) {
      map.createPane(layer[0]).style.zIndex = String(layer[1]);
      var urls = layer[0] === "land" ? (shapes.land ? [shapes.land] : []) : shapes[layer[0]] || [];
      drawShapes(map, layer[0], urls);
    });

    drawPoints(map, data.points || []);
    // A region's members come from their own cached JSON resource, not inside every page.
    if (typeof data.points_url === "string" && /^\/(?!\/)/.test(data.points_url)) {
      fetch(data.points_url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (body) { drawPoints(map, body.points || []); })
        .catch(function () { /* the list beside the map says the same */ });
    }
  }

  function drawPoints(map, points) {
    points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.lng], {
        radius: 8, color: "#07437f", weight: 2, fillColor: "#0b5cad", fillOpacity: 0.85,
      }).addTo(map);
      // An element, not a string: Leaflet would parse a string as HTML.
      marker.bindTooltip(tooltip(point.name), { direction: "top" });
      // Only a link within this site (a path), whatever the data says.
      if (typeof point.url === "string" && /^\/(?!\/)/.test(point.url)) {
        marker.on("click", function () { window.location.assign(point.url); });
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
