:param who => '习近平';
// meetings: who met whom, who chaired and attended what (会见、主持与出席).
// Parameters: $who — actor (null: every meeting once, as stated). A MET fact counts for both sides.
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
MATCH (a)-[r:MET|CHAIRED|ATTENDED]->(b)
UNWIND CASE WHEN type(r) = 'MET' AND $who IS NOT NULL THEN [[a, b], [b, a]] ELSE [[a, b]] END
       AS ends
WITH ends[0] AS one, ends[1] AS other, r, who_ids
WHERE $who IS NULL OR one.id IN who_ids
RETURN one.name AS actor, type(r) AS relation, r.role AS role, other.name AS other,
       [l IN labels(other) WHERE l <> 'Kg'][0] AS other_type, coalesce(r.to, r.place) AS place,
       r.effective_date AS date, r.doc AS doc, r.confidence AS confidence,
       r.source_count AS source_count, r.evidence AS evidence
ORDER BY date, doc;
