// name: topics
// description: What a region cooperates on: topics of its events, with counts and first and last date
// param: region: region (required)
MATCH (:Region {id: $region})-[:PARTY_TO]->(e:Event)-[:ABOUT]->(t:Topic)
WITH t, e, coalesce(e.date, e.anchor) AS day
RETURN t.id AS topic, t.name AS name, count(DISTINCT e) AS events, min(day) AS first, max(day) AS last
ORDER BY events DESC, topic
