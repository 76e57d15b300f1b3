/* Sortable tables: a button in each column heading sorts by that column (numbers by their
 * data-sort value), ascending then descending; aria-sort tells screen readers the order. */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("table.sortable th button");
  if (!button) return;
  var th = button.parentElement, table = th.closest("table"), body = table.tBodies[0];
  var column = Array.prototype.indexOf.call(th.parentElement.children, th);
  var ascending = th.getAttribute("aria-sort") !== "ascending";
  Array.prototype.forEach.call(th.parentElement.children, function (cell) { cell.removeAttribute("aria-sort"); });
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  function key(row) {
    var cell = row.children[column], raw = cell.getAttribute("data-sort");
    return raw !== null && raw !== "" && !isNaN(raw) ? parseFloat(raw) : cell.textContent.trim();
  }
  var rows = Array.prototype.slice.call(body.rows);
  rows.sort(function (a, b) {
    var x = key(a), y = key(b);
    var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return ascending ? order : -order;
  });
  rows.forEach(function (row) { body.appendChild(row); });
});
