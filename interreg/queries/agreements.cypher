// name: agreements
// description: Agreements, optionally of one region, of one status, or dated on or after a day
// param: region: region
// param: status: status
// param: since: date
// With a region the agreements are found from it; only without one are all of them read
// (the UNWIND of an empty list stops that branch before it reads anything).
CALL (){
  MATCH (:Region {id: $region})-[:PARTY_TO]->(e:Event {type: 'agreement'})
  RETURN e
  UNION
  UNWIND CASE WHEN $region IS NULL THEN [true] ELSE [] END AS every_region
  MATCH (e:Event {type: 'agreement'})
  RETURN e
}
WITH e
WHERE ($status IS NULL OR e.status = $status)
  AND ($since IS NULL OR coalesce(e.date, e.anchor) >= $since)
OPTIONAL MATCH (party)-[:PARTY_TO]->(e)
WHERE party:Region OR party:Country
WITH e, collect(DISTINCT party.id) AS parties
OPTIONAL MATCH (e)-[:REPORTED_IN]->(d:Document)
RETURN coalesce(e.date, e.anchor) AS date, e.id AS event,
       e.kind AS kind, e.status AS status, parties,
       e.mentions AS mentions, e.sources AS sources, collect(DISTINCT d.id) AS documents
ORDER BY date, event
