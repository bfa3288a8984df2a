// name: region-profile
// description: All events of a region in date order, with counterparts, persons and the sentence of every report
// param: region: region (required)
MATCH (r:Region {id: $region})-[:PARTY_TO]->(e:Event)
WITH DISTINCT r, e
OPTIONAL MATCH (other)-[:PARTY_TO]->(e)
WHERE (other:Region OR other:Country) AND other <> r
WITH e, collect(DISTINCT other.id) AS counterparts
OPTIONAL MATCH (person:Person)-[:PARTY_TO]->(e)
WITH e, counterparts, collect(DISTINCT person.name) AS persons
OPTIONAL MATCH (e)-[report:REPORTED_IN]->(d:Document)
RETURN coalesce(e.date, e.anchor) AS date, e.id AS event,
       e.type AS type, e.status AS status, e.kind AS kind,
       counterparts, persons, d.id AS document, d.outlet AS outlet, report.sentence AS sentence
ORDER BY date, event, document, report.start, sentence
