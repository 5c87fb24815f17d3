// Inputs whose words come from the browser, not from the page: in a browser set to English,
// a file input says "Choose File / No file chosen" and a date input "mm/dd/yyyy". File inputs
// get a Chinese button and the chosen names; date inputs in a non-Chinese browser become text
// boxes hinted 年-月-日 (the server reads 2026-11-23 either way). No library.
(function () {
  "use strict";
  function fileInputs() {
    document.querySelectorAll('input[type="file"]:not([data-wm-file])').forEach(function (input) {
      input.setAttribute("data-wm-file", "1");
      var box = document.createElement("div");
      box.className = "wm-file d-flex align-items-center gap-2 flex-wrap";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-secondary btn-sm";
      button.textContent = input.multiple ? "选择文件（可多选）" : "选择文件";
      button.setAttribute("data-testid", "file-button");
      var chosen = document.createElement("span");
      chosen.className = "small text-secondary";
      chosen.setAttribute("data-testid", "file-chosen");
      function show() {
        var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
        chosen.textContent = names.length ? "已选择：" + names.join("、") : "未选择文件";
      }
      button.addEventListener("click", function () { input.click(); });
      input.addEventListener("change", show);
      input.parentNode.insertBefore(box, input);
      box.appendChild(input);
      box.appendChild(button);
      box.appendChild(chosen);
      // Kept in the page (forms, labels and tests reach it), out of sight.
      input.classList.add("visually-hidden");
      show();
    });
  }
  function dateInputs() {
    var language = (navigator.language || "").toLowerCase();
    if (language.indexOf("zh") === 0) return; // the browser's own picker speaks Chinese
    document.querySelectorAll('input[type="date"]').forEach(function (input) {
      input.type = "text";
      input.inputMode = "numeric";
      input.placeholder = "年-月-日，如 2026-11-23";
      input.pattern = "\\d{4}-\\d{1,2}-\\d{1,2}";
      input.setAttribute("autocomplete", "off");
    });
  }
  function start() { fileInputs(); dateInputs(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
