:param actor => '习近平';
// co_mentioned: actors named in the same documents as one actor (同篇报道中出现的行为者).
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
MATCH (one)-[:MENTIONED_IN]->(d:Document)<-[:MENTIONED_IN]-(other)
WHERE one.id IN actor_ids AND other <> one
WITH one, other, d.doc AS doc ORDER BY doc
WITH one, other, collect(DISTINCT doc) AS docs
RETURN one.name AS actor, other.name AS other, [l IN labels(other) WHERE l <> 'Kg'][0] AS other_type,
       size(docs) AS documents, docs
ORDER BY documents DESC, other, actor;
