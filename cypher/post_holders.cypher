:param title => '书记';
:param body => null;
:param on => null;
// post_holders: who held post X, optionally on date D (谁担任过某职务).
// Parameters: $title — title or part of it, $body — organization or place (null: anywhere),
//             $on — a date or its prefix (2020, 2020-02): keeps tenures covering it (null: any).
// Tenure is first_seen..last_seen where reported, else the fact's effective date.
// $body → body_ids: the nodes a reader means (as kg ask): the name or an alias, else a
// short form (湖北 → 湖北省) or a fuller place name ending in one, else a name containing it.
CALL () {
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN $body IN names THEN 0
      WHEN size($body) >= 2 AND ($body IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND $body ENDS WITH k))) THEN 1
      WHEN size($body) >= 2 AND any(k IN names WHERE k CONTAINS $body) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS body_ids
}
MATCH (person)-[r:HOLDS_POSITION]->(body)
WHERE r.title CONTAINS $title AND ($body IS NULL OR any(x IN coalesce(body.scope, [body.id]) WHERE x IN body_ids))
WITH person, r, body, coalesce(r.first_seen, r.effective_date) AS first_seen,
     coalesce(r.last_seen, r.effective_date) AS last_seen
WHERE $on IS NULL OR (first_seen IS NOT NULL AND last_seen IS NOT NULL
      AND left(first_seen, size($on)) <= $on AND $on <= left(last_seen, size($on)))
RETURN person.name AS person, r.title AS title, body.name AS body,
       [l IN labels(body) WHERE l <> 'Kg'][0] AS body_type, first_seen, last_seen,
       r.effective_date AS date, r.doc AS doc, r.confidence AS confidence,
       r.source_count AS source_count, r.evidence AS evidence
ORDER BY date, doc;
