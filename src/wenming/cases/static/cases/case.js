// Case page: reply templates fill the note; forms carry the phone's position when it allows.
(function () {
  "use strict";
  function start() {
    document.querySelectorAll(".wm-reply-template").forEach(function (select) {
      select.addEventListener("change", function () {
        var note = select.form && select.form.querySelector("textarea[name=note]");
        if (note && select.value) note.value = select.value;
      });
    });
    var lats = document.querySelectorAll(".wm-geo-lat");
    if (!lats.length || !navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.querySelectorAll(".wm-geo-lat").forEach(function (el) { if (!el.value) el.value = pos.coords.latitude.toFixed(6); });
      document.querySelectorAll(".wm-geo-lon").forEach(function (el) { if (!el.value) el.value = pos.coords.longitude.toFixed(6); });
      var status = document.querySelector("[data-testid=geo-status]");
      if (status) status.textContent = "已记录当前位置。";
    }, function () {}, { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
