// name: weakly-sourced
// description: Events reported by fewer distinct outlets than min_sources, least sourced first
// param: min_sources: int = 2
MATCH (e:Event)
WHERE coalesce(e.sources, 0) < $min_sources
OPTIONAL MATCH (party)-[:PARTY_TO]->(e)
WHERE party:Region OR party:Country
WITH e, collect(DISTINCT party.id) AS parties
OPTIONAL MATCH (e)-[:REPORTED_IN]->(d:Document)
RETURN e.id AS event, e.type AS type, coalesce(e.date, e.anchor) AS date, e.status AS status,
       e.sources AS sources, e.mentions AS mentions, parties, collect(DISTINCT d.id) AS documents
ORDER BY sources, date, event
