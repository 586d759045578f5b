:param of => '黑龙江';
// officials: all officials of one place or body, bodies under it included (某地或某机构的所有官员).
// Parameters: $of — the place or body (黑龙江 covers 黑龙江省卫健委).
// $of → of_ids: the nodes a reader means (as kg ask): the name or an alias, else a
// short form (湖北 → 湖北省) or a fuller place name ending in one, else a name containing it.
CALL () {
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN $of IN names THEN 0
      WHEN size($of) >= 2 AND ($of IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND $of ENDS WITH k))) THEN 1
      WHEN size($of) >= 2 AND any(k IN names WHERE k CONTAINS $of) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS of_ids
}
MATCH (person)-[r:HOLDS_POSITION]->(body)
WHERE any(x IN coalesce(body.scope, [body.id]) WHERE x IN of_ids)
WITH person, r, body, coalesce(r.first_seen, r.effective_date) AS first_seen,
     coalesce(r.last_seen, r.effective_date) AS last_seen
RETURN person.name AS person, r.title AS title, body.name AS body,
       [l IN labels(body) WHERE l <> 'Kg'][0] AS body_type, first_seen, last_seen,
       r.effective_date AS date, r.doc AS doc, r.confidence AS confidence,
       r.source_count AS source_count, r.evidence AS evidence
ORDER BY date, doc;
