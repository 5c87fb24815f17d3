// QR sign-in/out: ask the phone for its position, then submit with it (the server checks the distance).
(function () {
  var form = document.getElementById("scan-form");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    var kind = button ? button.value : "";
    if (kind === "signup" || !form.dataset.needsPosition || form.dataset.located) return;
    if (!navigator.geolocation) return;
    event.preventDefault();
    var send = function () {
      form.dataset.located = "1";
      var hidden = document.createElement("input");
      hidden.type = "hidden"; hidden.name = "kind"; hidden.value = kind;
      form.appendChild(hidden);
      form.submit();
    };
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("scan-latitude").value = pos.coords.latitude.toFixed(6);
      document.getElementById("scan-longitude").value = pos.coords.longitude.toFixed(6);
      send();
    }, send, { enableHighAccuracy: true, timeout: 10000, maximumAge: 30000 });
  });
})();
