:param who => '习近平';
:param where => null;
// visits: who visited which places (谁去过哪里).
// Parameters: $who — person (null: everyone), $where — place, covering the places in it
//             (null: anywhere).
// Model: (:Person)-[:VISITED]->(:Place|Organization {province})
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
// $where → where_ids: the nodes a reader means (as kg ask): the name or an alias, else a
// short form (湖北 → 湖北省) or a fuller place name ending in one, else a name containing it.
CALL () {
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN $where IN names THEN 0
      WHEN size($where) >= 2 AND ($where IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND $where ENDS WITH k))) THEN 1
      WHEN size($where) >= 2 AND any(k IN names WHERE k CONTAINS $where) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS where_ids
}
MATCH (person)-[r:VISITED]->(place)
WHERE ($who IS NULL OR person.id IN who_ids) AND ($where IS NULL OR any(x IN coalesce(place.scope, [place.id]) WHERE x IN where_ids))
RETURN person.name AS person, place.name AS place, [l IN labels(place) WHERE l <> 'Kg'][0] AS place_type,
       place.province AS province,
       r.effective_date AS date, r.doc AS doc, r.confidence AS confidence,
       r.source_count AS source_count, r.evidence AS evidence
ORDER BY date, doc;
