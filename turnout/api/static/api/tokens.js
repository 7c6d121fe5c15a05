/* API tokens: a "Copy" button next to the new secret (the field stays selectable without JS). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-from]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy-from"));
      if (!field) return;
      button.addEventListener("click", function () {
        field.select();
        var done = function () { button.textContent = button.getAttribute("data-copied"); };
        if (navigator.clipboard) {
          navigator.clipboard.writeText(field.value).then(done);
        } else if (document.execCommand("copy")) {
          done();
        }
      });
    });
  });
})();
