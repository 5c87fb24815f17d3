// Open cases on a Leaflet map; overdue ones in red. Tiles come from settings, else a blank background.
(function () {
  "use strict";
  var HUAINAN = [32.63, 116.99];
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }
  function start() {
    var el = document.getElementById("case-map");
    var configEl = document.getElementById("map-config");
    if (!el || !configEl || !window.L) return;
    var config = JSON.parse(configEl.textContent);
    var map = window.L.map(el, { preferCanvas: true, maxZoom: config.maxZoom || 18 }).setView(HUAINAN, 11);
    (config.tiles || []).forEach(function (template) {
      window.L.tileLayer(template, { subdomains: config.subdomains || "abc", maxZoom: config.maxZoom || 18, attribution: config.attribution || "" }).addTo(map);
    });
    window.L.control.scale({ imperial: false }).addTo(map);
    fetch(el.dataset.pointsUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var bounds = [];
        data.cases.forEach(function (c) {
          var colour = c.overdue ? "#b3261e" : "#b45309";
          window.L.circleMarker([c.lat, c.lon], { radius: 7, color: "#1f2933", weight: 1, fillColor: colour, fillOpacity: 0.9 })
            .addTo(map)
            .bindPopup('<a href="' + escapeHtml(c.url) + '">#' + c.id + " " + escapeHtml(c.category) + "</a><br>" +
              escapeHtml(c.state) + (c.unit ? " · " + escapeHtml(c.unit) : "") + (c.overdue ? " · 已逾期" : ""));
          bounds.push([c.lat, c.lon]);
        });
        if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
        var count = document.querySelector("[data-testid=map-count]");
        if (count) count.textContent = "地图上共 " + data.cases.length + " 个未办结问题。";
        el.dataset.markerCount = String(data.cases.length);
      });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
