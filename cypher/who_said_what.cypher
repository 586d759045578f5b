// Who said what: every statement of a speaker (person or organization), with its provenance.
// Parameters: $speaker — canonical name or alias (习近平, 会议 bodies such as 中共中央政治局常务委员会);
//             $limit — rows to return.
// Model: (speaker)-[:SAID {mode, date, doc, evidence, start, end}]->(:Statement {text})
// :params {"speaker": "习近平", "limit": 25}
MATCH (speaker)-[said:SAID]->(statement:Statement)
WHERE speaker.name = $speaker OR $speaker IN coalesce(speaker.aliases, [])
RETURN speaker.name AS speaker, statement.text AS statement, said.mode AS mode,
       said.date AS date, said.doc AS doc, said.evidence AS evidence
ORDER BY said.doc, said.start
LIMIT $limit;
