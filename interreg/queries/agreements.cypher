// name: agreements
// description: Agreements, optionally of one region, of one status, or dated on or after a day
// param: region: region
// param: status: status
// param: since: date
MATCH (e:Event {type: 'agreement'})
WHERE ($status IS NULL OR e.status = $status)
  AND ($since IS NULL OR coalesce(e.date, e.anchor) >= $since)
  AND ($region IS NULL OR EXISTS { MATCH (:Region {id: $region})-[:PARTY_TO]->(e) })
OPTIONAL MATCH (party)-[:PARTY_TO]->(e)
WHERE party:Region OR party:Country
WITH e, collect(DISTINCT party.id) AS parties
OPTIONAL MATCH (e)-[:REPORTED_IN]->(d:Document)
RETURN coalesce(e.date, e.anchor) AS date, e.id AS event,
       e.kind AS kind, e.status AS status, parties,
       e.mentions AS mentions, e.sources AS sources, collect(DISTINCT d.id) AS documents
ORDER BY date, event
