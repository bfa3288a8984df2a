// name: timeline
// description: Events two parties share, in date order, with the documents that report them
// param: region_a: region (required)
// param: region_b: party (required)
// param: limit: int = 200
// One row per event: the first `limit` are chosen before their documents are read.
// The events the two share are found by joining the events of each on a hash table: walking
// from the events of one to their parties would read every relationship of each event.
// PARTY_TO always ends at an event: its label is not checked.
OPTIONAL MATCH (region:Region {id: $region_b})
OPTIONAL MATCH (country:Country {id: $region_b})
WITH coalesce(region, country) AS b
MATCH (a:Region {id: $region_a})
MATCH (a)-[:PARTY_TO]->(e)<-[:PARTY_TO]-(b)
USING JOIN ON e
WITH DISTINCT e
WITH e, e.day AS date
ORDER BY e.sort_key
LIMIT $limit
RETURN date, e.id AS event,
       e.type AS type, e.status AS status, e.kind AS kind, e.sources AS sources,
       COLLECT { MATCH (e)-[:REPORTED_IN]->(d:Document)
                 WHERE d.id IS NOT NULL
                 RETURN DISTINCT d.id } AS documents
ORDER BY date, event
