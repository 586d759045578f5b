:param doc => '002_f44656cb4efbb886';
// document_facts: every fact one document reports, in reading order (某篇文章中的所有事实).
// Parameters: $doc — the document id (see documents.cypher).
// With one fact and many reports (Evidence nodes with fact = the relationship id), a fact
// first reported elsewhere is found through this document's report, and the row shows it.
CALL () {
  OPTIONAL MATCH (e:Evidence) WHERE e.doc = $doc
  RETURN collect(e) AS reports
}
MATCH (s)-[r]->(o)
WHERE NOT type(r) IN ['COPY_OF', 'DONATED_TO', 'FROM_DOCUMENT', 'LOCATED_IN', 'MENTIONED_IN', 'SENT_TO']
  AND (r.doc = $doc OR r.id IN [e IN reports | e.fact])
WITH s, r, o, [e IN reports WHERE e.fact = r.id][0] AS own
RETURN type(r) AS relation, s.name AS subject, o.name AS object,
       CASE WHEN own IS NULL THEN r.start ELSE own.start END AS start,
       r.effective_date AS date, CASE WHEN own IS NULL THEN r.doc ELSE $doc END AS doc,
       CASE WHEN own IS NULL THEN r.confidence ELSE own.confidence END AS confidence,
       r.source_count AS source_count,
       CASE WHEN own IS NULL THEN r.evidence ELSE own.text END AS evidence
ORDER BY start, relation, subject, object;
