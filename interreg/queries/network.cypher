// name: network
// description: Every partner pair with names, countries, counts and first and last contact (the whole-network view)
// param: country: country
// param: since: date
// country keeps pairs with either end in that country; since keeps pairs in contact on or after that day.
MATCH (r:Region)-[k:PARTNER_OF]->(p)
WHERE ($country IS NULL OR $country IN [r.country, coalesce(p.country, p.id)])
  AND ($since IS NULL OR k.last >= $since)
RETURN r.id AS region, r.name AS region_name, r.country AS region_country,
       p.id AS partner, p.name AS partner_name, coalesce(p.country, p.id) AS partner_country,
       k.meetings AS meetings, k.agreements AS agreements, k.trade AS trade,
       k.first AS first, k.last AS last, k.sources AS sources
ORDER BY region, partner
