:param to => null;
:param by => '海南';
// donated: who donated what to whom (谁向谁捐赠了什么).
// Parameters: $to — destination: the place/body or any place inside it (null: anywhere),
//             $by — sender: the place/body or any place or body inside it (null: anyone).
// Model: (donor)-[:DONATED {quantity, amount, destination}]->(:Resource)-[:DONATED_TO]->(place)
// The destination, its province and the places above it (destination_scope) are computed once
// when the graph is built, a destination not tied to a known place stays as the text written.
// $to → to_ids: the nodes a reader means (as kg ask): the name or an alias, else a
// short form (湖北 → 湖北省) or a fuller place name ending in one, else a name containing it.
CALL () {
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN $to IN names THEN 0
      WHEN size($to) >= 2 AND ($to IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND $to ENDS WITH k))) THEN 1
      WHEN size($to) >= 2 AND any(k IN names WHERE k CONTAINS $to) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS to_ids
}
// $by → by_ids: the nodes a reader means (as kg ask): the name or an alias, else a
// short form (湖北 → 湖北省) or a fuller place name ending in one, else a name containing it.
CALL () {
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN $by IN names THEN 0
      WHEN size($by) >= 2 AND ($by IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND $by ENDS WITH k))) THEN 1
      WHEN size($by) >= 2 AND any(k IN names WHERE k CONTAINS $by) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS by_ids
}
MATCH (sender)-[r:DONATED]->(item)
WHERE ($by IS NULL OR any(x IN coalesce(sender.scope, [sender.id]) WHERE x IN by_ids))
  AND ($to IS NULL OR any(x IN coalesce(r.destination_scope, []) WHERE x IN to_ids)
       OR (r.destination_id IS NULL AND r.destination CONTAINS $to))
RETURN sender.name AS source, sender.province AS source_province, item.name AS item,
       r.amount AS amount, r.destination AS destination,
       r.destination_province AS destination_province,
       r.effective_date AS date, r.doc AS doc, r.confidence AS confidence,
       r.source_count AS source_count, r.evidence AS evidence
ORDER BY date, doc;
