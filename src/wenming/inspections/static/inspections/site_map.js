// Sites on a Leaflet map. Tiles come from settings; without them the markers sit on a blank
// background with a scale, which is enough to see where sites cluster.
(function () {
  "use strict";
  var HUAINAN = [32.63, 116.99];

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function start() {
    var el = document.getElementById("site-map");
    var configEl = document.getElementById("map-config");
    if (!el || !configEl || !window.L) return;
    var config = JSON.parse(configEl.textContent);
    var map = window.L.map(el, { preferCanvas: true, zoomControl: true, maxZoom: config.maxZoom || 18 }).setView(HUAINAN, 11);
    (config.tiles || []).forEach(function (template) {
      window.L.tileLayer(template, {
        subdomains: config.subdomains || "abc", maxZoom: config.maxZoom || 18, attribution: config.attribution || ""
      }).addTo(map);
    });
    window.L.control.scale({ imperial: false }).addTo(map);

    fetch(el.dataset.markersUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var bounds = [];
        data.sites.forEach(function (site) {
          var marker = window.L.circleMarker([site.lat, site.lon], {
            radius: 7, color: "#7f1d1d", weight: 1.5, fillColor: "#b3261e", fillOpacity: 0.85
          }).addTo(map);
          marker.bindPopup(
            '<div class="wm-map-popup"><a href="' + escapeHtml(site.url) + '">' + escapeHtml(site.name) + "</a><br>" +
            escapeHtml(site.type) + (site.unit ? " · " + escapeHtml(site.unit) : "") + "</div>"
          );
          bounds.push([site.lat, site.lon]);
        });
        if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
        var count = document.querySelector("[data-testid=map-count]");
        if (count) count.textContent = "地图上共 " + data.sites.length + " 个点位。";
        el.dataset.markerCount = String(data.sites.length);
      });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
