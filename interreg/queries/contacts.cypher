// name: contacts
// description: Whom a person met or signed with: people, regions, countries and organisations at the same events
// param: person: person (required)
// param: limit: int = 200
// The person is found by id, by full name or by last name, in any letter case.
// The persons found are taken one by one in id order, so the rows stop at `limit` without
// expanding the others' events. Each event's date is read once, before its parties are
// expanded, and a contact's own properties once per contact, after its events are counted.
// PARTY_TO always ends at an event: its label is not checked.
MATCH (p:Person)
WHERE p.id = $person OR toLower(p.name) = toLower($person) OR toLower(p.last) = toLower($person)
WITH p, p.id AS person
ORDER BY person
MATCH (p)-[:PARTY_TO]->(e)
WITH p, person, e, e.day AS day
MATCH (e)<-[:PARTY_TO]-(c)
WHERE c <> p
WITH person, p, c, count(DISTINCT e) AS events, min(day) AS first, max(day) AS last
WITH person, p, c, events, first, last, c.id AS contact,
     [label IN labels(c) WHERE label IN ['Person', 'Region', 'Country', 'Organization']][0] AS kind
ORDER BY person, events DESC, kind, contact
LIMIT $limit
RETURN person, p.name AS name, contact, c.name AS contact_name, kind AS contact_kind,
       events, first, last
ORDER BY person, events DESC, contact_kind, contact
