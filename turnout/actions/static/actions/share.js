/* Thank-you pages: a "Copy the link" button next to the share link (the field itself stays
   usable without script). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-link]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy-link"));
      if (!field || !navigator.clipboard) return;
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          button.textContent = button.getAttribute("data-copied");
          window.setTimeout(function () { button.textContent = label; }, 2500);
        }, function () { field.select(); });
      });
    });
  });
})();
