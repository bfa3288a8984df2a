// name: trade
// description: Trade flows (exporter, importer, commodity, HS section, status, amount), optionally of one party, commodity or direction
// param: party: party
// param: commodity: commodity
// param: direction: direction
// A party given as a country also matches its regions; direction (export|import) says
// which side the party must be on, and counts only together with a party.
// The flows are found from the party (and its regions), else from the commodity, and only
// without either are all of them read (the UNWIND of an empty list stops a branch).
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
MATCH (x)-[:PARTY_TO {role: 'exporter'}]->(e)<-[:PARTY_TO {role: 'importer'}]-(m)
OPTIONAL MATCH (e)-[:OF_COMMODITY]->(c:Commodity)
WITH x, e, m, c
WHERE ($commodity IS NULL OR c.id = $commodity)
  AND ($party IS NULL
       OR ($direction IS NULL AND $party IN [x.id, coalesce(x.country, x.id), m.id, coalesce(m.country, m.id)])
       OR ($direction = 'export' AND $party IN [x.id, coalesce(x.country, x.id)])
       OR ($direction = 'import' AND $party IN [m.id, coalesce(m.country, m.id)]))
RETURN coalesce(e.date, e.anchor) AS date, e.id AS event,
       x.id AS exporter, x.name AS exporter_name,
       m.id AS importer, m.name AS importer_name, c.id AS commodity, c.hs_section AS hs_section,
       e.status AS status, e.amount AS amount, e.currency AS currency
ORDER BY date, event, exporter, importer, commodity
