// Draws a view from the JSON in #view-data and wires the legend, search and weight filter.
// Tooltips arrive as HTML fragments whose document text is already escaped; they are
// turned into elements so vis-network shows their layout instead of the raw markup.
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("view-data").textContent);

  function asElement(markup) {
    var holder = document.createElement("div");
    holder.innerHTML = markup;
    return holder;
  }
  payload.nodes.forEach(function (node) { if (node.title) { node.title = asElement(node.title); } });
  payload.edges.forEach(function (edge) { if (edge.title) { edge.title = asElement(edge.title); } });

  var nodes = new vis.DataSet(payload.nodes);
  var edges = new vis.DataSet(payload.edges);
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, payload.options);
  window.interregNetwork = network;
  if (payload.options.physics && payload.options.physics.enabled) {
    // Once settled, stop the simulation so the picture stays still while reading it.
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); });
  }

  var hiddenCategories = {};
  var minWeight = 1;
  var status = document.getElementById("status");

  function applyFilters() {
    var hiddenNodes = {};
    nodes.update(payload.nodes.map(function (node) {
      var hidden = !!hiddenCategories["node:" + node.category];
      if (hidden) { hiddenNodes[node.id] = true; }
      return { id: node.id, hidden: hidden };
    }));
    var shownEdges = 0;
    edges.update(payload.edges.map(function (edge) {
      var hidden = !!(hiddenCategories["edge:" + edge.category] || edge.weight < minWeight ||
        hiddenNodes[edge.from] || hiddenNodes[edge.to]);
      if (!hidden) { shownEdges += 1; }
      return { id: edge.id, hidden: hidden };
    }));
    status.textContent = "видно связей: " + shownEdges + " из " + payload.edges.length;
  }

  Array.prototype.forEach.call(document.querySelectorAll("#legend input[type=checkbox]"), function (box) {
    box.addEventListener("change", function () {
      hiddenCategories[box.dataset.mark + ":" + box.dataset.category] = !box.checked;
      applyFilters();
    });
  });

  document.getElementById("min-weight").addEventListener("input", function (event) {
    minWeight = parseInt(event.target.value, 10) || 1;
    applyFilters();
  });

  function find(text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) { return null; }
    var exact = null, partial = null;
    payload.nodes.forEach(function (node) {
      var label = String(node.label).toLowerCase();
      if (label === wanted || String(node.id).toLowerCase() === wanted) { exact = exact || node; }
      else if (label.indexOf(wanted) >= 0) { partial = partial || node; }
    });
    return exact || partial;
  }

  function focusOn(node) {
    var neighbours = network.getConnectedNodes(node.id);
    network.selectNodes([node.id].concat(neighbours));
    network.focus(node.id, { scale: 1.2, animation: { duration: 400 } });
    status.textContent = node.label + ": связей " + neighbours.length;
  }

  var search = document.getElementById("search");
  search.addEventListener("change", function () {
    var node = find(search.value);
    if (node) { focusOn(node); } else if (search.value) { status.textContent = "не найдено: " + search.value; }
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { search.dispatchEvent(new Event("change")); }
  });

  document.getElementById("reset").addEventListener("click", function () {
    hiddenCategories = {};
    minWeight = 1;
    document.getElementById("min-weight").value = 1;
    search.value = "";
    Array.prototype.forEach.call(document.querySelectorAll("#legend input[type=checkbox]"),
      function (box) { box.checked = true; });
    applyFilters();
    network.unselectAll();
    network.fit();
  });

  applyFilters();
  document.body.setAttribute("data-rendered", "true");
  // Milliseconds from navigation until the graph was built (read by the browser test).
  document.body.setAttribute("data-ready-ms", String(Math.round(performance.now())));
})();
