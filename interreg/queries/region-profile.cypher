// name: region-profile
// description: The events of a region, newest first (undated last), with counterparts, persons and the sentence of every report
// param: region: region (required)
// param: limit: int = 200
// One row per report. The region's latest events are picked (and cut to `limit`) before
// anything else is read: a popular region has tens of thousands of events. They are picked
// by one property, `sort_key` ('YYYY-MM-DD ID', '~ ID' when undated): its first ten
// characters are the day (newest first), the whole key breaks ties by id.
// A region in a large share of the news has its newest events found faster from the
// sort_key index, read backwards from the newest event of all and checked for the region,
// than by sorting all of its own: when its events, squared, outnumber 6 × limit × all
// events (the walk reads about limit × all / its own events, each costing a few times what
// reading one of its own does). That walk orders one day's events by id backwards, so it
// stands for the days after the last day it reaches; that day's events are read whole from
// the index. A walk that finds fewer than `limit` dated events is not used (its range is
// made empty otherwise: '' sorts before every key), and the region's own are sorted instead.
MATCH (r:Region {id: $region})
CALL () { MATCH (e:Event) RETURN count(e) AS events }
WITH r, COUNT { (r)-[:PARTY_TO]->() } AS degree, events
WITH r, CASE WHEN degree * degree > 6.0 * $limit * events THEN '~' ELSE '' END AS dated_below
CALL (r, dated_below) {
  MATCH (e:Event)
  WHERE e.sort_key < dated_below AND EXISTS { (r)-[:PARTY_TO]->(e) }
  WITH e
  ORDER BY e.sort_key DESC
  LIMIT $limit
  RETURN collect(e) AS newest
}
WITH r, newest, CASE WHEN size(newest) = $limit THEN left(last(newest).sort_key, 10) END AS boundary
CALL (r, newest, boundary) {
  WITH newest, boundary WHERE boundary IS NOT NULL
  UNWIND newest AS e
  WITH e WHERE left(e.sort_key, 10) > boundary
  RETURN e
  UNION ALL
  WITH r, boundary WHERE boundary IS NOT NULL
  MATCH (e:Event)
  WHERE e.sort_key STARTS WITH boundary + ' ' AND EXISTS { (r)-[:PARTY_TO]->(e) }
  RETURN e
  UNION ALL
  WITH r, boundary WHERE boundary IS NULL
  MATCH (r)-[:PARTY_TO]->(e)
  RETURN e
}
WITH r, e, e.sort_key AS key
WITH r, e, key, CASE WHEN key < '~' THEN left(key, 10) END AS day
ORDER BY day IS NULL, day DESC, key
LIMIT $limit
WITH r, e, day, key, e.day AS date
WITH e, day, key, date,
     COLLECT { MATCH (other)-[:PARTY_TO]->(e)
               WHERE (other:Region OR other:Country) AND other <> r AND other.id IS NOT NULL
               RETURN DISTINCT other.id } AS counterparts,
     COLLECT { MATCH (person:Person)-[:PARTY_TO]->(e)
               WHERE person.name IS NOT NULL
               RETURN DISTINCT person.name } AS persons
OPTIONAL MATCH (e)-[report:REPORTED_IN]->(d:Document)
RETURN date, e.id AS event,
       e.type AS type, e.status AS status, e.kind AS kind,
       counterparts, persons, d.id AS document, d.outlet AS outlet, report.sentence AS sentence
ORDER BY day IS NULL, day DESC, key, document, report.start, sentence
LIMIT $limit
