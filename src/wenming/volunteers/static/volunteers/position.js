// "使用我当前的位置" on the activity and site forms: fill latitude and longitude from the phone.
(function () {
  var button = document.getElementById("use-position");
  if (!button || !navigator.geolocation) return;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("id_latitude").value = pos.coords.latitude.toFixed(6);
      document.getElementById("id_longitude").value = pos.coords.longitude.toFixed(6);
    });
  });
})();
