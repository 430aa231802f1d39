// Progressive enhancement of the chat page: answers arrive without a page load, focus and
// aria-live announce them, and "copy as text" uses the clipboard. Without this file the form
// posts to the server and everything still works.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("ask-form");
  var log = document.getElementById("conversation");
  if (!form || !log) return;
  var input = document.getElementById("input");

  function enableCopy(scope) {
    scope.querySelectorAll("button.copy").forEach(function (btn) {
      if (!navigator.clipboard) return;
      btn.hidden = false;
      btn.addEventListener("click", function () {
        var text = btn.closest("article").querySelector(".copy-text textarea").value;
        navigator.clipboard.writeText(text).then(function () {
          btn.textContent = btn.getAttribute("data-copied");
        });
      });
    });
  }
  enableCopy(document);

  function showError(message) {
    var p = document.createElement("p");
    p.className = "error";
    p.setAttribute("role", "alert");
    p.textContent = message;
    log.appendChild(p);
  }

  var mode = "ask";
  form.querySelectorAll("button[name=mode]").forEach(function (b) {
    b.addEventListener("click", function () { mode = b.value; });
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); mode = "ask"; form.requestSubmit(); }
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    var data = new FormData(form);
    data.set("mode", mode);
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.setAttribute("aria-busy", "true"); b.disabled = true; });
    fetch("/ui/answer", { method: "POST", body: data, credentials: "same-origin" })
      .then(function (res) {
        return res.text().then(function (html) { return { ok: res.ok, status: res.status, html: html }; });
      })
      .then(function (r) {
        if (r.status === 429) { showError(document.documentElement.lang === "nb" ? "For mange spørsmål. Vent litt." : "Too many questions. Please wait."); return; }
        // The fragment is rendered by our own server with autoescaping; it holds no script.
        var holder = document.createElement("div");
        holder.innerHTML = r.html;
        var card = holder.firstElementChild;
        if (!card) return;
        log.appendChild(card);
        if (r.ok) {
          enableCopy(card);
          var h = document.createElement("input");
          h.type = "hidden"; h.name = "h"; h.value = text;
          form.querySelector(".controls").appendChild(h);
          var hs = form.querySelectorAll("input[name=h]");
          if (hs.length > 4) hs[0].remove();
          input.value = "";
          card.focus();
        }
      })
      .catch(function () { showError("Network error"); })
      .finally(function () {
        buttons.forEach(function (b) { b.removeAttribute("aria-busy"); b.disabled = false; });
      });
  });
})();
