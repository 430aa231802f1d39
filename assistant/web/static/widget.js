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
          contradicted: "Motsies", not_enough_evidence: "Ikke nok grunnlag" },
          permalink: "Åpne svaret med tall og kilder", hint: "Spør om introduksjonsprogrammet eller integreringstilskuddet, eller lim inn en påstand. For eksempel:",
          empty: "Skriv et spørsmål eller en påstand først.", long: "Teksten er for lang: grensen er 2 000 tegn.", figure: "Tall",
          examples: ["Hvor stor del av kommunenes utgifter dekket integreringstilskuddet i 2016?",
                     "Hvor mange deltok i introduksjonsprogrammet i 2018?",
                     "Oslo hadde høyest andel som gikk direkte over til arbeid eller utdanning i 2016."] },
    en: { open: "Fact check", title: "Fact check: the introduction programme", ask: "Ask",
          check: "Check claim", placeholder: "Ask or paste a claim", close: "Close",
          wait: "Checking …", error: "Something went wrong. Please try again.", busy: "Too many questions. Please wait.",
          sources: "Sources", v: { supported: "Supported", partly_supported: "Partly supported",
          contradicted: "Contradicted", not_enough_evidence: "Not enough evidence" },
          permalink: "Open the answer with figures and sources", hint: "Ask about Norway's introduction programme or the integration grant, or paste a claim. For example:",
          empty: "Type a question or a claim first.", long: "The text is too long: the limit is 2,000 characters.", figure: "Figure",
          examples: ["How much of the municipalities' costs did the integration grant cover in 2016?",
                     "How many people took part in the introduction programme in 2018?",
                     "Oslo had the highest share going directly to work or education in 2016."] }
  }[lang];
  var FONT = "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Liberation Sans','DejaVu Sans',sans-serif";
  var CSS = ":host{all:initial;font-family:" + FONT + "}*{box-sizing:border-box;font-family:inherit}" +
    ".bubble{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:999px;padding:12px 18px;background:#1d4e89;color:#fff;font:600 15px/1.2 " + FONT + ";cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}" +
    ".panel{position:fixed;right:20px;bottom:78px;z-index:2147483000;width:min(400px,calc(100vw - 24px));max-height:min(640px,calc(100vh - 100px));display:flex;flex-direction:column;background:#fff;color:#1b1f24;border:1px solid #d6dbe1;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);font:14px/1.45 " + FONT + "}" +
    "@media (max-width:480px){.panel{right:12px;left:12px;width:auto;bottom:72px}.bubble{right:12px;bottom:12px}}" +
    ".panel[hidden]{display:none}header{display:flex;justify-content:space-between;align-items:center;gap:8px;padding:10px 12px;border-bottom:1px solid #d6dbe1;font-weight:700}" +
    ".log{position:relative;flex:1;overflow-y:auto;padding:4px 12px 10px;overscroll-behavior:contain}.turn{padding-top:6px;border-top:1px solid #eef0f3;margin-top:6px}.turn:first-child{border-top:0}" +
    ".q{font-weight:700;margin:6px 0 4px}.short{margin:4px 0;font-weight:600}.a{margin:0 0 6px;white-space:pre-wrap;color:#374151}" +
    ".badge{display:inline-block;padding:1px 9px;border-radius:999px;color:#fff;font-weight:700;font-size:13px;margin-bottom:4px}" +
    ".supported{background:#1e6b3a}.partly_supported{background:#7a4f00}.contradicted{background:#a32020}.not_enough_evidence{background:#4b5563}" +
    ".fig{margin:6px 0;padding:6px 8px;background:#f1f5fa;border-radius:8px}.fig .v{font-size:18px;font-weight:700}.fig p{margin:0}.fig .l,.fig .s{font-size:12px;color:#374151}" +
    "ol{margin:4px 0 6px;padding-left:20px;font-size:12px}a{color:#1d4e89}.perma{font-size:13px;font-weight:600}" +
    ".hint{color:#374151;margin:8px 0 4px}.ex{display:block;width:100%;text-align:left;margin:6px 0;background:#fff;color:#1d4e89;border:1px solid #9db4d0;font-size:13px;padding:6px 8px}" +
    "form{border-top:1px solid #d6dbe1;padding:8px 12px;display:flex;flex-direction:column;gap:6px}" +
    "textarea{width:100%;font:inherit;padding:6px;border:1px solid #7b8794;border-radius:6px;resize:vertical}.row{display:flex;gap:8px}" +
    "button{font:inherit;border-radius:6px;border:1px solid #1d4e89;padding:5px 12px;background:#1d4e89;color:#fff;cursor:pointer}" +
    "button.alt{background:#fff;color:#1d4e89}button.x{background:transparent;color:#1b1f24;border:0;font-size:20px;line-height:1;padding:0 4px}" +
    ":focus-visible{outline:3px solid #1d4e89;outline-offset:2px}.err{color:#a32020;font-weight:600}";

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

    function keyFigure(result) {
      // the figure the verdict rests on: a row the answer appended, else the first figure
      var figs = result.figures || [];
      for (var i = 0; i < figs.length; i++) {
        if (figs[i].rows && figs[i].rows.length > 1) return { f: figs[i], row: figs[i].rows[1] };
      }
      return figs.length ? { f: figs[0], row: (figs[0].rows || [])[0] } : null;
    }

    function permalink(result, mode, earlier) {
      var p = new URLSearchParams();
      p.set("q", result.input); p.set("mode", mode); p.set("lang", lang);
      earlier.slice(-4).forEach(function (h) { p.append("h", h.text); p.append("hm", h.mode); });
      return base + "/a?" + p.toString();
    }

    function render(result, mode, earlier) {
      var item = el("div", "turn");
      item.lang = result.language;
      item.tabIndex = -1;
      item.appendChild(el("p", "q", result.input));
      if (result.verdict) item.appendChild(el("span", "badge " + result.verdict, T.v[result.verdict] || result.verdict));
      var short = result.short_answer || (result.mode === "claim" && result.reason) || "";
      if (short) item.appendChild(el("p", "short", short));
      var key = keyFigure(result);
      if (key) {
        var box = el("div", "fig");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", T.figure);
        var value = key.row && key.row !== key.f.rows[0] && key.row.value != null
          ? String(key.row.value).replace(".", lang === "nb" ? "," : ".") + (key.f.unit === "percent" ? (lang === "nb" ? " prosent" : " per cent") : "")
          : (key.f.value_text || String(key.f.value));
        box.appendChild(el("p", "v", value));
        box.appendChild(el("p", "l", key.f.label.charAt(0).toUpperCase() + key.f.label.slice(1) + (key.row && key.row.key != null ? " (" + key.row.key + ")" : "")));
        var row = key.row || {};
        var when = row.release_date || row.source_date || row.report_published || key.f.as_of;
        box.appendChild(el("p", "s", (key.f.publisher || "") + (when ? ", " + when : "")));
        item.appendChild(box);
      }
      if (!short) item.appendChild(el("p", "a", result.answer));
      if (result.citations && result.citations.length) {
        var ol = el("ol");
        ol.setAttribute("aria-label", T.sources);
        result.citations.forEach(function (c) {
          var li = el("li");
          li.value = c.n;
          var a = el("a", null, (c.attribution || c.publisher) + ": " + c.title + " (" + c.published + ")");
          a.href = base + "/sources/" + encodeURIComponent(c.source_id) + "?lang=" + lang + "#p-" + encodeURIComponent(String(c.passage_id).split(":").pop());
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          li.appendChild(a);
          ol.appendChild(li);
        });
        item.appendChild(ol);
      }
      var link = el("a", "perma", T.permalink);
      link.href = permalink(result, mode, earlier);
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      item.appendChild(link);
      return item;
    }

    function suggestions() {
      var box = el("div", "suggest");
      box.appendChild(el("p", "hint", T.hint));
      T.examples.forEach(function (q) {
        var b = el("button", "ex", q);
        b.type = "button";
        b.addEventListener("click", function () { input.value = q; send(/[.!]$/.test(q) ? "check" : "ask"); });
        box.appendChild(b);
      });
      return box;
    }
    var hints = suggestions();
    log.appendChild(hints);

    // keep the start of a turn (the question and the verdict) in view, not its end
    function reveal(node) {
      log.scrollTop = Math.max(0, node.offsetTop - 4);
    }

    function send(mode) {
      var text = input.value.trim();
      if (!text) { log.appendChild(el("p", "err", T.empty)); return; }
      if (text.length > 2000) { log.appendChild(el("p", "err", T.long)); return; }
      if (hints.parentNode) hints.remove();
      var waiting = el("p", "q", T.wait);
      log.appendChild(waiting);
      reveal(waiting);
      ask.disabled = check.disabled = true;
      var earlier = history.slice(-4);
      fetch(base + "/api/" + (mode === "check" ? "check" : "ask"), {
        method: "POST",
        mode: "cors",
        credentials: "omit",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ input: text, history: earlier.map(function (h) { return { role: "user", content: h.text }; }), as_of: null })
      }).then(function (res) {
        return res.json().then(function (body) { return { status: res.status, body: body }; });
      }).then(function (r) {
        waiting.remove();
        var node;
        if (r.status === 200) {
          node = render(r.body, mode === "check" ? "check" : "ask", earlier);
          log.appendChild(node);
          history.push({ text: text, mode: mode === "check" ? "check" : "ask" });
          input.value = "";
        } else {
          node = el("p", "err", r.status === 429 ? T.busy : (r.body && r.body.error) || T.error);
          log.appendChild(node);
        }
        reveal(node);
      }).catch(function () {
        waiting.remove();
        var node = el("p", "err", T.error);
        log.appendChild(node);
        reveal(node);
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
