// name: path
// description: Shortest chains of cooperation between two parties over partner links (all of them, at most 6 hops)
// param: region_a: region (required)
// param: region_b: party (required)
// param: max_hops: int = 4
// ordered: path, names
// A variable-length bound cannot be a parameter: the pattern is bounded at 6 and
// max_hops (1 to 6) filters what it finds.
MATCH (a:Region {id: $region_a})
OPTIONAL MATCH (region:Region {id: $region_b})
OPTIONAL MATCH (country:Country {id: $region_b})
WITH a, coalesce(region, country) AS b
WHERE b IS NOT NULL
MATCH p = allShortestPaths((a)-[:PARTNER_OF*..6]-(b))
WITH p
WHERE length(p) <= $max_hops
RETURN length(p) AS hops, [n IN nodes(p) | n.id] AS path, [n IN nodes(p) | n.name] AS names
ORDER BY path
