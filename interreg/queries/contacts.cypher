// name: contacts
// description: Whom a person met or signed with: people, regions, countries and organisations at the same events
// param: person: person (required)
// param: limit: int = 200
// The person is found by id, by full name or by last name, in any letter case.
MATCH (p:Person)
WHERE p.id = $person OR toLower(p.name) = toLower($person) OR toLower(p.last) = toLower($person)
MATCH (p)-[:PARTY_TO]->(e:Event)<-[:PARTY_TO]-(c)
WHERE c <> p
WITH p, c, e, e.day AS day,
     [label IN labels(c) WHERE label IN ['Person', 'Region', 'Country', 'Organization']][0] AS kind
RETURN p.id AS person, p.name AS name, c.id AS contact, c.name AS contact_name, kind AS contact_kind,
       count(DISTINCT e) AS events, min(day) AS first, max(day) AS last
ORDER BY person, events DESC, contact_kind, contact
LIMIT $limit
