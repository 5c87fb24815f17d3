// Sites on the shared map (web/map.js), clustered by viewport and coloured by their latest result.
(function () {
  "use strict";
  var M = window.WenmingMap;
  M.onReady(function () {
    var el = document.getElementById("site-map");
    var map = M.create(el);
    if (!map) return;
    M.clustered(map, el, {
      legend: document.querySelector("[data-testid=map-legend]"),
      countText: function (total) { return "当前范围内共 " + total + " 个点位；点击聚合圈放大，点击点位查看详情。"; }
    });
  });
})();
