// name: partners
// description: Every partner of a region (or of a country: its regions' partners and its own ties): meetings, agreements, trade flows, first and last contact, distinct outlets
// param: region: region (required)
// countries: region
// country_trade: trade flows between the partner and the region's whole country, which news
// often names instead of the region («поставляют в Узбекистан»); counted apart from `trade`.
// The country's flows are gathered once, by each of their parties, instead of walking
// every event of every partner (a partner country has thousands).
// A country asked for answers for all its regions and itself: the partner links of each are
// added up per partner outside the country (sources: the most outlets of any one link).
CALL () {
  MATCH (r:Region {id: $region})
  OPTIONAL MATCH (r)-[:PART_OF]->(:Country)-[:PARTY_TO]->(t:TradeFlow)<-[:PARTY_TO]-(party)
  WITH r, party, count(DISTINCT t) AS flows
  WITH r, collect({party: party, flows: flows}) AS country_flows
  MATCH (r)-[k:PARTNER_OF]-(p)
  RETURN p, k.meetings AS meetings, k.agreements AS agreements, k.trade AS trade,
         coalesce(head([f IN country_flows WHERE f.party = p | f.flows]), 0) AS country_trade,
         k.first AS first, k.last AS last, k.sources AS sources
  UNION ALL
  MATCH (c:Country {id: $region})
  OPTIONAL MATCH (c)-[:PARTY_TO]->(t:TradeFlow)<-[:PARTY_TO]-(party)
  WITH c, party, count(DISTINCT t) AS flows
  WITH c, collect({party: party, flows: flows}) AS country_flows
  CALL (c) {
    MATCH (side:Region)-[:PART_OF]->(c)
    RETURN side
    UNION
    RETURN c AS side
  }
  MATCH (side)-[k:PARTNER_OF]-(p)
  WHERE coalesce(p.country, p.id) <> c.id
  WITH p, country_flows, sum(k.meetings) AS meetings, sum(k.agreements) AS agreements,
       sum(k.trade) AS trade, min(k.first) AS first, max(k.last) AS last, max(k.sources) AS sources
  RETURN p, meetings, agreements, trade,
         coalesce(head([f IN country_flows WHERE f.party = p | f.flows]), 0) AS country_trade,
         first, last, sources
}
WITH p, meetings, agreements, trade, country_trade, first, last, sources,
     coalesce(meetings, 0) + coalesce(agreements, 0) + coalesce(trade, 0) AS contacts
RETURN p.id AS partner, p.name AS partner_name, coalesce(p.country, p.id) AS country,
       meetings, agreements, trade, country_trade, first, last, sources
ORDER BY contacts DESC, partner
