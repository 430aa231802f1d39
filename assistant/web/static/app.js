// Progressive enhancement of the chat page: answers arrive without a page load, focus moves
// to each new answer (which announces it), the language switch and the hidden history keep
// the conversation, and "copy as text" uses the clipboard. Without this file the form posts
// to the server and everything still works.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("ask-form");
  var log = document.getElementById("conversation");
  if (!form || !log) return;
  var input = document.getElementById("input");
  var errorBox = document.getElementById("form-error");
  var count = document.getElementById("input-count");
  var max = parseInt(form.getAttribute("data-max"), 10) || 2000;
  var MAX_TURNS = 4;

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
    errorBox.textContent = "";
    if (!message) { input.removeAttribute("aria-invalid"); return; }
    var p = document.createElement("p");
    p.className = "error";
    p.textContent = message;
    errorBox.appendChild(p);
    input.setAttribute("aria-invalid", "true");
  }

  function format(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, document.documentElement.lang === "nb" ? "\u00a0" : ",");
  }

  function updateCount() {
    var n = input.value.length;
    count.textContent = format(n) + " / " + format(max) + " " + form.getAttribute("data-chars");
    count.classList.toggle("over", n > max);
  }
  input.addEventListener("input", updateCount);
  updateCount();

  function problem(text) {
    if (!text.trim()) return form.getAttribute("data-err-empty");
    if (text.length > max) {
      return form.getAttribute("data-err-long").replace("{n}", format(text.length)).replace("{max}", format(max));
    }
    return null;
  }

  // the language switch goes to the conversation's permalink, in the other language
  function updateSwitch(card) {
    var link = document.querySelector("a.switch");
    var perma = card.querySelector("a.permalink");
    if (!link || !perma) return;
    var url = new URL(perma.getAttribute("href"), location.href);
    url.searchParams.set("lang", link.getAttribute("hreflang"));
    link.setAttribute("href", url.pathname + url.search);
  }

  function remember(text, mode) {
    var controls = form;
    var h = document.createElement("input");
    h.type = "hidden"; h.name = "h"; h.value = text;
    var m = document.createElement("input");
    m.type = "hidden"; m.name = "hm"; m.value = mode;
    controls.appendChild(h);
    controls.appendChild(m);
    var hs = form.querySelectorAll("input[name=h]");
    var ms = form.querySelectorAll("input[name=hm]");
    if (hs.length > MAX_TURNS) { hs[0].remove(); ms[0].remove(); }
  }

  var mode = "ask";
  form.querySelectorAll("button[name=mode]").forEach(function (b) {
    b.addEventListener("click", function () { mode = b.value; });
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); mode = "ask"; form.requestSubmit(); }
  });
  document.querySelectorAll("a.example").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      input.value = a.getAttribute("data-q");
      mode = a.getAttribute("data-mode") === "check" ? "check" : "ask";
      updateCount();
      form.requestSubmit();
    });
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    var wrong = problem(text);
    if (wrong) { showError(wrong); input.focus(); return; }
    showError(null);
    var data = new FormData(form);
    data.set("input", text.trim());
    data.set("mode", mode);
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.setAttribute("aria-busy", "true"); b.disabled = true; });
    fetch("/ui/answer", { method: "POST", body: data, credentials: "same-origin" })
      .then(function (res) {
        return res.text().then(function (html) { return { ok: res.ok, status: res.status, html: html }; });
      })
      .then(function (r) {
        if (r.status === 429) { showError(form.getAttribute("data-err-busy")); return; }
        // The fragment is rendered by our own server with autoescaping; it holds no script.
        var holder = document.createElement("div");
        holder.innerHTML = r.html;
        var node = holder.firstElementChild;
        if (!r.ok) {
          showError(node && node.classList.contains("error") ? node.textContent : form.getAttribute("data-err-network"));
          return;
        }
        if (!node) return;
        log.appendChild(node);
        enableCopy(node);
        remember(text.trim(), mode);
        updateSwitch(node);
        input.value = "";
        updateCount();
        node.focus();
      })
      .catch(function () { showError(form.getAttribute("data-err-network")); })
      .finally(function () {
        buttons.forEach(function (b) { b.removeAttribute("aria-busy"); b.disabled = false; });
      });
  });
})();
