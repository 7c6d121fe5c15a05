/* "Use my location" on the event search: the browser's position fills the hidden fields and
   the form is sent. Without geolocation (or script) the postal code search works alone. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-geo-form]");
    if (!form || !navigator.geolocation) return;
    var button = form.querySelector("[data-geo-button]");
    var status = form.querySelector("[data-geo-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          form.querySelector("[name=lat]").value = position.coords.latitude.toFixed(5);
          form.querySelector("[name=lon]").value = position.coords.longitude.toFixed(5);
          form.querySelector("[name=near]").value = "";
          form.submit();
        },
        function () {
          button.disabled = false;
          status.textContent = button.getAttribute("data-geo-error");
        },
        { timeout: 10000, maximumAge: 600000 }
      );
    });
    // A postal code typed by hand wins over an earlier position.
    form.querySelector("[name=near]").addEventListener("input", function () {
      form.querySelector("[name=lat]").value = "";
      form.querySelector("[name=lon]").value = "";
    });
  });
})();
