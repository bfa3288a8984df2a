// name: event-types
// description: How many events the graph holds, by type (meeting, agreement, trade)
MATCH (e:Event)
RETURN e.type AS type, count(*) AS events
ORDER BY events DESC, type
