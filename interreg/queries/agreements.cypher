// name: agreements
// description: Agreements by date, optionally of one region (or of a country and its regions), of one status, or dated on or after a day
// param: region: region
// countries: region
// param: status: status
// param: since: date
// param: limit: int = 200
// Events are ordered by `sort_key` (date, then id, undated last). With a region the
// agreements are found from it (a country: from it and its regions) and sorted; only
// without one are all of them read, in order from the sort_key index, which stops once
// `limit` are found. That branch's range is empty when a region is given ('~~' sorts after
// every key, nothing before ''), so it reads nothing then; an UNWIND guard would keep the
// planner from reading the index in order.
// One row per agreement: the first `limit` are chosen before their parties and documents are read.
CALL () {
  MATCH (:Region {id: $region})-[:PARTY_TO]->(e:Agreement)
  WHERE ($status IS NULL OR e.status = $status) AND ($since IS NULL OR e.day >= $since)
  WITH DISTINCT e
  ORDER BY e.sort_key
  LIMIT $limit
  RETURN e
  UNION
  MATCH (c:Country {id: $region})
  CALL (c) {
    MATCH (side:Region)-[:PART_OF]->(c)
    RETURN side
    UNION
    RETURN c AS side
  }
  MATCH (side)-[:PARTY_TO]->(e:Agreement)
  WHERE ($status IS NULL OR e.status = $status) AND ($since IS NULL OR e.day >= $since)
  WITH DISTINCT e
  ORDER BY e.sort_key
  LIMIT $limit
  RETURN e
  UNION
  MATCH (e:Event)
  WHERE e.sort_key >= coalesce(toString($since), '')
    AND e.sort_key < CASE WHEN $region IS NULL THEN '~~' ELSE '' END
    AND e.type = 'agreement' AND ($status IS NULL OR e.status = $status)
    AND ($since IS NULL OR e.day >= $since)
  WITH e
  ORDER BY e.sort_key
  LIMIT $limit
  RETURN e
}
WITH e
ORDER BY e.sort_key
LIMIT $limit
RETURN e.day AS date, e.id AS event, e.kind AS kind, e.status AS status,
       COLLECT { MATCH (party)-[:PARTY_TO]->(e)
                 WHERE (party:Region OR party:Country) AND party.id IS NOT NULL
                 RETURN DISTINCT party.id } AS parties,
       e.mentions AS mentions, e.sources AS sources,
       COLLECT { MATCH (e)-[:REPORTED_IN]->(d:Document)
                 WHERE d.id IS NOT NULL
                 RETURN DISTINCT d.id } AS documents
ORDER BY date, event
