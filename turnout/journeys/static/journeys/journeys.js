/* Journeys: on the settings form, show only the fields of the chosen trigger. The page works
   without it (every group is then shown under its own heading). */
(function () {
  "use strict";
  function setupTriggerChoice() {
    var radios = document.querySelectorAll("input[name='trigger_kind']");
    var groups = document.querySelectorAll(".trigger-settings[data-trigger]");
    if (!radios.length || !groups.length) return;
    function update() {
      var chosen = document.querySelector("input[name='trigger_kind']:checked");
      groups.forEach(function (group) {
        group.hidden = !chosen || group.getAttribute("data-trigger") !== chosen.value;
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupTriggerChoice);
  } else {
    setupTriggerChoice();
  }
})();
