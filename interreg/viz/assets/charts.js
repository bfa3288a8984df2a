// Draws every Vega-Lite chart of the page: each <script type="application/json" data-chart=ID>
// holds a specification with its data; the chart goes, as SVG, into the element with that id.
// Dates and numbers are written the Russian way. window.interregCharts[ID] is the chart's
// vega View; body[data-charts] says "ready" once all are drawn ("failed" if one could not be).
(function () {
  "use strict";
  var RU_NUMBERS = { decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", "\u00a0₽"] };
  var RU_DATES = {
    dateTime: "%A, %e %B %Y г. %X", date: "%d.%m.%Y", time: "%H:%M:%S",
    periods: ["AM", "PM"],
    days: ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
    shortDays: ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
    months: ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"],
    shortMonths: ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
  };
  var specs = document.querySelectorAll('script[type="application/json"][data-chart]');
  window.interregCharts = {};
  if (!specs.length) { return; }
  vega.defaultLocale(RU_NUMBERS, RU_DATES);
  var drawing = [];
  Array.prototype.forEach.call(specs, function (holder) {
    var id = holder.getAttribute("data-chart");
    var target = document.getElementById(id);
    var compiled = vegaLite.compile(JSON.parse(holder.textContent)).spec;
    var view = new vega.View(vega.parse(compiled), { renderer: "svg", container: target, hover: true });
    window.interregCharts[id] = view;
    drawing.push(view.runAsync());
  });
  Promise.all(drawing).then(function () {
    document.body.setAttribute("data-charts", "ready");
  }, function (error) {
    document.body.setAttribute("data-charts", "failed");
    console.error("chart:", error);
  });
})();
