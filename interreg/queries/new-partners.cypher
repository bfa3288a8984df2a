// name: new-partners
// description: Partner pairs whose first contact is on or after a day, earliest first
// param: since: date (required)
// param: limit: int = 200
MATCH (r:Region)-[k:PARTNER_OF]->(p)
WHERE k.first >= $since
WITH r, k, p, k.first AS first, r.id AS region, p.id AS partner
ORDER BY first, region, partner
LIMIT $limit
RETURN region, r.name AS region_name, partner, p.name AS partner_name,
       coalesce(p.country, p.id) AS partner_country, first, k.last AS last,
       k.meetings AS meetings, k.agreements AS agreements, k.trade AS trade, k.sources AS sources
ORDER BY first, region, partner
