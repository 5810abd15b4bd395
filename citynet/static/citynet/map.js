// Member cities on a map drawn from vendored country shapes: no tile server, works offline.
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("region-map");
    var dataNode = document.getElementById("map-data");
    if (!box || !dataNode || !window.L) return;
    var data = JSON.parse(dataNode.textContent);
    var map = L.map(box, { zoomControl: true, attributionControl: false, scrollWheelZoom: false })
      .setView(data.center, data.zoom);
    fetch(box.dataset.geo)
      .then(function (response) { return response.json(); })
      .then(function (shapes) {
        L.geoJSON(shapes, {
          style: function (feature) {
            var inRegion = feature.properties.member_region;
            return { color: "#5a6b7d", weight: 1, fillColor: inRegion ? "#ffffff" : "#c9d3dd", fillOpacity: 1 };
          },
        }).addTo(map).bringToBack();
      })
      .catch(function () { /* the list beside the map says the same */ });
    var base = document.documentElement.lang === "sr-Cyrl" ? "sr" : document.documentElement.lang.toLowerCase();
    data.points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.lng], {
        radius: 8, color: "#07437f", weight: 2, fillColor: "#0b5cad", fillOpacity: 0.85,
      }).addTo(map);
      marker.bindTooltip(point.name, { direction: "top" });
      marker.on("click", function () {
        window.location.href = "/" + (data.language || base) + "/municipalities/" + point.slug + "/";
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
