// name: partners
// description: Every partner of a region: meetings, agreements, trade flows, first and last contact, distinct outlets
// param: region: region (required)
// country_trade: trade flows between the partner and the region's whole country, which news
// often names instead of the region («поставляют в Узбекистан»); counted apart from `trade`.
// The country's flows are gathered once, by each of their parties, instead of walking
// every event of every partner (a partner country has thousands).
MATCH (r:Region {id: $region})
OPTIONAL MATCH (r)-[:PART_OF]->(:Country)-[:PARTY_TO]->(t:Event {type: 'trade'})<-[:PARTY_TO]-(party)
WITH r, party, count(DISTINCT t) AS flows
WITH r, collect({party: party, flows: flows}) AS country_flows
MATCH (r)-[k:PARTNER_OF]-(p)
WITH p, k, coalesce(head([f IN country_flows WHERE f.party = p | f.flows]), 0) AS country_trade,
     coalesce(k.meetings, 0) + coalesce(k.agreements, 0) + coalesce(k.trade, 0) AS contacts
RETURN p.id AS partner, p.name AS partner_name, coalesce(p.country, p.id) AS country,
       k.meetings AS meetings, k.agreements AS agreements, k.trade AS trade,
       country_trade, k.first AS first, k.last AS last, k.sources AS sources
ORDER BY contacts DESC, partner
