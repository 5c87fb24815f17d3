// Open cases on the shared map (web/map.js); overdue ones in red.
(function () {
  "use strict";
  var M = window.WenmingMap;
  M.onReady(function () {
    var el = document.getElementById("case-map");
    var map = M.create(el);
    if (!map) return;
    M.load(el.dataset.pointsUrl).then(function (data) {
      M.plot(map, el, data.cases,
        function (c) { return { radius: 7, color: "#1f2933", weight: 1, fillColor: c.overdue ? "#b3261e" : "#b45309", fillOpacity: 0.9 }; },
        function (c) {
          return '<a href="' + M.escapeHtml(c.url) + '">#' + c.id + " " + M.escapeHtml(c.category) + "</a><br>" +
            M.escapeHtml(c.state) + (c.unit ? " · " + M.escapeHtml(c.unit) : "") + (c.overdue ? " · 已逾期" : "");
        },
        "地图上共 " + data.cases.length + " 个未办结问题。");
    });
  });
})();
