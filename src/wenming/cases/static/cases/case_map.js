// Cases on the shared map (web/map.js), clustered by viewport and coloured by state (overdue first).
(function () {
  "use strict";
  var M = window.WenmingMap;
  M.onReady(function () {
    var el = document.getElementById("case-map");
    var map = M.create(el);
    if (!map) return;
    M.clustered(map, el, {
      legend: document.querySelector("[data-testid=map-legend]"),
      countText: function (total) { return "当前范围内共 " + total + " 个问题；点击聚合圈放大，点击问题查看详情。"; }
    });
  });
})();
