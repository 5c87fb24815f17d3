// The coverage map: each region one level down as a large dot coloured by its 所/站 coverage
// (click: the figures and the drill-down), and the practice sites by level, clustered by
// viewport from /map/clusters.json?layer=practice (web/map.js).
(function () {
  "use strict";
  var COLOURS = { full: "#2e7d32", partial: "#f59e0b", gap: "#b3261e" };

  function start() {
    var M = window.WenmingMap;
    var el = document.getElementById("coverage-map");
    var dataEl = document.getElementById("coverage-points");
    var map = M && M.create(el);
    if (!map || !dataEl) return;
    var data = JSON.parse(dataEl.textContent);
    M.clustered(map, el, {});
    M.plot(map, el, data.points, function (p) {
      var colour = COLOURS[p["class"]] || "#6b7280";
      return { radius: 13, color: "#ffffff", weight: 2, fillColor: colour, fillOpacity: 0.85 };
    }, function (p) {
      var html = "<strong>" + M.escapeHtml(p.name) + "</strong><br>" + M.escapeHtml(data.classes[p["class"]] || "") +
        (p.text ? "<br>" + M.escapeHtml(p.text) : "");
      if (p.url) html += '<br><a data-testid="coverage-drill" href="' + M.escapeHtml(p.url) + '">' + M.escapeHtml(el.dataset.drillText) + "</a>";
      return '<div class="wm-map-popup">' + html + "</div>";
    });
    el.dataset.regionCount = String(data.points.length);
  }

  if (window.WenmingMap) window.WenmingMap.onReady(start);
})();
