// Who visited where: inspections and visits by named people, with the province of the place.
// Parameters: $person — a person's name, or null for everyone.
// Model: (:Person)-[:VISITED {date, doc, evidence}]->(:Place|Organization)
// :params {"person": null}
MATCH (person:Person)-[visit:VISITED]->(target)
WHERE $person IS NULL OR person.name = $person OR $person IN coalesce(person.aliases, [])
OPTIONAL MATCH (target)-[:LOCATED_IN*1..3]->(province:Place {level: 'province'})
RETURN person.name AS person, target.name AS visited, labels(target)[0] AS kind,
       province.name AS province, visit.date AS date, visit.doc AS doc
ORDER BY person, date, visited;
