:param a => '习近平';
:param b => '湖北省';
:param max_hops => 4;
// path: the shortest connections between two actors (两者之间的最短联系), mentions and
// report provenance (FROM_DOCUMENT, COPY_OF) left out.
// Parameters: $a, $b — the two actors (best match of each name), $max_hops — longest path
//             (at most 8). One row per distinct walk and relationship sequence.
// $a → a_ids: the nodes a reader means (as kg ask): the name or an alias, else a
// short form (湖北 → 湖北省) or a fuller place name ending in one, else a name containing it.
CALL () {
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN $a IN names THEN 0
      WHEN size($a) >= 2 AND ($a IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND $a ENDS WITH k))) THEN 1
      WHEN size($a) >= 2 AND any(k IN names WHERE k CONTAINS $a) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS a_ids
}
// $b → b_ids: the nodes a reader means (as kg ask): the name or an alias, else a
// short form (湖北 → 湖北省) or a fuller place name ending in one, else a name containing it.
CALL () {
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN $b IN names THEN 0
      WHEN size($b) >= 2 AND ($b IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND $b ENDS WITH k))) THEN 1
      WHEN size($b) >= 2 AND any(k IN names WHERE k CONTAINS $b) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS b_ids
}
MATCH (x:Person|Organization|Place) WHERE x.id = head(a_ids)
MATCH (y:Person|Organization|Place) WHERE y.id = head(b_ids) AND y <> x
MATCH p = ALL SHORTEST (x)-[:!MENTIONED_IN&!FROM_DOCUMENT&!COPY_OF]-{1,8}(y)
WITH p WHERE length(p) <= $max_hops
WITH DISTINCT length(p) AS hops,
     reduce(s = '', i IN range(0, length(p)) | s + CASE WHEN i = 0 THEN '' ELSE ' → ' END
            + coalesce(nodes(p)[i].name, nodes(p)[i].id)) AS walk,
     reduce(s = '', i IN range(0, length(p) - 1) | s + CASE WHEN i = 0 THEN '' ELSE ' ' END
            + CASE WHEN startNode(relationships(p)[i]) = nodes(p)[i]
                   THEN '-[' + type(relationships(p)[i]) + ']->'
                   ELSE '<-[' + type(relationships(p)[i]) + ']-' END) AS relations
ORDER BY walk, relations
WITH collect({hops: hops, walk: walk, relations: relations}) AS found
UNWIND range(0, size(found) - 1) AS i
RETURN i + 1 AS path, found[i].hops AS hops, found[i].walk AS walk,
       found[i].relations AS relations
ORDER BY walk, relations;
