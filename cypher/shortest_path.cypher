// Shortest path between two actors (people, organizations or places), through facts and the
// place hierarchy. MENTIONED_IN is left out: two names sharing an article is not a relation.
// Parameters: $from, $to — canonical names (paths of up to 8 hops).
// :params {"from": "习近平", "to": "湖北省"}
MATCH (a:Person|Organization|Place {name: $from}), (b:Person|Organization|Place {name: $to})
MATCH path = shortestPath((a)-[*..8]-(b))
WHERE none(r IN relationships(path) WHERE type(r) = 'MENTIONED_IN')
RETURN [n IN nodes(path) | coalesce(n.name, n.id)] AS names,
       [r IN relationships(path) | type(r)] AS relationships, length(path) AS hops
LIMIT 1;
