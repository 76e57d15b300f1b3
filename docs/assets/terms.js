/* Glossary tooltips by reference. Each annotated term is a link to its glossary entry (which works
   without JavaScript); its explanation lives once per edition in data/terms-<lang>.json, fetched on
   the first hover or keyboard focus, and shown in one shared tooltip. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/terms\.js(\?.*)?$/, "") : "/";
  var lang = document.documentElement.getAttribute("lang") || "zh-Hans";
  var terms = null, loading = null, tip = null, current = null;

  function load() {
    if (!loading) {
      loading = fetch(root + "data/terms-" + lang + ".json")
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; })
        .then(function (data) { terms = data; });
    }
    return loading;
  }

  function place(el) {
    var box = el.getBoundingClientRect();
    var width = Math.min(320, document.documentElement.clientWidth - 16);
    tip.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function show(el) {
    current = el;
    load().then(function () {
      var text = terms && terms[el.getAttribute("data-term")];
      if (!text || current !== el) return;
      if (!tip) {
        tip = document.createElement("div");
        tip.className = "term-tip";
        tip.id = "term-tip";
        tip.setAttribute("role", "tooltip");
        document.body.appendChild(tip);
      }
      tip.textContent = text;
      tip.hidden = false;
      place(el);
      el.setAttribute("aria-describedby", "term-tip");
    });
  }

  function hide() {
    if (tip) tip.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function term(event) {
    return event.target && event.target.closest ? event.target.closest("a.term") : null;
  }

  document.addEventListener("mouseover", function (e) { var a = term(e); if (a && a !== current) show(a); });
  document.addEventListener("mouseout", function (e) { var a = term(e); if (a && !a.contains(e.relatedTarget)) hide(); });
  document.addEventListener("focusin", function (e) { var a = term(e); if (a) show(a); });
  document.addEventListener("focusout", function (e) { if (term(e)) hide(); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
})();
