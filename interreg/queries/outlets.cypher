// name: outlets
// description: The documents behind the graph, by outlet (most documents first): how many, first and last publication, event reports
// param: limit: int = 200
// Reports are counted from each document's degree (only events report in a document),
// without visiting the events.
MATCH (d:Document)
WITH d.outlet AS outlet, d.published AS published, COUNT { (d)<-[:REPORTED_IN]-() } AS reports
RETURN outlet, count(*) AS documents, min(published) AS first, max(published) AS last,
       sum(reports) AS reports
ORDER BY documents DESC, outlet
LIMIT $limit
