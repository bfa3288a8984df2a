// name: commodity
// description: Who trades one commodity with whom: flows per exporter and importer (most flows first), planned ones, first and last date
// param: commodity: commodity (required)
// param: limit: int = 200
// Flows are counted per pair of parties first; names are read for the pairs kept only.
// A pair's rows are its flows (one exporter and one importer relationship each), so they
// are counted, not made distinct. A flow's parties are read in one pass over its
// relationships (two pattern matches would walk them twice). OF_COMMODITY always starts
// at a trade flow: its label and type are not checked.
MATCH (:Commodity {id: $commodity})<-[:OF_COMMODITY]-(e)
WITH e.day AS day, e.status = 'planned' AS planned, [(e)<-[r:PARTY_TO]-(n) | [r.role, n]] AS parties
UNWIND [party IN parties WHERE party[0] = 'exporter' | party[1]] AS x
UNWIND [party IN parties WHERE party[0] = 'importer' | party[1]] AS m
WITH x, m, count(*) AS flows, sum(CASE WHEN planned THEN 1 ELSE 0 END) AS planned,
     min(day) AS first, max(day) AS last
WITH x, m, flows, planned, first, last, x.id AS exporter, m.id AS importer
ORDER BY flows DESC, exporter, importer
LIMIT $limit
RETURN exporter, x.name AS exporter_name, importer, m.name AS importer_name,
       flows, planned, first, last
ORDER BY flows DESC, exporter, importer
