// The membership timeline as a chart; the table below it carries the same figures for everyone.
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("timeline-chart");
    var dataNode = document.getElementById("timeline-data");
    if (!canvas || !dataNode || !window.Chart) return;
    var rows = JSON.parse(dataNode.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var table = document.querySelector(".data-table");
    var label = table ? table.querySelector("thead th:nth-child(2)").textContent : "";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return String(r.year); }),
        datasets: [{ label: label, data: rows.map(function (r) { return r.members; }), backgroundColor: "#0b5cad" }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: document.documentElement.lang,
        plugins: { legend: { display: false, rtl: rtl } },
        scales: { x: { reverse: rtl }, y: { beginAtZero: true, position: rtl ? "right" : "left", ticks: { precision: 0 } } },
      },
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
