// Who holds which post: titles given to named people, by the body (or place) they belong to.
// Parameters: $name — a person or a body/place name, or null for everyone.
// Model: (:Person)-[:HOLDS_POSITION {title, doc, evidence}]->(body:Organization|Place)
// :params {"name": null}
MATCH (person:Person)-[post:HOLDS_POSITION]->(body)
WHERE $name IS NULL OR person.name = $name OR body.name = $name
   OR $name IN coalesce(body.aliases, [])
RETURN person.name AS person, post.title AS title, body.name AS body,
       labels(body)[0] AS body_label, post.doc AS doc
ORDER BY person, title;
