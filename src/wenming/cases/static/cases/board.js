// Case board: unit fields suggest visible units (full name and where each sits) as one types
// (no list of every unit).
(function () {
  "use strict";
  function start() {
    document.querySelectorAll(".wm-unit-suggest").forEach(function (input) {
      var list = document.getElementById(input.getAttribute("list"));
      var timer = null, asked = "";
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var q = input.value.trim();
          if (!q || q === asked || !list) return;
          asked = q;
          fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.json() : { units: [] }; })
            .then(function (data) {
              list.replaceChildren.apply(list, data.units.map(function (unit) {
                // The full name fills the field; the label says where the unit sits.
                var option = document.createElement("option");
                option.value = unit.name;
                option.label = unit.label;
                return option;
              }));
            })
            .catch(function () {});
        }, 200);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
