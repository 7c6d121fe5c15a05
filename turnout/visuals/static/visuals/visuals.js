// Live preview of the brand kit: the form is posted (nothing is saved) to the preview address
// a moment after the last change, and the returned PNG replaces the picture.
(function () {
  "use strict";
  var form = document.getElementById("brand-kit-form");
  var img = document.getElementById("brand-preview");
  var status = document.getElementById("brand-preview-status");
  if (!form || !img || !window.fetch) return;
  var noJs = form.querySelector("[data-no-js-preview]");
  if (noJs) noJs.hidden = true;
  var timer = null;
  var sequence = 0;

  function refresh() {
    var mine = ++sequence;
    var data = new FormData(form);
    img.parentNode.classList.add("is-busy");
    status.textContent = status.dataset.busy;
    fetch(form.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (mine !== sequence) return null;
        if (!response.ok) {
          return response.text().then(function (text) { throw new Error(text); });
        }
        var overflow = response.headers.get("X-Visual-Overflow");
        return response.blob().then(function (blob) {
          var reader = new FileReader();
          reader.onload = function () {
            if (mine !== sequence) return;
            img.src = reader.result;
            status.textContent = overflow ? status.dataset.overflow : "";
          };
          reader.readAsDataURL(blob);
        });
      })
      .catch(function (error) {
        if (mine === sequence) status.textContent = error.message;
      })
      .finally(function () {
        if (mine === sequence) img.parentNode.classList.remove("is-busy");
      });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  Array.prototype.forEach.call(document.querySelectorAll(".visuals-suggest"), function (button) {
    button.addEventListener("click", function () {
      var field = form.querySelector("[name=primary]");
      if (field) { field.value = button.dataset.color; schedule(); }
    });
  });
})();
