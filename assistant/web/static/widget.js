/* Faktasjekk chat widget. Embed with one tag:
 *   <script src="https://HOST/widget.js" data-lang="nb" async></script>
 * The UI lives in a shadow root, so the host page's CSS cannot reach it nor it the page. It
 * talks only to the server it was loaded from, and writes text with textContent only. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) {
    var all = document.querySelectorAll('script[src*="widget.js"]');
    me = all[all.length - 1];
  }
  if (!me || window.__faktasjekkWidget) return;
  window.__faktasjekkWidget = true;
  var base = new URL(me.src, location.href).origin;
  var lang = me.getAttribute("data-lang") === "en" ? "en" : "nb";
  var T = {
    nb: { open: "Faktasjekk", title: "Faktasjekk: introduksjonsprogrammet", ask: "Spør",
          check: "Sjekk påstand", placeholder: "Spør eller lim inn en påstand", close: "Lukk",
          wait: "Sjekker …", error: "Noe gikk galt. Prøv igjen.", busy: "For mange spørsmål. Vent litt.",
          sources: "Kilder", v: { supported: "Støttes", partly_supported: "Delvis riktig",
          contradicted: "Motsies", not_enough_evidence: "Ikke nok grunnlag" } },
    en: { open: "Fact check", title: "Fact check: the introduction programme", ask: "Ask",
          check: "Check claim", placeholder: "Ask or paste a claim", close: "Close",
          wait: "Checking …", error: "Something went wrong. Please try again.", busy: "Too many questions. Please wait.",
          sources: "Sources", v: { supported: "Supported", partly_supported: "Partly supported",
          contradicted: "Contradicted", not_enough_evidence: "Not enough evidence" } }
  }[lang];
  var CSS = ":host{all:initial}*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
    ".bubble{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:999px;padding:12px 18px;background:#1d4e89;color:#fff;font-size:15px;font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}" +
    ".panel{position:fixed;right:20px;bottom:78px;z-index:2147483000;width:min(380px,calc(100vw - 40px));max-height:min(620px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;color:#1b1f24;border:1px solid #d6dbe1;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);font-size:14px;line-height:1.45}" +
    ".panel[hidden]{display:none}header{display:flex;justify-content:space-between;align-items:center;padding:10px 12px;border-bottom:1px solid #d6dbe1;font-weight:700}" +
    ".log{flex:1;overflow-y:auto;padding:10px 12px}.q{font-weight:600;margin:10px 0 4px}.a{margin:0 0 6px;white-space:pre-wrap}" +
    ".badge{display:inline-block;padding:1px 9px;border-radius:999px;color:#fff;font-weight:600;font-size:12px;margin-bottom:4px}" +
    ".supported{background:#1e6b3a}.partly_supported{background:#8a5a00}.contradicted{background:#a32020}.not_enough_evidence{background:#4b5563}" +
    "ol{margin:4px 0 10px;padding-left:20px;font-size:12px}a{color:#1d4e89}form{border-top:1px solid #d6dbe1;padding:8px 12px;display:flex;flex-direction:column;gap:6px}" +
    "textarea{width:100%;font:inherit;padding:6px;border:1px solid #9aa4af;border-radius:6px;resize:vertical}.row{display:flex;gap:8px}" +
    "button{font:inherit;border-radius:6px;border:1px solid #1d4e89;padding:5px 12px;background:#1d4e89;color:#fff;cursor:pointer}" +
    "button.alt{background:#fff;color:#1d4e89}button.x{background:transparent;color:#1b1f24;border:0;font-size:18px;padding:0 4px}" +
    ":focus-visible{outline:3px solid #f0a500;outline-offset:2px}.err{color:#a32020;font-weight:600}";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function mount() {
    var host = el("div");
    host.setAttribute("data-faktasjekk", "");
    document.body.appendChild(host);
    var root = host.attachShadow({ mode: "open" });
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.appendChild(el("style", null, CSS));
    }
    var bubble = el("button", "bubble", T.open);
    bubble.setAttribute("aria-expanded", "false");
    var panel = el("section", "panel");
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", T.title);
    panel.lang = lang;
    var head = el("header", null, T.title);
    var close = el("button", "x", "×");
    close.setAttribute("aria-label", T.close);
    head.appendChild(close);
    var log = el("div", "log");
    log.setAttribute("aria-live", "polite");
    var form = el("form");
    var input = el("textarea");
    input.rows = 2;
    input.maxLength = 2000;
    input.placeholder = T.placeholder;
    input.setAttribute("aria-label", T.placeholder);
    var row = el("div", "row");
    var ask = el("button", null, T.ask);
    ask.type = "submit";
    var check = el("button", "alt", T.check);
    check.type = "button";
    row.appendChild(ask);
    row.appendChild(check);
    form.appendChild(input);
    form.appendChild(row);
    panel.appendChild(head);
    panel.appendChild(log);
    panel.appendChild(form);
    root.appendChild(panel);
    root.appendChild(bubble);

    var history = [];
    function toggle(open) {
      panel.hidden = !open;
      bubble.setAttribute("aria-expanded", String(open));
      if (open) input.focus(); else bubble.focus();
    }
    bubble.addEventListener("click", function () { toggle(panel.hidden); });
    close.addEventListener("click", function () { toggle(false); });
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") toggle(false); });

    function render(result) {
      var item = el("div", "turn");
      item.appendChild(el("p", "q", result.input));
      if (result.verdict) item.appendChild(el("span", "badge " + result.verdict, T.v[result.verdict] || result.verdict));
      item.appendChild(el("p", "a", result.answer));
      if (result.citations && result.citations.length) {
        var ol = el("ol");
        ol.setAttribute("aria-label", T.sources);
        result.citations.forEach(function (c) {
          var li = el("li");
          li.value = c.n;
          var a = el("a", null, c.publisher + ": " + c.title + " (" + c.published + ")");
          a.href = base + "/sources/" + encodeURIComponent(c.source_id) + "#p-" + encodeURIComponent(String(c.passage_id).split(":").pop());
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          li.appendChild(a);
          ol.appendChild(li);
        });
        item.appendChild(ol);
      }
      return item;
    }

    function send(mode) {
      var text = input.value.trim();
      if (!text) return;
      var waiting = el("p", "q", T.wait);
      log.appendChild(waiting);
      ask.disabled = check.disabled = true;
      fetch(base + "/api/" + (mode === "check" ? "check" : "ask"), {
        method: "POST",
        mode: "cors",
        credentials: "omit",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ input: text, history: history.slice(-4), as_of: null })
      }).then(function (res) {
        return res.json().then(function (body) { return { status: res.status, body: body }; });
      }).then(function (r) {
        waiting.remove();
        if (r.status === 200) {
          log.appendChild(render(r.body));
          history.push({ role: "user", content: text });
          input.value = "";
        } else {
          log.appendChild(el("p", "err", r.status === 429 ? T.busy : (r.body && r.body.error) || T.error));
        }
        log.scrollTop = log.scrollHeight;
      }).catch(function () {
        waiting.remove();
        log.appendChild(el("p", "err", T.error));
      }).finally(function () { ask.disabled = check.disabled = false; });
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); send("ask"); });
    check.addEventListener("click", function () { send("check"); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); send("ask"); }
    });
  }

  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
