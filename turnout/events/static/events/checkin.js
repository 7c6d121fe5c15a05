/* The check-in list filters as one types (the search button still works without script). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("[data-checkin-filter]");
    if (!input) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("[data-checkin-row]"));
    var none = document.querySelector("[data-checkin-none]");
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute("data-search") || "";
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (none) none.hidden = shown !== 0;
    });
  });
})();
