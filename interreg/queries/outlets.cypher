// name: outlets
// description: The documents behind the graph, by outlet: how many, first and last publication, event reports
MATCH (d:Document)
OPTIONAL MATCH (e:Event)-[r:REPORTED_IN]->(d)
WITH d, count(r) AS reports
RETURN d.outlet AS outlet, count(d) AS documents, min(d.published) AS first,
       max(d.published) AS last, sum(reports) AS reports
ORDER BY documents DESC, outlet
