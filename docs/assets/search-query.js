/* Queries for Material's search, completed before they reach its worker (message type 2).
 *
 * Chinese: the worker splits each run of Chinese characters into words found in the index
 * (which jieba segmented at build time) but never tries the run's full length, so the last
 * character is lost: 中微子 was searched as 中 + 微. Ending every run of two or more characters
 * with 〇 (a Han character that is not a word of our index) lets the whole run be matched; the
 * 〇 itself is dropped by the same segmenter.
 *
 * English: the worker adds a trailing wildcard to every word, and lunr does not stem wildcard
 * terms, so "neutrinos" never met the indexed "neutrino". Our indexes keep whole words (the
 * build removes lunr's stemmer), and here each English word loses a common inflectional
 * suffix: "neutrinos" becomes neutrino*, "revitalizing" revitaliz*, matching every form.
 */
(function () {
  var SUFFIX = /\b([A-Za-z]{4,}?)(ations|ation|ments|ment|ies|ing|es|ed|ly|s)\b/g;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === 2 && typeof message.data === "string") {
      var data = message.data
        .replace(/\p{sc=Han}{2,}/gu, function (run) { return run + "\u3007"; })
        .replace(SUFFIX, function (word, stem) { return stem; });
      arguments[0] = Object.assign({}, message, { data: data });
    }
    return post.apply(this, arguments);
  };
})();
