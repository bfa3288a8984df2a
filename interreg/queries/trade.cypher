// name: trade
// description: Trade flows by date (exporter, importer, commodity, HS section, status, amount), optionally of one party, commodity or direction
// param: party: party
// param: commodity: commodity
// param: direction: direction
// param: limit: int = 200
// A party given as a country also matches its regions; direction (export|import) says
// which side the party must be on, and counts only together with a party.
// The flows are found from the party (and its regions), else from the commodity, and only
// without either are all of them read (the UNWIND of an empty list stops a branch).
// The flows are sorted by date and id before their parties are expanded: the expansion
// then stops once `limit` rows are found (a partial sort finishes each event's rows).
// Names and amounts are read for the rows kept only.
CALL (){
  MATCH (side:Region|Country)
  WHERE side.id = $party OR side.country = $party
  MATCH (side)-[:PARTY_TO]->(e:Event {type: 'trade'})
  RETURN e
  UNION
  UNWIND CASE WHEN $party IS NULL THEN [true] ELSE [] END AS any_party
  MATCH (:Commodity {id: $commodity})<-[:OF_COMMODITY]-(e:Event {type: 'trade'})
  RETURN e
  UNION
  UNWIND CASE WHEN $party IS NULL AND $commodity IS NULL THEN [true] ELSE [] END AS every_flow
  MATCH (e:Event {type: 'trade'})
  RETURN e
}
WITH e, coalesce(e.date, e.anchor) AS date, e.id AS event
ORDER BY date, event
MATCH (x)-[:PARTY_TO {role: 'exporter'}]->(e)<-[:PARTY_TO {role: 'importer'}]-(m)
OPTIONAL MATCH (e)-[:OF_COMMODITY]->(c:Commodity)
WITH x, e, m, c, date, event
WHERE ($commodity IS NULL OR c.id = $commodity)
  AND ($party IS NULL
       OR ($direction IS NULL AND $party IN [x.id, coalesce(x.country, x.id), m.id, coalesce(m.country, m.id)])
       OR ($direction = 'export' AND $party IN [x.id, coalesce(x.country, x.id)])
       OR ($direction = 'import' AND $party IN [m.id, coalesce(m.country, m.id)]))
WITH x, e, m, c, date, event, x.id AS exporter, m.id AS importer, c.id AS commodity
ORDER BY date, event, exporter, importer, commodity
LIMIT $limit
RETURN date, event, exporter, x.name AS exporter_name,
       importer, m.name AS importer_name, commodity, c.hs_section AS hs_section,
       e.status AS status, e.amount AS amount, e.currency AS currency
ORDER BY date, event, exporter, importer, commodity
