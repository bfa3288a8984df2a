// name: timeline
// description: Events two parties share, in date order, with the documents that report them
// param: region_a: region (required)
// param: region_b: party (required)
OPTIONAL MATCH (region:Region {id: $region_b})
OPTIONAL MATCH (country:Country {id: $region_b})
WITH coalesce(region, country) AS b
MATCH (:Region {id: $region_a})-[:PARTY_TO]->(e:Event)<-[:PARTY_TO]-(b)
WITH DISTINCT e
OPTIONAL MATCH (e)-[:REPORTED_IN]->(d:Document)
RETURN coalesce(e.date, e.anchor) AS date, e.id AS event,
       e.type AS type, e.status AS status, e.kind AS kind,
       e.sources AS sources, collect(DISTINCT d.id) AS documents
ORDER BY date, event
