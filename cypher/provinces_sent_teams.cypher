// Which provinces sent teams where: each SENT fact, rolled up to the sender's province.
// Parameters: $destination — a destination name (湖北省) or null for every destination.
// Model (n-ary SENT reified through its own Group node):
//   (sender)-[:SENT {count, date, doc, evidence}]->(team:Group)-[:SENT_TO]->(destination:Place)
//   (place)-[:LOCATED_IN]->(city)-[:LOCATED_IN]->(province:Place {level: 'province'})
// "Which provinces sent teams to 湖北省" is then one pattern:
//   MATCH (p:Place {level: 'province'})<-[:LOCATED_IN*0..3]-(src)
//         -[:SENT]->(:Group)-[:SENT_TO]->(:Place {name: '湖北省'}) RETURN DISTINCT p.name
// Destinations the extractor could not tie to a known place stay as the text SENT.to.
// :params {"destination": "湖北省"}
MATCH (sender)-[sent:SENT]->(team:Group)
OPTIONAL MATCH (team)-[:SENT_TO]->(dest)
WITH sender, sent, team, dest, coalesce(dest.name, sent.to) AS destination
WHERE $destination IS NULL OR destination = $destination
   OR $destination IN coalesce(dest.aliases, [])
OPTIONAL MATCH (sender)-[:LOCATED_IN*0..3]->(province:Place {level: 'province'})
RETURN coalesce(province.name, sender.name) AS sender_province, sender.name AS sender,
       team.name AS team, sent.count AS count, destination, sent.date AS date, sent.doc AS doc
ORDER BY sender_province, sender, date;
