:param who => '冯玉臻';
:param contains => null;
// said: who said what, when (谁说了什么). Direct or indirect speech, with the evidence.
// Parameters: $who — speaker (name, alias or short form, null: everyone),
//             $contains — words the statement contains (null: any).
// Model: (speaker)-[:SAID {mode, effective_date, doc, evidence}]->(:Statement {text})
// $who → speaker_ids: the nodes a reader means (as kg ask): the name or an alias, else a
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
  RETURN head(collect(ids)) AS speaker_ids
}
MATCH (speaker)-[r:SAID]->(statement)
WITH speaker, r, coalesce(statement.text, statement.name) AS text, speaker_ids
WHERE ($who IS NULL OR speaker.id IN speaker_ids)
  AND ($contains IS NULL OR text CONTAINS $contains)
RETURN speaker.name AS speaker, text, r.mode AS mode,
       r.effective_date AS date, r.doc AS doc, r.confidence AS confidence,
       r.source_count AS source_count, r.evidence AS evidence
ORDER BY date, doc;
