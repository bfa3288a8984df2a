// name: commodity
// description: Who trades one commodity with whom: flows per exporter and importer (most flows first), planned ones, first and last date
// param: commodity: commodity (required)
// param: limit: int = 200
// Each flow's parties are expanded once (its exporters and importers together), and flows
// are counted per pair of parties first; names are read for the pairs kept only.
// OF_COMMODITY always starts at a trade flow: its label and type are not checked.
MATCH (:Commodity {id: $commodity})<-[:OF_COMMODITY]-(e)
WITH e, e.day AS day, e.status = 'planned' AS planned
MATCH (e)<-[side:PARTY_TO]-(party)
WHERE side.role IN ['exporter', 'importer']
WITH e, day, planned, collect(CASE side.role WHEN 'exporter' THEN party END) AS exporters,
     collect(CASE side.role WHEN 'importer' THEN party END) AS importers
UNWIND exporters AS x
UNWIND importers AS m
WITH x, m, count(DISTINCT e) AS flows, count(DISTINCT CASE WHEN planned THEN e END) AS planned,
     min(day) AS first, max(day) AS last
WITH x, m, flows, planned, first, last, x.id AS exporter, m.id AS importer
ORDER BY flows DESC, exporter, importer
LIMIT $limit
RETURN exporter, x.name AS exporter_name, importer, m.name AS importer_name,
       flows, planned, first, last
ORDER BY flows DESC, exporter, importer
