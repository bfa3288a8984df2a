// name: network
// description: Partner pairs with names, countries, counts and first and last contact (the whole-network view asks for all: limit=0)
// param: country: country
// param: since: date
// param: limit: int = 200
// country keeps pairs with either end in that country; since keeps pairs in contact on or after that day.
// The pairs are cut to `limit` by their ids before names and counts are read. The regions
// are read in id order from the index on it, so only the partner links of the first few are
// expanded and sorted (each region's by partner id) until `limit` pairs are found.
MATCH (r:Region)
WHERE r.id >= ''
WITH r, r.id AS region
ORDER BY region
MATCH (r)-[k:PARTNER_OF]->(p)
WHERE ($country IS NULL OR $country IN [r.country, coalesce(p.country, p.id)])
  AND ($since IS NULL OR k.last >= $since)
WITH r, k, p, region, p.id AS partner
ORDER BY region, partner
LIMIT $limit
RETURN region, r.name AS region_name, r.country AS region_country,
       partner, p.name AS partner_name, coalesce(p.country, p.id) AS partner_country,
       k.meetings AS meetings, k.agreements AS agreements, k.trade AS trade,
       k.first AS first, k.last AS last, k.sources AS sources
ORDER BY region, partner
