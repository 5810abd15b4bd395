// A call's deadline in the visitor's own time zone, and a countdown to it. Without this script the page
// still shows the deadline in the call's time zone and in UTC.
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;

  document.querySelectorAll("[data-local-time]").forEach(function (el) {
    var moment = new Date(el.getAttribute("data-local-time"));
    if (isNaN(moment)) return;
    var format = new Intl.DateTimeFormat(lang, { dateStyle: "full", timeStyle: "medium" });
    el.textContent = format.format(moment);
    el.setAttribute("datetime", moment.toISOString());
    var box = el.closest(".visitor-zone");
    if (box) {
      var name = box.querySelector(".visitor-zone-name");
      if (name) name.textContent = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      box.hidden = false;
    }
  });

  function unit(value, name) {
    return new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "long" }).format(value);
  }

  function left(ms) {
    var s = Math.floor(ms / 1000);
    var parts = [];
    var days = Math.floor(s / 86400);
    if (days) parts.push(unit(days, "day"));
    parts.push(unit(Math.floor((s % 86400) / 3600), "hour"));
    parts.push(unit(Math.floor((s % 3600) / 60), "minute"));
    parts.push(unit(s % 60, "second"));
    return Intl.ListFormat ? new Intl.ListFormat(lang, { style: "narrow", type: "unit" }).format(parts) : parts.join(" ");
  }

  document.querySelectorAll("[data-countdown]").forEach(function (el) {
    var deadline = new Date(el.getAttribute("data-countdown")).getTime();
    if (isNaN(deadline)) return;
    function tick() {
      var ms = deadline - Date.now();
      if (ms <= 0) {
        el.textContent = el.getAttribute("data-closed-text");
        return;
      }
      el.textContent = left(ms);
      window.setTimeout(tick, 1000 - (Date.now() % 1000));
    }
    tick();
  });
})();
