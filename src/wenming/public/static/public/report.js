// 随手拍: position from the phone or a pin on the map, and "附近已有人反映" before submitting.
(function () {
  "use strict";
  function start() {
    var form = document.getElementById("report-form");
    if (!form) return;
    var lat = document.getElementById("latitude");
    var lon = document.getElementById("longitude");
    var text = document.getElementById("position-text");
    var follow = document.getElementById("follow");
    var box = document.getElementById("nearby");
    var list = document.getElementById("nearby-list");
    var mapEl = document.getElementById("report-map");
    var map = null, marker = null;
    if (window.WenmingMap && mapEl) {
      map = window.WenmingMap.create(mapEl);
      if (map) map.on("click", function (e) { setPosition(e.latlng.lat, e.latlng.lng, true); });
    }
    function esc(t) { return window.WenmingMap ? window.WenmingMap.escapeHtml(t) : String(t); }

    function setPosition(la, lo, fromMap) {
      lat.value = Number(la).toFixed(6);
      lon.value = Number(lo).toFixed(6);
      text.textContent = "已选位置：" + lat.value + ", " + lon.value;
      if (map) {
        if (marker) marker.setLatLng([la, lo]); else marker = window.L.circleMarker([la, lo], { radius: 9, color: "#dc3545", weight: 3 }).addTo(map);
        if (!fromMap) map.setView([la, lo], 17);
      }
      lookNearby();
    }
    if (lat.value && lon.value && map) setPosition(lat.value, lon.value, false);

    document.getElementById("locate").addEventListener("click", function () {
      if (!navigator.geolocation) { text.textContent = "此浏览器不支持定位，请在地图上点选。"; return; }
      text.textContent = "正在定位…";
      navigator.geolocation.getCurrentPosition(function (p) {
        setPosition(p.coords.latitude, p.coords.longitude, false);
      }, function () {
        text.textContent = "定位失败，请允许定位或在地图上点选位置。";
      }, { enableHighAccuracy: true, timeout: 15000 });
    });

    function service() {
      var checked = form.querySelector("input[name=service]:checked");
      return checked ? checked.value : "";
    }
    form.querySelectorAll("input[name=service]").forEach(function (el) { el.addEventListener("change", lookNearby); });

    function lookNearby() {
      if (!service() || !lat.value || !lon.value) return;
      var url = form.dataset.nearbyUrl + "?service=" + encodeURIComponent(service()) +
        "&lat=" + encodeURIComponent(lat.value) + "&lon=" + encodeURIComponent(lon.value);
      fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) { return r.json(); }).then(function (data) {
        var cases = data.cases || [];
        follow.value = "";
        if (!cases.length) { box.classList.add("d-none"); return; }
        list.innerHTML = cases.map(function (c) {
          return '<div class="border rounded p-2 mb-2 bg-white" data-testid="nearby-case" data-id="' + c.id + '">' +
            '<div>' + esc(c.description) + '</div><div class="small text-secondary">' +
            esc(c.reported) + " · 相距约 " + c.distance + " 米</div>" +
            '<button type="button" class="btn btn-sm btn-primary mt-1" data-follow="' + c.id + '" data-testid="nearby-follow">是同一问题，关注它</button></div>';
        }).join("");
        list.querySelectorAll("[data-follow]").forEach(function (button) {
          button.addEventListener("click", function () {
            follow.value = button.dataset.follow;
            list.querySelectorAll("[data-follow]").forEach(function (b) { b.textContent = "是同一问题，关注它"; b.classList.replace("btn-success", "btn-primary"); });
            button.textContent = "已选择：提交后关注这条反映";
            button.classList.replace("btn-primary", "btn-success");
          });
        });
        box.classList.remove("d-none");
      }).catch(function () {});
    }
    document.getElementById("nearby-new").addEventListener("click", function () {
      follow.value = "";
      box.classList.add("d-none");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
