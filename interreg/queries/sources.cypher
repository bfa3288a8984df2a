// name: sources
// description: The documents, outlets, dates and sentences behind one event
// param: event: event (required)
MATCH (:Event {id: $event})-[report:REPORTED_IN]->(d:Document)
RETURN d.id AS document, d.outlet AS outlet, d.town AS town, d.published AS published,
       d.url AS url, d.title AS title, report.date AS date, report.sentence AS sentence,
       report.start AS start
ORDER BY published, document, start, sentence
