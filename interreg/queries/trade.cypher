// name: trade
// description: Trade flows by date (exporter, importer, commodity, HS section, status, amount), optionally of one party, commodity or direction
// param: party: party
// param: commodity: commodity
// param: direction: direction
// param: limit: int = 200
// A party given as a country also matches its regions; direction (export|import) says
// which side the party must be on, and counts only together with a party.
// The flows are found from one anchor, whichever has fewer relationships to read (their
// counts come from the nodes' degrees): the party (and its regions: their relationships in
// the role the direction asks for, of the commodity asked for) or the commodity (its flows
// with the party on the side asked for); only without either are all of them read. A party
// in a large share of the news, without a commodity (its events, squared, outnumber
// 4 × limit × all events), walks the trade flows in order from the (type, sort_key) index
// instead, one look at each flow's parties telling whether it gives a row (an exporter and
// an importer, the party on the side asked for), until `limit` are found; the walk stops
// after 50 × limit flows (no walk for
// limit=0: 50 × limit would overflow), and when it found fewer the party's own are read as above.
// The rows' own filter below stays the one that decides.
// The flows are sorted by `sort_key` (date, then id, undated last) before their parties are
// expanded: the expansion then stops once `limit` rows are found (a partial sort finishes
// each event's rows). Without a party or commodity every flow with both sides gives a row,
// so the first `limit` of them, read in order from the sort_key index, are all it needs;
// that branch's range is empty otherwise ('~~' sorts after every key, nothing before '').
// Each flow's parties and commodity come from one walk over its relationships. Names and
// amounts are read for the rows kept only: through properties(), since the planner would
// otherwise read them for every flow it looks at.
CALL () {
  MATCH (side:Region|Country)
  WHERE side.id = $party OR side.country = $party
  RETURN collect(side) AS sides, sum(COUNT { (side)-[:PARTY_TO]->() }) AS party_events
}
CALL () {
  OPTIONAL MATCH (c:Commodity {id: $commodity})
  RETURN c AS anchor, COUNT { (c)<-[:OF_COMMODITY]-() } AS commodity_flows
}
WITH sides, anchor, party_events,
     CASE $direction WHEN 'export' THEN ['exporter'] WHEN 'import' THEN ['importer']
     ELSE ['exporter', 'importer'] END AS roles,
     $party IS NOT NULL AND ($commodity IS NULL OR party_events <= commodity_flows) AS from_party
CALL () { MATCH (e:Event) RETURN count(e) AS events }
CALL (sides, roles, from_party, party_events, events) {
  MATCH (e:Event)
  WHERE e.type = 'trade' AND e.sort_key >= ''
    AND e.sort_key < CASE WHEN from_party AND $commodity IS NULL
                               AND party_events * party_events > 4.0 * $limit * events THEN '~~' ELSE '' END
  WITH e
  ORDER BY e.type, e.sort_key
  LIMIT CASE WHEN $limit > 1000000 THEN 0 ELSE 50 * $limit END
  WITH e, [(e)<-[r:PARTY_TO]-(n) | [r.role, r.role IN roles AND n IN sides]] AS parties
  WHERE any(party IN parties WHERE party[1]) AND any(party IN parties WHERE party[0] = 'exporter')
    AND any(party IN parties WHERE party[0] = 'importer')
  WITH e
  LIMIT $limit
  RETURN collect(e) AS walked
}
CALL (sides, roles, anchor, from_party, walked) {
  WITH walked
  WHERE size(walked) = $limit
  UNWIND walked AS e
  RETURN e
  UNION ALL
  WITH sides, roles, anchor, walked
  WHERE from_party AND size(walked) < $limit
  UNWIND sides AS side
  MATCH (side)-[r:PARTY_TO]->(e:TradeFlow)
  WHERE ($direction IS NULL OR r.role IN roles)
    AND ($commodity IS NULL OR EXISTS { (e)-[:OF_COMMODITY]->(anchor) })
  RETURN e
  UNION ALL
  WITH anchor, sides, roles
  WHERE $commodity IS NOT NULL AND NOT from_party
  MATCH (anchor)<-[:OF_COMMODITY]-(e)
  WHERE $party IS NULL OR EXISTS { MATCH (side)-[r:PARTY_TO]->(e) WHERE side IN sides AND r.role IN roles }
  RETURN e
  UNION ALL
  MATCH (e:Event)
  WHERE e.type = 'trade' AND e.sort_key >= ''
    AND e.sort_key < CASE WHEN $party IS NULL AND $commodity IS NULL THEN '~~' ELSE '' END
    AND EXISTS { (e)<-[:PARTY_TO {role: 'exporter'}]-() } AND EXISTS { (e)<-[:PARTY_TO {role: 'importer'}]-() }
  WITH e
  ORDER BY e.type, e.sort_key
  LIMIT $limit
  RETURN e
}
WITH DISTINCT e
WITH e
ORDER BY e.sort_key
CALL (e) {
  MATCH (e)-[rel:PARTY_TO|OF_COMMODITY]-(n)
  WITH rel.role AS role, n
  WITH collect(CASE role WHEN 'exporter' THEN n END) AS exporters,
       collect(CASE role WHEN 'importer' THEN n END) AS importers,
       collect(CASE WHEN role IS NULL AND n:Commodity THEN n END) AS commodities
  UNWIND exporters AS x
  UNWIND importers AS m
  UNWIND CASE WHEN commodities = [] THEN [null] ELSE commodities END AS c
  WITH x, m, c, x.id AS exporter, m.id AS importer, c.id AS commodity
  WHERE ($commodity IS NULL OR commodity = $commodity)
    AND ($party IS NULL
         OR ($direction IS NULL AND $party IN [exporter, coalesce(x.country, exporter), importer, coalesce(m.country, importer)])
         OR ($direction = 'export' AND $party IN [exporter, coalesce(x.country, exporter)])
         OR ($direction = 'import' AND $party IN [importer, coalesce(m.country, importer)]))
  RETURN x, m, c, exporter, importer, commodity
}
WITH e, x, m, c, exporter, importer, commodity
WHERE e:TradeFlow
ORDER BY e.sort_key, exporter, importer, commodity
LIMIT $limit
WITH properties(e) AS flow, properties(x).name AS exporter_name, properties(m).name AS importer_name,
     properties(c).hs_section AS hs_section, exporter, importer, commodity
RETURN flow.day AS date, flow.id AS event, exporter, exporter_name, importer, importer_name,
       commodity, hs_section, flow.status AS status, flow.amount AS amount, flow.currency AS currency
ORDER BY date, event, exporter, importer, commodity
