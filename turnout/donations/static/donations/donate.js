/* The donation form, a little livelier (everything works without it): typing another amount
   unselects the suggested ones and choosing one empties the field, and the "costs you" line
   follows the amount (French tax reduction). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-donate-form]").forEach(function (form) {
      var other = form.querySelector("input[name=other_amount]");
      var radios = form.querySelectorAll("input[name=amount]");
      var tax = form.querySelector("[data-tax-percent]");
      var cost = tax && tax.querySelector("[data-tax-cost]");
      var lang = document.documentElement.lang || "fr";

      function typedCents(text) {
        var clean = String(text || "").replace(/[\s\u00a0€]/g, "").replace(",", ".");
        if (!/^\d+(\.\d{1,2})?$/.test(clean)) return 0;
        return Math.round(parseFloat(clean) * 100);
      }
      function selectedCents() {
        if (other && other.value.trim()) return typedCents(other.value);
        var checked = form.querySelector("input[name=amount]:checked");
        return checked ? parseInt(checked.value, 10) || 0 : 0;
      }
      function updateCost() {
        if (!cost) return;
        var cents = selectedCents();
        var percent = parseInt(tax.getAttribute("data-tax-percent"), 10);
        if (!cents) { tax.hidden = true; return; }
        var left = cents - Math.floor(cents * percent / 100);
        // As the server writes amounts (core/money.py): "11,90 €", "17 €".
        var currency = tax.getAttribute("data-currency") || "EUR";
        cost.textContent = new Intl.NumberFormat(lang, {
          minimumFractionDigits: left % 100 ? 2 : 0,
          maximumFractionDigits: 2
        }).format(left / 100) + "\u00a0" + (currency === "EUR" ? "€" : currency);
        tax.hidden = false;
      }
      if (other) {
        other.addEventListener("input", function () {
          if (other.value.trim()) radios.forEach(function (radio) { radio.checked = false; });
          updateCost();
        });
      }
      radios.forEach(function (radio) {
        radio.addEventListener("change", function () {
          if (other) other.value = "";
          updateCost();
        });
      });
    });
  });
})();
