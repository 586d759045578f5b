:param actor => '鲁翔';
// timeline: an actor's timeline, every fact in and out (某人的时间线).
// Parameters: $actor — person, organization or place.
// $actor → actor_ids: the nodes a reader means (as kg ask): the name or an alias, else a
// short form (湖北 → 湖北省) or a fuller place name ending in one, else a name containing it.
CALL () {
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN $actor IN names THEN 0
      WHEN size($actor) >= 2 AND ($actor IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND $actor ENDS WITH k))) THEN 1
      WHEN size($actor) >= 2 AND any(k IN names WHERE k CONTAINS $actor) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS actor_ids
}
CALL (actor_ids) {
  MATCH (one)-[r]->(other)
  WHERE one.id IN actor_ids
    AND NOT type(r) IN ['COPY_OF', 'DONATED_TO', 'FROM_DOCUMENT', 'LOCATED_IN', 'MENTIONED_IN', 'SENT_TO']
  RETURN one, 'out' AS direction, r, other
  UNION ALL
  MATCH (other)-[r]->(one)
  WHERE one.id IN actor_ids
    AND NOT type(r) IN ['COPY_OF', 'DONATED_TO', 'FROM_DOCUMENT', 'LOCATED_IN', 'MENTIONED_IN', 'SENT_TO']
  RETURN one, 'in' AS direction, r, other
}
RETURN one.name AS actor, direction, type(r) AS relation, other.name AS other,
       [l IN labels(other) WHERE l <> 'Kg'][0] AS other_type,
       r.effective_date AS date, r.doc AS doc, r.confidence AS confidence,
       r.source_count AS source_count, r.evidence AS evidence
ORDER BY date, doc, relation, direction, other;
