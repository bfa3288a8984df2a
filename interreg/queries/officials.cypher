// name: officials
// description: Office holders of a region and the events they took part in
// param: region: region (required)
MATCH (p:Person)-[h:HOLDS]->(:Region {id: $region})
OPTIONAL MATCH (p)-[:PARTY_TO]->(e:Event)
WITH p, h, e, e.day AS day
RETURN p.id AS person, p.name AS name, h.position AS position,
       collect(DISTINCT e.id) AS events, min(day) AS first, max(day) AS last
ORDER BY name, person, position
