// name: commodity
// description: Who trades one commodity with whom: flows per exporter and importer, planned ones, first and last date
// param: commodity: commodity (required)
MATCH (:Commodity {id: $commodity})<-[:OF_COMMODITY]-(e:Event {type: 'trade'})
MATCH (x)-[:PARTY_TO {role: 'exporter'}]->(e)<-[:PARTY_TO {role: 'importer'}]-(m)
WITH x, m, e, coalesce(e.date, e.anchor) AS day
RETURN x.id AS exporter, x.name AS exporter_name, m.id AS importer, m.name AS importer_name,
       count(DISTINCT e) AS flows,
       count(DISTINCT CASE WHEN e.status = 'planned' THEN e END) AS planned,
       min(day) AS first, max(day) AS last
ORDER BY flows DESC, exporter, importer
