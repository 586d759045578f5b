// documents: the documents with title, date, source and counts (文章列表).
// Parameters: none. entity_count and fact_count are computed when the graph is built.
MATCH (d:Document)
RETURN d.doc AS doc, d.title AS title, d.date AS date, d.source AS source,
       d.entity_count AS entities, d.fact_count AS facts
ORDER BY doc;
