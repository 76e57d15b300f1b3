/* Search: Pagefind's search dialog, on the index of the edition being read.
 *
 * Each edition has its own Pagefind bundle at <edition root>/pagefind/ (scripts/search.py); the page
 * names its edition root in <meta name="search-root">, relative to itself, and the language of the
 * dialog's strings (scripts/editions.py, `search_ui`). The bundle is resolved to
 * an absolute URL, and result links are made under the edition root, so the site works from any
 * sub-path (GitHub Pages' /<repository>/). Nothing loads until the page is ready, and the index
 * itself only on the first query, in small chunks.
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
  var place = header.querySelector(".md-header__source");
  header.insertBefore(trigger, place);
  document.body.appendChild(config);
  document.body.appendChild(modal);

  var script = document.createElement("script");
  script.src = bundle + "pagefind-component-ui.js";
  document.head.appendChild(script);
})();
