// name: partners
// description: Every partner of a region: meetings, agreements, trade flows, first and last contact, distinct outlets
// param: region: region (required)
// country_trade: trade flows between the partner and the region's whole country, which news
// often names instead of the region («поставляют в Узбекистан»); counted apart from `trade`.
MATCH (r:Region {id: $region})-[k:PARTNER_OF]-(p)
OPTIONAL MATCH (r)-[:PART_OF]->(c:Country)
OPTIONAL MATCH (p)-[:PARTY_TO]->(t:Event {type: 'trade'})<-[:PARTY_TO]-(c)
WITH p, k, count(DISTINCT t) AS country_trade,
     coalesce(k.meetings, 0) + coalesce(k.agreements, 0) + coalesce(k.trade, 0) AS contacts
RETURN p.id AS partner, p.name AS partner_name, coalesce(p.country, p.id) AS country,
       k.meetings AS meetings, k.agreements AS agreements, k.trade AS trade,
       country_trade, k.first AS first, k.last AS last, k.sources AS sources
ORDER BY contacts DESC, partner
