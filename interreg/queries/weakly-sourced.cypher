// name: weakly-sourced
// description: Events reported by fewer distinct outlets than min_sources, least sourced first
// param: min_sources: int = 2
// param: limit: int = 200
// The events are read in order from the index on (sources, sort_key) — sort_key orders
// events by date, then id, undated last — and the first `limit` are kept before their
// parties and documents are read.
MATCH (e:Event)
WHERE e.sources < $min_sources AND e.sort_key IS NOT NULL
WITH e
ORDER BY e.sources, e.sort_key
LIMIT $limit
RETURN e.id AS event, e.type AS type, e.day AS date, e.status AS status,
       e.sources AS sources, e.mentions AS mentions,
       COLLECT { MATCH (party)-[:PARTY_TO]->(e)
                 WHERE (party:Region OR party:Country) AND party.id IS NOT NULL
                 RETURN DISTINCT party.id } AS parties,
       COLLECT { MATCH (e)-[:REPORTED_IN]->(d:Document)
                 WHERE d.id IS NOT NULL
                 RETURN DISTINCT d.id } AS documents
ORDER BY sources, date, event
