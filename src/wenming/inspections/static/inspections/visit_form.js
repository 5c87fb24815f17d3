// The phone's checklist: capture the position, mark the rest as passed, add free-form problems.
(function () {
  "use strict";
  function locate() {
    var status = document.getElementById("visit-position");
    var lat = document.getElementById("visit-latitude");
    var lon = document.getElementById("visit-longitude");
    var acc = document.getElementById("visit-accuracy");
    if (!status || !lat) return;
    if (lat.value) { status.textContent = "已定位。"; return; }
    if (!("geolocation" in navigator)) { status.textContent = "此设备不支持定位，将使用点位登记的坐标。"; return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      lat.value = pos.coords.latitude.toFixed(6);
      lon.value = pos.coords.longitude.toFixed(6);
      acc.value = Math.round(pos.coords.accuracy);
      status.textContent = "已定位（精度约 " + acc.value + " 米）。";
    }, function () {
      status.textContent = "未能定位（可能未授权），将使用点位登记的坐标。";
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 });
  }

  function restPass() {
    document.querySelectorAll("fieldset.wm-check").forEach(function (set) {
      if (!set.querySelector("input[type=radio]:checked")) {
        var pass = set.querySelector("input[value=pass]");
        if (pass) pass.checked = true;
      }
      set.classList.remove("wm-check-missing");
    });
  }

  function addProblem() {
    var list = document.getElementById("problems");
    var template = document.getElementById("problem-template");
    if (!list || !template) return;
    var next = list.querySelectorAll(".wm-problem").length;
    var html = template.innerHTML.split("__n__").join(String(next));
    list.insertAdjacentHTML("beforeend", html);
    var added = list.lastElementChild.querySelector("textarea");
    if (added) added.focus();
  }

  function checkAnswered(event) {
    var missing = [];
    document.querySelectorAll("fieldset.wm-check").forEach(function (set) {
      var answered = !!set.querySelector("input[type=radio]:checked");
      set.classList.toggle("wm-check-missing", !answered);
      if (!answered) missing.push(set);
    });
    if (missing.length) {
      event.preventDefault();
      missing[0].scrollIntoView({ behavior: "smooth", block: "center" });
      window.alert("还有 " + missing.length + " 项未选择结果。");
    }
  }

  function start() {
    locate();
    var rest = document.getElementById("rest-pass");
    if (rest) rest.addEventListener("click", restPass);
    var add = document.getElementById("add-problem");
    if (add) add.addEventListener("click", addProblem);
    var form = document.getElementById("visit-form");
    if (form) form.addEventListener("submit", checkAnswered);
    document.querySelectorAll("fieldset.wm-check input[type=radio]").forEach(function (radio) {
      radio.addEventListener("change", function () { radio.closest("fieldset").classList.remove("wm-check-missing"); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
