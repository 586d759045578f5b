:param label => null;
// central: the most connected actors (联系最多的行为者): PageRank over facts and the place
// hierarchy (both ways, mentions left out) and the number of facts, computed with the graph.
// Parameters: $label — Person, Organization or Place (null: all).
MATCH (n:Person|Organization|Place)
WHERE ($label IS NULL OR $label IN labels(n)) AND coalesce(n.degree, 0) > 0
RETURN n.name AS name, [l IN labels(n) WHERE l <> 'Kg'][0] AS type, n.degree AS degree, n.pagerank AS pagerank
ORDER BY pagerank DESC, degree DESC, name, type;
