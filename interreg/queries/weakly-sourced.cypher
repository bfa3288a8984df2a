// name: weakly-sourced
// description: Events reported by fewer distinct outlets than min_sources, least sourced first
// param: min_sources: int = 2
// param: limit: int = 200
// One row per event: the first `limit` are chosen before their parties and documents are read.
MATCH (e:Event)
WHERE coalesce(e.sources, 0) < $min_sources
WITH e, coalesce(e.date, e.anchor) AS date
ORDER BY e.sources, date, e.id
LIMIT $limit
RETURN e.id AS event, e.type AS type, date, e.status AS status,
       e.sources AS sources, e.mentions AS mentions,
       COLLECT { MATCH (party)-[:PARTY_TO]->(e)
                 WHERE (party:Region OR party:Country) AND party.id IS NOT NULL
                 RETURN DISTINCT party.id } AS parties,
       COLLECT { MATCH (e)-[:REPORTED_IN]->(d:Document)
                 WHERE d.id IS NOT NULL
                 RETURN DISTINCT d.id } AS documents
ORDER BY sources, date, event
