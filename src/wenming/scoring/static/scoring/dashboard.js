// 一张图: charts (ECharts) from the assessment's small JSON (dashboard.json, cached per snapshot)
// and the clustered site map (Leaflet); every bar and point opens the cases, tasks or sites behind it.
(function () {
  "use strict";
  var RED = "#b22222", BLUE = "#1f4e79";

  function chart(id, option, onClick) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return null;
    var instance = window.echarts.init(el, null, { renderer: "canvas" });
    instance.setOption(option);
    if (onClick) instance.on("click", onClick);
    window.addEventListener("resize", function () { instance.resize(); });
    el.dataset.ready = "1";
    return instance;
  }

  function numbers(list, key) {
    return list.map(function (item) { return item[key] == null ? null : Number(item[key]); });
  }

  function go(url) { if (url) window.location.href = url; }

  function barOption(items) {
    return {
      color: [RED, BLUE], tooltip: { trigger: "axis" }, legend: { bottom: 0 },
      grid: { left: 40, right: 12, top: 16, bottom: 56, containLabel: true },
      xAxis: { type: "category", data: items.map(function (d) { return d.name; }), axisLabel: { interval: 0, rotate: items.length > 5 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "发现", type: "bar", data: numbers(items, "found") },
        { name: "整改", type: "bar", data: numbers(items, "closed") }
      ]
    };
  }

  function start() {
    var charts = document.getElementById("dashboard-charts");
    if (!charts) return;
    // One request at a time: the charts' series, then the map (the embedded SQLite serialises anyway).
    fetch(charts.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(draw)
      .then(siteMap, siteMap);
  }

  function draw(data) {
    chart("chart-trend", {
      color: [RED, BLUE], tooltip: { trigger: "axis" }, legend: { bottom: 0 },
      grid: { left: 40, right: 12, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: data.trend.map(function (t) { return t.label.replace(/（.*）/, ""); }) },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: "按期整改率", type: "line", data: numbers(data.trend, "on_time_rate"), connectNulls: false },
        { name: "测评得分率", type: "line", data: numbers(data.trend, "score_rate"), connectNulls: false }
      ]
    }, function (p) { go(data.trend[p.dataIndex] && data.trend[p.dataIndex].url); });

    chart("chart-districts", barOption(data.districts), function (p) { go(data.districts[p.dataIndex].url); });
    chart("chart-categories", barOption(data.categories), function (p) { go(data.categories[p.dataIndex].url); });

    data.rankings.forEach(function (group) {
      var units = group.units.slice(0, 20);
      chart("chart-rank-" + group.kind, {
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", min: 0, max: 100 },
        yAxis: { type: "category", inverse: true, data: units.map(function (u) { return u.rank + " " + u.name; }) },
        series: [{
          name: "综合得分", type: "bar",
          data: units.map(function (u) {
            return { value: Number(u.composite), itemStyle: { color: u.honour === "red" ? RED : u.honour === "black" ? "#333" : BLUE } };
          })
        }]
      }, function (p) { go(units[p.dataIndex].cases_url); });
    });
  }

  // Sites clustered by viewport and coloured by their latest result (web/map.js).
  function siteMap() {
    var M = window.WenmingMap;
    var el = document.getElementById("site-map");
    var map = M && M.create(el);
    if (map) M.clustered(map, el, { legend: document.querySelector("[data-testid=map-legend]") });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
