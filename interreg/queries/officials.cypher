// name: officials
// description: Office holders of a region and the events they took part in
// param: region: region (required)
// PARTY_TO always ends at an event: its label is not checked (a read for each of them).
MATCH (p:Person)-[h:HOLDS]->(:Region {id: $region})
OPTIONAL MATCH (p)-[:PARTY_TO]->(e)
WITH p, h, e.id AS event, e.day AS day
RETURN p.id AS person, p.name AS name, h.position AS position,
       collect(DISTINCT event) AS events, min(day) AS first, max(day) AS last
ORDER BY name, person, position
