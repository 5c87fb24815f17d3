// The round's sites, nearest first: ask the phone where it is, then reload the list sorted by distance.
(function () {
  "use strict";
  function start() {
    var status = document.getElementById("locate-status");
    var stops = document.getElementById("stops");
    if (!stops || !status) return;
    if (!("geolocation" in navigator)) {
      status.textContent = "此设备不支持定位，按计划顺序排列。";
      return;
    }
    navigator.geolocation.getCurrentPosition(function (pos) {
      var url = stops.dataset.nearestUrl + "?lat=" + pos.coords.latitude.toFixed(6) + "&lon=" + pos.coords.longitude.toFixed(6);
      window.htmx.ajax("GET", url, { target: "#stops", swap: "innerHTML" }).then(function () {
        status.textContent = "已按距离由近到远排列（定位精度约 " + Math.round(pos.coords.accuracy) + " 米）。";
      });
    }, function () {
      status.textContent = "未能获取位置（可能未授权定位），按计划顺序排列。";
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
