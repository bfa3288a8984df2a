// name: trade
// description: Trade flows by date (exporter, importer, commodity, HS section, status, amount), optionally of one party, commodity or direction
// param: party: party
// param: commodity: commodity
// param: direction: direction
// param: limit: int = 200
// A party given as a country also matches its regions; direction (export|import) says
// which side the party must be on, and counts only together with a party.
// The flows are found from the party (and its regions: those where the party is on the side
// asked for, of the commodity asked for), else from the commodity, and only without either
// are all of them read (the UNWIND of an empty list stops the commodity branch). The rows'
// own filter below stays the one that decides.
// The flows are sorted by `sort_key` (date, then id, undated last) before their parties are
// expanded: the expansion then stops once `limit` rows are found (a partial sort finishes
// each event's rows). Without a party or commodity every flow with both sides gives a row,
// so the first `limit` of them, read in order from the sort_key index, are all it needs;
// that branch's range is empty otherwise ('~~' sorts after every key, nothing before '').
// Names and amounts are read for the rows kept only.
CALL (){
  MATCH (side:Region|Country)
  WHERE side.id = $party OR side.country = $party
  MATCH (side)-[r:PARTY_TO]->(e:TradeFlow)
  WHERE ($direction IS NULL OR r.role = CASE $direction WHEN 'export' THEN 'exporter' ELSE 'importer' END)
    AND ($commodity IS NULL OR EXISTS { (e)-[:OF_COMMODITY]->(:Commodity {id: $commodity}) })
  RETURN e
  UNION
  UNWIND CASE WHEN $party IS NULL THEN [true] ELSE [] END AS any_party
  MATCH (:Commodity {id: $commodity})<-[:OF_COMMODITY]-(e:TradeFlow)
  RETURN e
  UNION
  MATCH (e:Event)
  WHERE e.sort_key >= '' AND e.sort_key < CASE WHEN $party IS NULL AND $commodity IS NULL THEN '~~' ELSE '' END
    AND e.type = 'trade'
    AND EXISTS { (e)<-[:PARTY_TO {role: 'exporter'}]-() } AND EXISTS { (e)<-[:PARTY_TO {role: 'importer'}]-() }
  WITH e
  ORDER BY e.sort_key
  LIMIT $limit
  RETURN e
}
WITH e
ORDER BY e.sort_key
MATCH (x)-[:PARTY_TO {role: 'exporter'}]->(e)<-[:PARTY_TO {role: 'importer'}]-(m)
OPTIONAL MATCH (e)-[:OF_COMMODITY]->(c:Commodity)
WITH x, e, m, c
WHERE ($commodity IS NULL OR c.id = $commodity)
  AND ($party IS NULL
       OR ($direction IS NULL AND $party IN [x.id, coalesce(x.country, x.id), m.id, coalesce(m.country, m.id)])
       OR ($direction = 'export' AND $party IN [x.id, coalesce(x.country, x.id)])
       OR ($direction = 'import' AND $party IN [m.id, coalesce(m.country, m.id)]))
WITH x, e, m, c, x.id AS exporter, m.id AS importer, c.id AS commodity
ORDER BY e.sort_key, exporter, importer, commodity
LIMIT $limit
RETURN e.day AS date, e.id AS event, exporter, x.name AS exporter_name,
       importer, m.name AS importer_name, commodity, c.hs_section AS hs_section,
       e.status AS status, e.amount AS amount, e.currency AS currency
ORDER BY date, event, exporter, importer, commodity
