// Fill a site's coordinates from where the phone is standing.
(function () {
  "use strict";
  function start() {
    var button = document.getElementById("site-use-position");
    if (!button) return;
    if (!("geolocation" in navigator)) { button.disabled = true; return; }
    button.addEventListener("click", function () {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById("site-latitude").value = pos.coords.latitude.toFixed(6);
        document.getElementById("site-longitude").value = pos.coords.longitude.toFixed(6);
        button.disabled = false;
      }, function () {
        button.disabled = false;
        window.alert("未能获取位置，请检查是否允许本网站定位。");
      }, { enableHighAccuracy: true, timeout: 20000 });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
