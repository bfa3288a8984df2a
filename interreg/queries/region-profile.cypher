// name: region-profile
// description: The events of a region, newest first (undated last), with counterparts, persons and the sentence of every report
// param: region: region (required)
// param: limit: int = 200
// One row per report. The region's latest events are picked (and cut to `limit`) before
// anything else is read: a popular region has tens of thousands of events. They are picked
// by one property, `sort_key` ('YYYY-MM-DD ID', '~ ID' when undated): its first ten
// characters are the day (newest first), the whole key breaks ties by id.
MATCH (r:Region {id: $region})-[:PARTY_TO]->(e)
WITH r, e, e.sort_key AS key
WITH r, e, key, CASE WHEN key < '~' THEN left(key, 10) END AS day
ORDER BY day IS NULL, day DESC, key
LIMIT $limit
WITH r, e, day, key, e.day AS date
WITH e, day, key, date,
     COLLECT { MATCH (other)-[:PARTY_TO]->(e)
               WHERE (other:Region OR other:Country) AND other <> r AND other.id IS NOT NULL
               RETURN DISTINCT other.id } AS counterparts,
     COLLECT { MATCH (person:Person)-[:PARTY_TO]->(e)
               WHERE person.name IS NOT NULL
               RETURN DISTINCT person.name } AS persons
OPTIONAL MATCH (e)-[report:REPORTED_IN]->(d:Document)
RETURN date, e.id AS event,
       e.type AS type, e.status AS status, e.kind AS kind,
       counterparts, persons, d.id AS document, d.outlet AS outlet, report.sentence AS sentence
ORDER BY day IS NULL, day DESC, key, document, report.start, sentence
LIMIT $limit
