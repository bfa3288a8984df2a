// name: agreements
// description: Agreements by date, optionally of one region (or of a country and its regions), of one status, or dated on or after a day
// param: region: region
// countries: region
// param: status: status
// param: since: date
// param: limit: int = 200
// With a region the agreements are found from it (a country: from it and its regions);
// only without one are all of them read
// (the UNWIND of an empty list stops that branch before it reads anything). One row per
// agreement: the first `limit` are chosen before their parties and documents are read.
CALL (){
  MATCH (:Region {id: $region})-[:PARTY_TO]->(e:Event {type: 'agreement'})
  RETURN e
  UNION
  MATCH (c:Country {id: $region})
  CALL (c) {
    MATCH (side:Region)-[:PART_OF]->(c)
    RETURN side
    UNION
    RETURN c AS side
  }
  MATCH (side)-[:PARTY_TO]->(e:Event {type: 'agreement'})
  RETURN e
  UNION
  UNWIND CASE WHEN $region IS NULL THEN [true] ELSE [] END AS every_region
  MATCH (e:Event {type: 'agreement'})
  RETURN e
}
WITH e, coalesce(e.date, e.anchor) AS date
WHERE ($status IS NULL OR e.status = $status)
  AND ($since IS NULL OR date >= $since)
WITH e, date
ORDER BY date, e.id
LIMIT $limit
RETURN date, e.id AS event, e.kind AS kind, e.status AS status,
       COLLECT { MATCH (party)-[:PARTY_TO]->(e)
                 WHERE (party:Region OR party:Country) AND party.id IS NOT NULL
                 RETURN DISTINCT party.id } AS parties,
       e.mentions AS mentions, e.sources AS sources,
       COLLECT { MATCH (e)-[:REPORTED_IN]->(d:Document)
                 WHERE d.id IS NOT NULL
                 RETURN DISTINCT d.id } AS documents
ORDER BY date, event
