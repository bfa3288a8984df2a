// name: new-partners
// description: Partner pairs whose first contact is on or after a day
// param: since: date (required)
MATCH (r:Region)-[k:PARTNER_OF]->(p)
WHERE k.first >= $since
RETURN r.id AS region, r.name AS region_name, p.id AS partner, p.name AS partner_name,
       coalesce(p.country, p.id) AS partner_country, k.first AS first, k.last AS last,
       k.meetings AS meetings, k.agreements AS agreements, k.trade AS trade, k.sources AS sources
ORDER BY first, region, partner
