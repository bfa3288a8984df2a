// name: event-types
// description: How many events the graph holds, by type (meeting, agreement, trade)
// Each type has its label (:Meeting, :Agreement, :TradeFlow), and a count of one label alone
// comes from the server's count store, without reading the events.
CALL () { MATCH (e:Meeting) RETURN count(e) AS meetings }
CALL () { MATCH (e:Agreement) RETURN count(e) AS agreements }
CALL () { MATCH (e:TradeFlow) RETURN count(e) AS trade }
UNWIND [{type: 'meeting', events: meetings}, {type: 'agreement', events: agreements},
        {type: 'trade', events: trade}] AS row
WITH row.type AS type, row.events AS events
WHERE events > 0
RETURN type, events
ORDER BY events DESC, type
