// The shared Leaflet map. Tiles come from settings (the #map-config JSON); without them the
// markers sit on a blank background with a scale, which is enough to see where points cluster.
(function () {
  "use strict";
  var HUAINAN = [32.63, 116.99];

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function create(el) {
    var configEl = document.getElementById("map-config");
    if (!el || !configEl || !window.L) return null;
    var config = JSON.parse(configEl.textContent);
    var maxZoom = config.maxZoom || 18;
    var map = window.L.map(el, { preferCanvas: true, maxZoom: maxZoom }).setView(HUAINAN, 11);
    (config.tiles || []).forEach(function (template) {
      window.L.tileLayer(template, { subdomains: config.subdomains || "abc", maxZoom: maxZoom, attribution: config.attribution || "" }).addTo(map);
    });
    window.L.control.scale({ imperial: false }).addTo(map);
    // Leaflet's default prefix carries a flag; a government map shows the library's name only.
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    return map;
  }

  function load(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); });
  }

  // points: [{lat, lon, …}]; style(point) → circleMarker options; popup(point) → HTML.
  function plot(map, el, points, style, popup, countText) {
    var bounds = [];
    points.forEach(function (point) {
      window.L.circleMarker([point.lat, point.lon], style(point)).addTo(map).bindPopup(popup(point));
      bounds.push([point.lat, point.lon]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    var count = document.querySelector("[data-testid=map-count]");
    if (count && countText) count.textContent = countText;
    el.dataset.markerCount = String(points.length);
  }

  function onReady(start) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
  }

  window.WenmingMap = { create: create, load: load, plot: plot, escapeHtml: escapeHtml, onReady: onReady };
})();
