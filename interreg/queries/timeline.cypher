// name: timeline
// description: Events two parties share, in date order, with the documents that report them
// param: region_a: region (required)
// param: region_b: party (required)
// param: limit: int = 200
// One row per event: the first `limit` are chosen before their documents are read.
OPTIONAL MATCH (region:Region {id: $region_b})
OPTIONAL MATCH (country:Country {id: $region_b})
WITH coalesce(region, country) AS b
MATCH (:Region {id: $region_a})-[:PARTY_TO]->(e:Event)<-[:PARTY_TO]-(b)
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
