/* Keep the reader on the same paragraph when switching language.
 *
 * Every edition has the same page at the same path with the same paragraph ids, and the
 * language selector already links to the same page. We add the paragraph: the one in the
 * address (#p-…), else the first one visible at the top of the window. Every edition has every
 * page, so Material's own check of the sitemap is not needed.
 */
window.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
  if (!link) return;
  var id = location.hash.slice(1);
  if (!/^(p|s)-/.test(id)) {
    var paras = document.querySelectorAll(".para[id], .pair[id]");
    for (var i = 0; i < paras.length; i++) {
      if (paras[i].getBoundingClientRect().bottom > 80) { id = paras[i].id; break; }
    }
  }
  if (id) {  // ours replaces Material's own handler, which looks the page up in the sitemap and drops the paragraph
    event.preventDefault();
    event.stopPropagation();
    location.href = link.href.split("#")[0] + "#" + id;
  }
}, true);
