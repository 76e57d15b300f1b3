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

  // A query with Chinese in it is searched as Pagefind's exact phrase of its words ("营 商 环 境",
  // "2035 年 远 景"), as scripts/publish/search.py makes every Chinese character a word of the copy
  // Pagefind reads (`by_character`): the browser's own segmenter would cut 营商环境 into 营|商|环境 and
  // find pages holding them apart. Punctuation is left out. Pagefind searches a phrase only when the
  // whole query is one, so a query of several parts (江门 预算执行) is searched part by part and the
  // pages every part finds are shown, in the order the first Chinese part finds them. The dialog
  // still shows the query as typed.
  var HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}";  // as search.py's HAN
  var HAS_HAN = new RegExp("[" + HAN + "]", "u");
  var WORD = new RegExp("[" + HAN + "]|[A-Za-z0-9]+", "gu");
  function phrase(part) {
    return '"' + (part.match(WORD) || []).join(" ") + '"';
  }
  function searchAll(search, term, filters) {
    var parts = term ? term.trim().split(/\s+/) : [];
    var chinese = parts.filter(function (part) { return HAS_HAN.test(part); });
    if (!chinese.length) return search(term, filters);
    var others = parts.filter(function (part) { return !HAS_HAN.test(part); }).join(" ");
    var queries = chinese.map(phrase).concat(others ? [others] : []);
    return Promise.all(queries.map(function (query) { return search(query, filters); })).then(function (found) {
      var first = found[0];
      if (!first || found.length === 1) return first;
      var results = first.results.filter(function (result) {
        return found.every(function (other) { return other.results.some(function (r) { return r.id === result.id; }); });
      });
      return Object.assign({}, first, { results: results, unfilteredResultCount: results.length });
    });
  }

  var script = document.createElement("script");
  script.src = bundle + "pagefind-component-ui.js";
  script.addEventListener("load", function () {
    var instance = window.PagefindComponents.getInstanceManager().getInstance("default");
    // The component's search (pagefind 1.5.2, pinned) loads Pagefind into `__pagefind__` and asks its
    // `search` for the results it shows: that call is made to search as above.
    var search = instance.__search__.bind(instance);
    instance.__search__ = function (term, filters) {
      return instance.__load__().then(function () {
        var pagefind = instance.__pagefind__;
        if (pagefind && !pagefind.byPhrase) {
          var own = pagefind.search.bind(pagefind);
          pagefind.search = function (query, options) { return searchAll(own, query, options); };
          pagefind.byPhrase = true;
        }
        return search(term, filters);
      });
    };
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
