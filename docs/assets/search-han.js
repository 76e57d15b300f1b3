/* Whole-word Chinese queries for Material's search.
 *
 * Material's search worker splits each run of Chinese characters in a query into words found in
 * the index (which jieba segmented at build time), but it never tries the run's full length: the
 * last character is always left out, so 中微子 is searched as 中 + 微. Ending every run of two or
 * more characters with 〇 (a Han character that is not a word of our index) lets the whole run be
 * matched; the 〇 itself is dropped by the same segmenter. Message type 2 is Material's query.
 */
(function () {
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === 2 && typeof message.data === "string") {
      var data = message.data.replace(/\p{sc=Han}{2,}/gu, function (run) { return run + "\u3007"; });
      arguments[0] = Object.assign({}, message, { data: data });
    }
    return post.apply(this, arguments);
  };
})();
