// name: outlets
// description: The documents behind the graph, by outlet (most documents first): how many, first and last publication, event reports
// param: limit: int = 200
// The counts are kept on one Outlet node per outlet at load time: the summary reads a few
// hundred nodes, never the documents.
MATCH (o:Outlet)
RETURN o.name AS outlet, o.documents AS documents, o.first AS first, o.last AS last,
       o.reports AS reports
ORDER BY documents DESC, outlet
LIMIT $limit
