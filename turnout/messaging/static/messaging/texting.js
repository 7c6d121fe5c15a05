/* Peer-to-peer texting: the keyboard shortcut of the send screen, sending without a page
 * reload, and the live counts of the organizers' progress page. It holds no user-facing text
 * and every page works without it (plain forms and links). */
(function () {
  "use strict";

  // --- Send screen: one key press (Enter or S) sends the message shown, one message per press.
  var sending = false;

  function typing(target) {
    var tag = (target && target.tagName) || "";
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function replaceMain(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector("main");
    var main = document.querySelector("main");
    if (!fresh || !main) { window.location.reload(); return; }
    main.innerHTML = fresh.innerHTML;
    bindSendForm();
    var button = main.querySelector("[data-send-button]") || main.querySelector("[data-batch-button]");
    if (button) button.focus();
  }

  function submitWithoutReload(form) {
    if (sending) return;
    sending = true;
    var button = form.querySelector("[data-send-button]");
    if (button) button.disabled = true;
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      sending = false;
      replaceMain(html);
    }).catch(function () {
      sending = false;
      form.submit();  // let the browser show whatever the server says
    });
  }

  function bindSendForm() {
    var form = document.querySelector("form[data-send-form]");
    if (!form || form.dataset.bound) return;
    form.dataset.bound = "1";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitWithoutReload(form);
    });
  }

  function setupSend() {
    bindSendForm();
    document.addEventListener("keydown", function (event) {
      if (event.repeat || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (event.key !== "Enter" && event.key !== "s" && event.key !== "S") return;
      var form = document.querySelector("form[data-send-form]");
      if (!form) return;
      event.preventDefault();
      submitWithoutReload(form);
    });
  }

  // --- Progress page: poll the JSON counts every few seconds while the tab is visible.
  function lookup(data, path) {
    return path.split(".").reduce(function (value, key) {
      return value == null ? undefined : value[key];
    }, data);
  }

  function setupProgress(section) {
    var url = section.getAttribute("data-progress-url");
    var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
    function refresh() {
      if (document.hidden) return;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          section.querySelectorAll("[data-count]").forEach(function (el) {
            var value = lookup(data, el.getAttribute("data-count"));
            if (typeof value === "number") el.textContent = format.format(value);
          });
        })
        .catch(function () { /* try again at the next tick */ });
    }
    window.setInterval(refresh, 5000);
  }

  function start() {
    if (document.querySelector("form[data-send-form], [data-batch-button]")) setupSend();
    var progress = document.querySelector("[data-progress-url]");
    if (progress) setupProgress(progress);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
