// name: agreements
// description: Agreements by date, optionally of one region (or of a country and its regions), of one status, or dated on or after a day
// param: region: region
// countries: region
// param: status: status
// param: since: date
// param: limit: int = 200
// Events are ordered by `sort_key` (date, then id, undated last) and read in that order
// from the (type, sort_key) index, which stops once `limit` are found. Without a region
// all agreements are read that way. A region in a large share of the news (its events,
// squared, outnumber 2 × limit × all events) walks the same index and keeps its own: the
// walk reads about limit × all / its own agreements instead of all of its events. The
// walk stops after 50 × limit agreements (no walk for
// limit=0: 50 × limit would overflow); when it found fewer than `limit` of the region's,
// the region's own agreements are sorted instead. A less popular region, and a country
// (from it and its regions), sort their own. A branch's range is empty when it does not
// apply ('~~' sorts after every key, nothing before ''), so it reads nothing then; an
// UNWIND guard would keep the planner from reading the index in order.
// One row per agreement: the first `limit` are chosen before their parties and documents are read.
CALL () {
  MATCH (r:Region {id: $region})
  CALL () { MATCH (e:Event) RETURN count(e) AS events }
  WITH r, events, COUNT { (r)-[:PARTY_TO]->() } AS degree
  CALL (r, events, degree) {
    MATCH (e:Event)
    WHERE e.type = 'agreement' AND e.sort_key >= coalesce(toString($since), '')
      AND e.sort_key < CASE WHEN degree * degree > 2.0 * $limit * events THEN '~~' ELSE '' END
      AND ($status IS NULL OR e.status = $status) AND ($since IS NULL OR e.day >= $since)
    WITH e
    ORDER BY e.type, e.sort_key
    LIMIT CASE WHEN $limit > 1000000 THEN 0 ELSE 50 * $limit END
    WITH e WHERE EXISTS { (r)-[:PARTY_TO]->(e) }
    WITH e
    LIMIT $limit
    RETURN collect(e) AS walked
  }
  CALL (r, walked) {
    WITH walked WHERE size(walked) = $limit
    UNWIND walked AS e
    RETURN e
    UNION ALL
    WITH r, walked WHERE size(walked) < $limit
    MATCH (r)-[:PARTY_TO]->(e:Agreement)
    WHERE ($status IS NULL OR e.status = $status) AND ($since IS NULL OR e.day >= $since)
    WITH DISTINCT e
    ORDER BY e.sort_key
    LIMIT $limit
    RETURN e
  }
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
  WHERE e.type = 'agreement' AND e.sort_key >= coalesce(toString($since), '')
    AND e.sort_key < CASE WHEN $region IS NULL THEN '~~' ELSE '' END
    AND ($status IS NULL OR e.status = $status) AND ($since IS NULL OR e.day >= $since)
  WITH e
  ORDER BY e.type, e.sort_key
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
