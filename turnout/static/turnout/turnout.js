/* Turnout's own small progressive enhancements. Every page works without it. */
(function () {
  "use strict";

  // Close the other open menus when one opens, and all of them on Escape or outside click.
  function setupMenus() {
    var menus = document.querySelectorAll("[data-menu]");
    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (!menu.open) return;
        menus.forEach(function (other) { if (other !== menu) other.open = false; });
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      menus.forEach(function (menu) {
        if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
      });
    });
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) { if (menu.open && !menu.contains(event.target)) menu.open = false; });
    });
  }

  // Forms that ask before doing something hard to undo.
  function setupConfirm() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  function setupAutosubmit() {
    document.querySelectorAll("[data-autosubmit]").forEach(function (field) {
      field.addEventListener("change", function () { field.form.submit(); });
    });
  }

  // Live progress of a background job.
  function setupJobs() {
    document.querySelectorAll("[data-job-status-url]").forEach(function (box) {
      if (box.getAttribute("data-finished") === "1") return;
      var url = box.getAttribute("data-job-status-url");
      var bar = box.querySelector("[data-job-bar]");
      var delay = 700;
      function render(job) {
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        box.querySelector("[data-job-percent]").textContent = job.percent + "%";
        var status = box.querySelector("[data-job-status]");
        status.textContent = job.status_label;
        status.className = "status status-" + job.status;
        box.querySelector("[data-job-counts]").textContent =
          job.total ? job.done.toLocaleString() + " / " + job.total.toLocaleString() : "";
        box.querySelector("[data-job-message]").textContent = job.message || "";
        var error = box.querySelector("[data-job-error]");
        error.textContent = job.error; error.hidden = !job.error;
        box.querySelector("[data-job-download]").hidden = !job.has_file;
        var result = box.querySelector("[data-job-result]");
        if (result && job.result_url) { result.href = job.result_url; result.hidden = false; }
        var cancel = box.querySelector("[data-job-cancel]");
        if (cancel && job.finished) cancel.hidden = true;
      }
      function poll() {
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
          .then(function (job) {
            render(job);
            if (!job.finished) window.setTimeout(poll, delay);
          })
          .catch(function () { delay = Math.min(delay * 2, 10000); window.setTimeout(poll, delay); });
      }
      poll();
    });
  }

  // Live pages (a broadcast being sent): reload while the server says work is under way,
  // unless the reader is typing in a form of the page.
  function setupReload() {
    var box = document.querySelector("[data-reload-every]");
    if (!box) return;
    var seconds = parseInt(box.getAttribute("data-reload-every"), 10);
    if (!seconds) return;
    window.setTimeout(function () {
      var active = document.activeElement;
      if (active && active.form) return;
      window.location.reload();
    }, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupMenus(); setupConfirm(); setupAutosubmit(); setupJobs(); setupReload();
  });
})();
