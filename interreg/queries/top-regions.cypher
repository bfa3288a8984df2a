// name: top-regions
// description: Regions ranked by the number of distinct foreign partners, optionally of one country
// param: country: country
// param: limit: int = 20
MATCH (r:Region)-[:PARTNER_OF]-(p)
WHERE ($country IS NULL OR r.country = $country)
  AND coalesce(p.country, p.id) <> r.country
RETURN r.id AS region, r.name AS name, r.country AS country,
       count(DISTINCT p) AS foreign_partners,
       collect(DISTINCT coalesce(p.country, p.id)) AS partner_countries
ORDER BY foreign_partners DESC, region
LIMIT $limit
