// Pipeline board: drag a card onto another column to move it. Without script, each card's
// "Move" form does the same; this only picks the stage and submits that form.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board) return;
  var dragged = null;
  board.querySelectorAll("[data-lead]").forEach(function (card) {
    card.setAttribute("draggable", "true");
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.id);
    });
    card.addEventListener("dragend", function () { dragged = null; });
  });
  board.querySelectorAll("[data-stage]").forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      column.classList.add("drop-target");
    });
    column.addEventListener("dragleave", function () { column.classList.remove("drop-target"); });
    column.addEventListener("drop", function (event) {
      column.classList.remove("drop-target");
      if (!dragged) return;
      event.preventDefault();
      var form = dragged.querySelector("form");
      var select = form && form.querySelector("select[name=stage]");
      if (!select || select.value === column.dataset.stage) return;
      select.value = column.dataset.stage;
      form.submit();
    });
  });
})();
