:param person => '鲁翔';
// posts_of: which posts one person held (某人担任过哪些职务): one row per title and body,
// tenure over every report of it (first_seen/last_seen where reported, else the fact's date).
// Parameters: $person — the person.
// $person → person_ids: the nodes a reader means (as kg ask): the name or an alias, else a
// short form (湖北 → 湖北省) or a fuller place name ending in one, else a name containing it.
CALL () {
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN $person IN names THEN 0
      WHEN size($person) >= 2 AND ($person IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND $person ENDS WITH k))) THEN 1
      WHEN size($person) >= 2 AND any(k IN names WHERE k CONTAINS $person) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS person_ids
}
MATCH (person)-[r:HOLDS_POSITION]->(body)
WHERE person.id IN person_ids
WITH person, r.title AS title, body, coalesce(r.first_seen, r.effective_date) AS first,
     coalesce(r.last_seen, r.effective_date) AS last,
     r.doc AS doc
ORDER BY doc
WITH person, title, body, min(first) AS first_seen, max(last) AS last_seen, count(*) AS reports,
     collect(DISTINCT doc) AS docs
RETURN person.name AS person, title, body.name AS body, [l IN labels(body) WHERE l <> 'Kg'][0] AS body_type,
       first_seen, last_seen, reports, docs
ORDER BY first_seen, title, body;
