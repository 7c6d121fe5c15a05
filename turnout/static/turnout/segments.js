/* The segment builder, improved: rows are added, changed and removed in the page, and the
 * number of people who match is refreshed as the filters change. Without this file every
 * button posts the form and the server draws the rows again (see segments/builder.py). */
(function () {
  "use strict";

  var DEBOUNCE_MS = 400;

  function fragment(template, replacements) {
    var html = template.innerHTML;
    Object.keys(replacements).forEach(function (key) {
      html = html.split(key).join(replacements[key]);
    });
    var holder = document.createElement("template");
    holder.innerHTML = html;
    return holder.content;
  }

  function maxNumber(form, pattern) {
    var max = 0;
    form.querySelectorAll("[name]").forEach(function (element) {
      var found = pattern.exec(element.name);
      if (found) max = Math.max(max, parseInt(found[1], 10));
    });
    return max;
  }

  function setup(form) {
    var output = form.querySelector("[data-count-output]");
    var rowTemplate = document.querySelector("template[data-row-template]");
    var groupTemplate = document.querySelector("template[data-group-template]");
    var text = function (name) { return form.getAttribute("data-text-" + name) || ""; };
    var timer = null;
    var controller = null;

    form.querySelectorAll("[data-no-js]").forEach(function (hint) { hint.remove(); });

    function setInputs(row, field) {
      var box = row.querySelector("[data-inputs]");
      box.textContent = "";
      var template = field && document.querySelector('template[data-inputs-for="' + field + '"]');
      if (template) box.appendChild(fragment(template, { __n__: row.getAttribute("data-key") }));
    }

    // Number the conditions the way the server does in its error messages.
    function renumber() {
      var position = 0;
      form.querySelectorAll('[data-rows="top"] > [data-row]').forEach(function (row) {
        var chosen = row.querySelector("[data-field-select]").value;
        if (chosen) position += 1;
        row.querySelector("[data-row-legend]").textContent =
          chosen ? text("condition").replace("%s", position) : text("new-condition");
      });
      form.querySelectorAll("[data-groups] > [data-group]").forEach(function (group) {
        var inner = 0;
        var groupPosition = position + 1;
        group.querySelectorAll("[data-row]").forEach(function (row) {
          var chosen = row.querySelector("[data-field-select]").value;
          if (chosen) inner += 1;
          row.querySelector("[data-row-legend]").textContent = chosen
            ? text("condition").replace("%s", groupPosition + "." + inner)
            : text("new-condition");
        });
        if (inner) position += 1;
        group.querySelector("[data-group-legend]").textContent =
          inner ? text("group").replace("%s", groupPosition) : text("new-group");
      });
    }

    function addRow(container, groupKey, field) {
      var key = String(maxNumber(form, /^c-(\d+)-field$/) + 1);
      container.appendChild(fragment(rowTemplate, { __n__: key }));
      var row = container.lastElementChild;
      row.querySelector("[data-row-group]").value = groupKey;
      var select = row.querySelector("[data-field-select]");
      select.value = field || "";
      setInputs(row, select.value);
      renumber();
      var first = row.querySelector("[data-inputs] select, [data-inputs] input");
      (first || select).focus();
      schedule();
    }

    function addGroup(field) {
      var key = String(maxNumber(form, /^g-(\d+)-match$/) + 1);
      var groups = form.querySelector("[data-groups]");
      groups.appendChild(fragment(groupTemplate, { __g__: key }));
      var group = groups.lastElementChild;
      addRow(group.querySelector("[data-rows]"), key, field);
    }

    function showErrors(errors) {
      output.textContent = "";
      var lead = document.createElement("span");
      lead.textContent = text("not-counted") + " ";
      output.appendChild(lead);
      var list = document.createElement("ul");
      errors.forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        list.appendChild(item);
      });
      output.appendChild(list);
    }

    function refresh() {
      if (controller) controller.abort();
      controller = new AbortController();
      output.setAttribute("aria-busy", "true");
      fetch(form.getAttribute("data-count-url"), {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller.signal
      })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          output.removeAttribute("aria-busy");
          if (data.errors) showErrors(data.errors);
          else output.textContent = data.text;
        })
        .catch(function (error) {
          if (error.name === "AbortError") return;
          output.removeAttribute("aria-busy");
          output.textContent = text("failed");
        });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DEBOUNCE_MS);
    }

    form.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !form.contains(button)) return;
      if (button.hasAttribute("data-add-row")) {
        event.preventDefault();
        var target = button.value;
        var container = form.querySelector('[data-rows="' + target + '"]');
        var chooser = form.querySelector('[name="new-field-' + target + '"]');
        addRow(container, target === "top" ? "" : target, chooser ? chooser.value : "");
      } else if (button.hasAttribute("data-add-group")) {
        event.preventDefault();
        addGroup(form.querySelector('[name="new-field-group"]').value);
      } else if (button.hasAttribute("data-remove-row")) {
        event.preventDefault();
        var row = button.closest("[data-row]");
        var rows = row.parentElement;
        var next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        renumber();
        var focusTarget = next
          ? next.querySelector("[data-field-select]")
          : rows.parentElement.querySelector("[data-add-row]");
        if (focusTarget) focusTarget.focus();
        schedule();
      } else if (button.hasAttribute("data-remove-group")) {
        event.preventDefault();
        button.closest("[data-group]").remove();
        renumber();
        form.querySelector("[data-add-group]").focus();
        schedule();
      } else if (button.hasAttribute("data-preview")) {
        event.preventDefault();
        window.clearTimeout(timer);
        refresh();
      }
    });

    // Enter in a text box: count now instead of reloading the page.
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.name === "preview") {
        event.preventDefault();
        window.clearTimeout(timer);
        refresh();
      }
    });

    form.addEventListener("change", function (event) {
      if (event.target.hasAttribute("data-field-select")) {
        setInputs(event.target.closest("[data-row]"), event.target.value);
        renumber();
      }
      if (!/^new-field-/.test(event.target.name || "")) schedule();
    });
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "INPUT") schedule();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-segment-builder]").forEach(setup);
  });
})();
