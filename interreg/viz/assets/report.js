// Sorts a report table by the clicked column; a second click reverses the order.
// Numeric columns (th data-kind="num") sort as numbers, empty cells last.
(function () {
  "use strict";
  function value(row, index, numeric) {
    var text = row.cells[index].textContent.trim();
    if (text === "") { return null; }
    return numeric ? parseFloat(text) : text.toLowerCase();
  }
  function sortBy(table, header, index) {
    var numeric = header.dataset.kind === "num";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, index, numeric), y = value(b, index, numeric);
      if (x === y) { return 0; }
      if (x === null) { return 1; }
      if (y === null) { return -1; }
      var order = numeric ? x - y : x.localeCompare(y, "ru");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      header.addEventListener("click", function () { sortBy(table, header, index); });
    });
  });
  document.body.setAttribute("data-sortable", "ready");
})();
