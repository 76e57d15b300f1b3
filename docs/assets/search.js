/* Search: Pagefind's search dialog, on the index of the edition being read.
 *
 * Each edition has its own Pagefind bundle at <edition root>/pagefind/ (scripts/publish/search.py); the page
 * names its edition root in <meta name="search-root">, relative to itself, and the language of the
 * dialog's strings (scripts/editions.py, `search_ui`). The bundle is resolved to
 * an absolute URL, and result links are made under the edition root, so the site works from any
 * sub-path (GitHub Pages' /<repository>/). Search loads when the reader reaches for it, and the
 * index in small chunks per query.
 */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="search-root"]');
  var header = document.querySelector(".md-header__inner");
  if (!meta || !header) return;
  var root = new URL(meta.getAttribute("content").replace(/\/?$/, "/"), document.baseURI);
  var bundle = root.href + "pagefind/";
  var lang = meta.getAttribute("data-lang") || document.documentElement.lang;

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = bundle + "pagefind-component-ui.css";
  document.head.appendChild(style);

  var config = document.createElement("pagefind-config");
  config.setAttribute("bundle-path", bundle);
  config.setAttribute("base-url", root.pathname);
  config.setAttribute("lang", lang);
  var trigger = document.createElement("pagefind-modal-trigger");
  trigger.setAttribute("shortcut", "/");
  trigger.className = "md-header__search";
  var modal = document.createElement("pagefind-modal");
  modal.setAttribute("reset-on-close", "");
  // The dialog's default contents, but for the input's wait before it searches: Pagefind waits
  // 300 ms after each keystroke; a Chinese query arrives whole from the input method, and a search
  // that a later keystroke makes stale costs little (chunks already fetched are kept), so 30 ms.
  modal.innerHTML = '<pagefind-modal-header><pagefind-input debounce="30"></pagefind-input></pagefind-modal-header>' +
    "<pagefind-modal-body><pagefind-summary></pagefind-summary><pagefind-results></pagefind-results></pagefind-modal-body>" +
    "<pagefind-modal-footer><pagefind-keyboard-hints></pagefind-keyboard-hints></pagefind-modal-footer>";
  var place = header.querySelector(".md-header__source");
  header.insertBefore(trigger, place);
  document.body.appendChild(config);
  document.body.appendChild(modal);

  // A Chinese query is searched as Pagefind's exact phrase of its characters ("营 商 环 境"), as
  // scripts/publish/search.py indexes every Chinese character as a word (`by_character`): the
  // browser's own segmenter would cut 营商环境 into 营|商|环境 and find pages holding them apart.
  // Pagefind takes one phrase per query: the longest run of Chinese characters is the phrase, the
  // others are searched as characters anywhere on the page. The dialog still shows the query as typed.
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  function asPhrase(term) {
    var runs = term && term.match(HAN);
    if (!runs) return term;
    var longest = runs.reduce(function (a, b) { return b.length > a.length ? b : a; });
    var phrase = false;
    return term.replace(/"/g, " ").replace(HAN, function (run) {
      var chars = Array.from(run).join(" ");
      if (run !== longest || phrase || run.length < 2) return " " + chars + " ";
      phrase = true;
      return ' "' + chars + '" ';
    }).replace(/\s+/g, " ").trim();
  }

  var script = document.createElement("script");
  script.src = bundle + "pagefind-component-ui.js";
  script.addEventListener("load", function () {
    var instance = window.PagefindComponents.getInstanceManager().getInstance("default");
    var search = instance.__search__.bind(instance);  // the component's one call into Pagefind's search (pagefind 1.5.2)
    instance.__search__ = function (term, filters) { return search(asPhrase(term), filters); };
  });
  document.head.appendChild(script);

  // Search itself (its WebAssembly and index entry) loads when the reader reaches for it, not with
  // every page: on pointing at the search button, focusing it, or pressing "/".
  function warm() {
    var components = window.PagefindComponents;
    if (components) components.getInstanceManager().getInstance("default").triggerLoad();
  }
  trigger.addEventListener("pointerenter", warm, { once: true });
  trigger.addEventListener("focusin", warm, { once: true });
  document.addEventListener("keydown", function (event) { if (event.key === "/") warm(); }, true);
})();
