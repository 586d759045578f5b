:param place => '湖北';
// place: what the graph says about a place (关于某地的所有事实): facts whose subject, object or
// destination lies in it (places under it and bodies named after it included).
// Parameters: $place — the place.
// $place → place_ids: the nodes a reader means (as kg ask): the name or an alias, else a
// short form (湖北 → 湖北省) or a fuller place name ending in one, else a name containing it.
CALL () {
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN $place IN names THEN 0
      WHEN size($place) >= 2 AND ($place IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND $place ENDS WITH k))) THEN 1
      WHEN size($place) >= 2 AND any(k IN names WHERE k CONTAINS $place) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS place_ids
}
MATCH (s)-[r]->(o)
WHERE NOT type(r) IN ['COPY_OF', 'DONATED_TO', 'FROM_DOCUMENT', 'LOCATED_IN', 'MENTIONED_IN', 'SENT_TO']
WITH s, r, o, CASE
    WHEN any(x IN coalesce(s.scope, [s.id]) WHERE x IN place_ids) THEN 'subject'
    WHEN any(x IN coalesce(o.scope, [o.id]) WHERE x IN place_ids) THEN 'object'
    WHEN any(x IN coalesce(r.destination_scope, []) WHERE x IN place_ids) THEN 'destination'
  END AS via
WHERE via IS NOT NULL
RETURN type(r) AS relation, s.name AS subject, o.name AS object, via,
       r.effective_date AS date, r.doc AS doc, r.confidence AS confidence,
       r.source_count AS source_count, r.evidence AS evidence
ORDER BY date, doc, relation, subject, object;
