:param who => '冯玉臻';
:param at => null;
// posts: who holds which post (谁担任什么职务).
// Parameters: $who — person (null: everyone), $at — organization or place, covering the
//             bodies under it (null: anywhere).
// Model: (:Person)-[:HOLDS_POSITION {title, first_seen, last_seen}]->(body:Organization|Place)
// $who → who_ids: the nodes a reader means (as kg ask): the name or an alias, else a
// short form (湖北 → 湖北省) or a fuller place name ending in one, else a name containing it.
CALL () {
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN $who IN names THEN 0
      WHEN size($who) >= 2 AND ($who IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND $who ENDS WITH k))) THEN 1
      WHEN size($who) >= 2 AND any(k IN names WHERE k CONTAINS $who) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS who_ids
}
// $at → at_ids: the nodes a reader means (as kg ask): the name or an alias, else a
// short form (湖北 → 湖北省) or a fuller place name ending in one, else a name containing it.
CALL () {
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN $at IN names THEN 0
      WHEN size($at) >= 2 AND ($at IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND $at ENDS WITH k))) THEN 1
      WHEN size($at) >= 2 AND any(k IN names WHERE k CONTAINS $at) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS at_ids
}
MATCH (person)-[r:HOLDS_POSITION]->(body)
WHERE ($who IS NULL OR person.id IN who_ids) AND ($at IS NULL OR any(x IN coalesce(body.scope, [body.id]) WHERE x IN at_ids))
WITH person, r, body, coalesce(r.first_seen, r.effective_date) AS first_seen,
     coalesce(r.last_seen, r.effective_date) AS last_seen
RETURN person.name AS person, r.title AS title, body.name AS body,
       [l IN labels(body) WHERE l <> 'Kg'][0] AS body_type, first_seen, last_seen,
       r.effective_date AS date, r.doc AS doc, r.confidence AS confidence,
       r.source_count AS source_count, r.evidence AS evidence
ORDER BY date, doc;
