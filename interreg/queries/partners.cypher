// name: partners
// description: Every partner of a region: meetings, agreements, trade flows, first and last contact, distinct outlets
// param: region: region (required)
MATCH (r:Region {id: $region})-[k:PARTNER_OF]-(p)
WITH p, k, coalesce(k.meetings, 0) + coalesce(k.agreements, 0) + coalesce(k.trade, 0) AS contacts
RETURN p.id AS partner, p.name AS partner_name, coalesce(p.country, p.id) AS country,
       k.meetings AS meetings, k.agreements AS agreements, k.trade AS trade,
       k.first AS first, k.last AS last, k.sources AS sources
ORDER BY contacts DESC, partner
