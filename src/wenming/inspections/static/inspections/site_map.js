// Sites on the shared map (web/map.js).
(function () {
  "use strict";
  var M = window.WenmingMap;
  M.onReady(function () {
    var el = document.getElementById("site-map");
    var map = M.create(el);
    if (!map) return;
    M.load(el.dataset.markersUrl).then(function (data) {
      M.plot(map, el, data.sites,
        function () { return { radius: 7, color: "#7f1d1d", weight: 1.5, fillColor: "#b3261e", fillOpacity: 0.85 }; },
        function (site) {
          return '<div class="wm-map-popup"><a href="' + M.escapeHtml(site.url) + '">' + M.escapeHtml(site.name) + "</a><br>" +
            M.escapeHtml(site.type) + (site.unit ? " · " + M.escapeHtml(site.unit) : "") + "</div>";
        },
        "地图上共 " + data.sites.length + " 个点位。");
    });
  });
})();
