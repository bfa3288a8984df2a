// Draws a view from the JSON in #view-data and wires the legend, search, weight filter and
// the evidence panel. Tooltips ([heading, [[label, value], ...], lines, note], a label given
// as the number of its text in payload.tipLabels) and reports (outlet, date, status,
// sentence, URL) arrive as plain data and are written into elements as text, never parsed
// as markup: only http(s) URLs become links.
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("view-data").textContent);

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text !== undefined && text !== null) { made.textContent = String(text); }
    return made;
  }

  // <div class="tip"><b>heading</b><dl><dt>label</dt><dd>value</dd>…</dl><ul><li>line</li>…</ul><p>note</p></div>
  function tipElement(tip) {
    var made = element("div", "tip");
    made.appendChild(element("b", null, tip[0]));
    if (tip[1] && tip[1].length) {
      var facts = made.appendChild(element("dl"));
      tip[1].forEach(function (fact) {
        facts.appendChild(element("dt", null, payload.tipLabels[fact[0]]));
        facts.appendChild(element("dd", null, fact[1]));
      });
    }
    if (tip[2] && tip[2].length) {
      var lines = made.appendChild(element("ul"));
      tip[2].forEach(function (line) { lines.appendChild(element("li", null, line)); });
    }
    if (tip[3]) { made.appendChild(element("p", null, tip[3])); }
    return made;
  }
  // A tooltip becomes elements when the pointer first rests on its item (see "hoverNode"
  // below), not at start-up: a big page would otherwise build thousands of them before
  // drawing anything.
  var tooltips = {};           // "node:ID" / "edge:ID" → the tooltip's data, for the panel
  payload.nodes.forEach(function (node) { if (node.title) { tooltips["node:" + node.id] = node.title; } });
  payload.edges.forEach(function (edge) { if (edge.title) { tooltips["edge:" + edge.id] = edge.title; } });
  var byId = { node: {}, edge: {} };
  payload.nodes.forEach(function (node) { byId.node[node.id] = node; });
  payload.edges.forEach(function (edge) { byId.edge[edge.id] = edge; });

  // vis-network gets what it draws: each field it is handed becomes an option of the node
  // or edge it builds (a big page builds thousands), and it refuses a tooltip given as data
  // ("Arrays are not supported by deepExtend"). The tooltip joins, as elements, on first hover.
  var OURS = { title: true, forms: true, reports: true };
  function drawn(item) {
    var copy = {};
    for (var key in item) { if (!OURS[key]) { copy[key] = item[key]; } }
    return copy;
  }
  var nodes = new vis.DataSet(payload.nodes.map(drawn));
  var edges = new vis.DataSet(payload.edges.map(drawn));
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, payload.options);
  window.interregNetwork = network;
  if (payload.options.physics && payload.options.physics.enabled) {
    // Once settled, stop the simulation so the picture stays still while reading it.
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); });
  }

  // vis-network shows its tooltip a moment after the hover event: the markup is made into
  // elements in between, once per item
  var tipsMade = {};
  function makeTip(dataSet, kind, id) {
    var key = kind + ":" + id;
    if (tooltips[key] && !tipsMade[key]) {
      tipsMade[key] = true;
      dataSet.update({ id: id, title: tipElement(tooltips[key]) });
    }
  }
  network.on("hoverNode", function (params) { makeTip(nodes, "node", params.node); });
  network.on("hoverEdge", function (params) { makeTip(edges, "edge", params.edge); });

  var hiddenCategories = {};
  var minWeight = 1;
  var status = document.getElementById("status");

  // Only items whose visibility changes are updated: an update redraws, and a big page
  // would otherwise rewrite every node and edge at start-up for nothing.
  var hiddenNow = {};
  function setHidden(dataSet, prefix, items, isHidden) {
    var changes = [];
    items.forEach(function (item) {
      var hidden = isHidden(item);
      if (!!hiddenNow[prefix + item.id] !== hidden) {
        hiddenNow[prefix + item.id] = hidden;
        changes.push({ id: item.id, hidden: hidden });
      }
    });
    if (changes.length) { dataSet.update(changes); }
  }

  function applyFilters() {
    var hiddenNodes = {};
    setHidden(nodes, "node:", payload.nodes, function (node) {
      var hidden = !!hiddenCategories["node:" + node.category];
      if (hidden) { hiddenNodes[node.id] = true; }
      return hidden;
    });
    var shownEdges = 0;
    setHidden(edges, "edge:", payload.edges, function (edge) {
      var hidden = !!(hiddenCategories["edge:" + edge.category] || edge.weight < minWeight ||
        hiddenNodes[edge.from] || hiddenNodes[edge.to]);
      if (!hidden) { shownEdges += 1; }
      return hidden;
    });
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

  // --- search: the label, the id, and every form the gazetteer knows for a place ----------

  function formsOf(node) {
    // a long label is broken into lines (render.wrapped): its words are searched as one line
    return [String(node.label).toLowerCase().replace(/\s+/g, " "), String(node.id).toLowerCase()]
      .concat(node.forms || []);
  }

  function find(text) {
    var wanted = text.trim().toLowerCase().replace(/\s+/g, " ");
    if (!wanted) { return null; }
    var exact = null, start = null, partial = null;
    payload.nodes.forEach(function (node) {
      formsOf(node).forEach(function (form) {
        if (form === wanted) { exact = exact || node; }
        else if (form.indexOf(wanted) === 0) { start = start || node; }
        else if (form.indexOf(wanted) > 0) { partial = partial || node; }
      });
    });
    return exact || start || partial;
  }
  window.interregFind = function (text) { var node = find(text); return node ? node.id : null; };

  function focusOn(node) {
    var neighbours = network.getConnectedNodes(node.id);
    network.selectNodes([node.id].concat(neighbours));
    network.focus(node.id, { scale: 1.2, animation: { duration: 400 } });
    status.textContent = node.label + ": связей " + neighbours.length;
  }

  var search = document.getElementById("search");
  // the names it suggests, filled in when it is first used: a big page would otherwise
  // carry and parse thousands of options before drawing anything
  var names = document.getElementById("node-names");
  search.addEventListener("focus", function () {
    if (names.childElementCount) { return; }
    var options = document.createDocumentFragment();
    payload.nodes.forEach(function (node) {
      var option = document.createElement("option");
      option.value = String(node.label).replace(/\s+/g, " ");    // a long label's lines, joined again
      options.appendChild(option);
    });
    names.appendChild(options);
  });
  search.addEventListener("change", function () {
    var node = find(search.value);
    if (node) { focusOn(node); } else if (search.value) { status.textContent = "не найдено: " + search.value; }
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { search.dispatchEvent(new Event("change")); }
  });

  // --- the evidence panel: a click pins an item's tooltip and lists its reports -----------

  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");

  function isWebUrl(url) { return /^https?:\/\/[^\s]+$/i.test(String(url || "")); }

  function reportItem(report) {
    var item = element("li", "report");
    var head = element("div", "report-head");
    head.appendChild(element("span", "report-date", report.date || "без даты"));
    head.appendChild(element("span", "report-event", report.event));
    if (report.status) { head.appendChild(element("span", "report-status", report.status)); }
    item.appendChild(head);
    item.appendChild(element("div", "report-outlet", report.outlet || "издание не указано"));
    if (report.sentence) { item.appendChild(element("blockquote", "report-sentence", report.sentence)); }
    if (isWebUrl(report.url)) {
      var anchor = element("a", "report-link", report.title || report.url);
      anchor.href = report.url;
      anchor.target = "_blank";
      anchor.rel = "noopener noreferrer";
      item.appendChild(anchor);
    }
    return item;
  }

  function pin(kind, id) {
    var item = byId[kind][id];
    if (!item) { return; }
    panelBody.textContent = "";
    if (tooltips[kind + ":" + id]) { panelBody.appendChild(tipElement(tooltips[kind + ":" + id])); }
    var reports = item.reports || [];
    panelBody.appendChild(element("h3", null, reports.length ? "Сообщения (" + reports.length + ")" :
      payload.noReports));
    var list = element("ol", "reports");
    reports.forEach(function (report) { list.appendChild(reportItem(report)); });
    panelBody.appendChild(list);
    panel.hidden = false;
    panel.setAttribute("data-pinned", kind + ":" + id);
    // the hover tooltip would cover the panel it now duplicates
    Array.prototype.forEach.call(document.querySelectorAll("div.vis-tooltip"), function (tip) {
      tip.style.visibility = "hidden";
    });
  }
  window.interregPin = pin;

  network.on("click", function (params) {
    if (params.nodes.length) { pin("node", params.nodes[0]); }
    else if (params.edges.length) { pin("edge", params.edges[0]); }
  });
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    panel.removeAttribute("data-pinned");
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
