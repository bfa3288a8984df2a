// name: topics
// description: What a region (or a whole country) cooperates on: topics of its events, with counts and first and last date
// param: region: region (required)
// countries: region
// Each event's date is read once, before its topics are expanded, and a topic's own
// properties only after aggregating. A country stands for itself and all its regions, whose
// events may be shared: only they are made distinct (a region's are distinct already, and
// tens of thousands for a popular one). An event has at most one ABOUT a topic, so the rows
// of a topic count its events. PARTY_TO always ends at an event and ABOUT at a topic:
// their labels are not checked.
CALL () {
  MATCH (:Region {id: $region})-[:PARTY_TO]->(e)
  RETURN e
  UNION ALL
  MATCH (c:Country {id: $region})
  CALL (c) {
    MATCH (side:Region)-[:PART_OF]->(c)
    RETURN side
    UNION
    RETURN c AS side
  }
  MATCH (side)-[:PARTY_TO]->(e)
  WITH DISTINCT e
  RETURN e
}
WITH e, e.day AS day
MATCH (e)-[:ABOUT]->(t)
WITH t, count(*) AS events, min(day) AS first, max(day) AS last
RETURN t.id AS topic, t.name AS name, events, first, last
ORDER BY events DESC, topic
