/* The assistant's chat, enhanced: questions are posted as JSON and answers appear without
   reloading the page. Without this script the same form posts and the page shows the whole
   conversation. Answers, sources and errors are written as text (never as HTML). */
(function () {
  "use strict";
  var form = document.getElementById("chat-form");
  var chat = document.getElementById("chat");
  if (!form || !chat || !window.fetch || !window.JSON) return;
  var input = form.querySelector("input[name=question]");
  var errorBox = document.getElementById("chat-error");
  var template = document.getElementById("handoff-template");
  var busy = false;

  function field(name) { return form.querySelector("input[name=" + name + "]"); }
  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function bubble(kind, text) {
    var item = document.createElement("li");
    item.className = kind;
    var body = document.createElement("div");
    body.className = "chat-text";
    body.textContent = text;
    item.appendChild(body);
    chat.appendChild(item);
    return item;
  }
  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }

  form.addEventListener("submit", function (event) {
    if (busy) { event.preventDefault(); return; }
    event.preventDefault();
    var question = input.value;
    var hello = chat.querySelector(".chat-hello");
    busy = true;
    showError("");
    var pending = bubble("chat-question chat-pending", question);
    fetch(form.getAttribute("data-endpoint"), {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      credentials: "omit",
      body: JSON.stringify({
        question: question,
        visitor: field("visitor").value,
        message: field("message").value,
        country: field("country").value,
        election: field("election").value
      })
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      var data = result.data || {};
      if (result.status !== 200) {
        pending.remove();
        showError(data.error || "");
        return;
      }
      field("message").value = newId();
      if (data.visitor) field("visitor").value = data.visitor;
      if (data.rejected) {
        pending.remove();
        showError(data.answer);
        return;
      }
      if (hello) hello.remove();
      pending.className = "chat-question";
      input.value = "";
      var answer = bubble("chat-answer", data.answer);
      (data.sources || []).forEach(function (source) {
        var line = document.createElement("p");
        line.className = "chat-source small";
        var link = document.createElement("a");
        link.href = source.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = source.name || source.url;
        line.appendChild(document.createTextNode(chat.getAttribute("data-source-label") || ""));
        line.appendChild(link);
        if (source.last_verified) {
          line.appendChild(document.createTextNode(" · " + (chat.getAttribute("data-verified-label") || "") + " " + source.last_verified));
        }
        answer.appendChild(line);
      });
      if (data.handoff && template && template.content) {
        var copy = document.importNode(template.content, true);
        var turn = copy.querySelector("input[name=turn]");
        if (turn) turn.value = data.turn;
        var visitor = copy.querySelector("input[name=visitor]");
        if (visitor) visitor.value = field("visitor").value;
        answer.appendChild(copy);
      }
      answer.scrollIntoView({ block: "nearest" });
    }).catch(function () {
      pending.remove();
      form.submit();  // the page works without the script: let it post
    }).then(function () { busy = false; });
  });
})();
