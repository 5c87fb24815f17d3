// The coverage map: each region one level down as a labelled badge coloured by its 所/站
// coverage (click: the figures and the drill-down), above the practice sites by level,
// clustered by viewport from /map/clusters.json?layer=practice (web/map.js).
(function () {
  "use strict";

  function badge(M, p) {
    return window.L.divIcon({
      className: "wm-region wm-c-" + p["class"],
      iconSize: null,
      html: '<span data-testid="coverage-region">' + M.escapeHtml(p.name) + " <b>" + M.escapeHtml(p.badge) + "</b></span>"
    });
  }

  function start() {
    var M = window.WenmingMap;
    var el = document.getElementById("coverage-map");
    var dataEl = document.getElementById("coverage-points");
    var map = M && M.create(el);
    if (!map || !dataEl) return;
    var data = JSON.parse(dataEl.textContent);
    M.clustered(map, el, {});
    var bounds = [];
    data.points.forEach(function (p) {
      var html = "<strong>" + M.escapeHtml(p.name) + "</strong><br>" + M.escapeHtml(data.classes[p["class"]] || "") +
        (p.text ? "<br>" + M.escapeHtml(p.text) : "");
      if (p.url) html += '<br><a data-testid="coverage-drill" href="' + M.escapeHtml(p.url) + '">' + M.escapeHtml(el.dataset.drillText) + "</a>";
      window.L.marker([p.lat, p.lon], { icon: badge(M, p), zIndexOffset: 1000, title: p.name })
        .bindPopup('<div class="wm-map-popup">' + html + "</div>").addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 15 });
    el.dataset.regionCount = String(data.points.length);
  }

  if (window.WenmingMap) window.WenmingMap.onReady(start);
})();
