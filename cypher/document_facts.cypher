:param doc => '002_f44656cb4efbb886';
// document_facts: every fact drawn from one document, in reading order (某篇文章中的所有事实).
// Parameters: $doc — the document id (see documents.cypher).
MATCH (s)-[r]->(o)
WHERE r.doc = $doc AND NOT type(r) IN ['MENTIONED_IN', 'LOCATED_IN', 'SENT_TO', 'DONATED_TO']
RETURN type(r) AS relation, s.name AS subject, o.name AS object, r.start AS start,
       r.effective_date AS date, r.doc AS doc, r.confidence AS confidence,
       r.source_count AS source_count, r.evidence AS evidence
ORDER BY start, relation, subject, object;
