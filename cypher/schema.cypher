// The kg graph schema for Neo4j 5 (applied by `kg load`; every statement is idempotent).
//
// Model (see kg/graph.py): nodes Person, Place, Organization, Statement, Group, Resource,
// Event, Document, each with a content-derived `id` and a `docs` list (supporting documents).
// Fact relationships are typed by predicate (SAID, SENT, ...) and carry provenance: doc,
// evidence, start, end, confidence, extractor. Structure: MENTIONED_IN (entity -> Document),
// LOCATED_IN (place -> parent place), SENT_TO / DONATED_TO (the fact's Group/Resource -> the
// destination Place or Organization):
//   (src)-[:SENT {doc, evidence, count, date}]->(g:Group)-[:SENT_TO]->(dest:Place)
//
// Read by kg.store.neo4j (package data kg/store/schema.cypher; cypher/schema.cypher links to it).
// Statements end with ';'. Lines starting with // are comments.

// One node per id and label: MERGE looks nodes up through these.
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (n:Statement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT group_id IF NOT EXISTS FOR (n:Group) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT resource_id IF NOT EXISTS FOR (n:Resource) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;

// One relationship per id and type. MERGE (a)-[r:T {id: ...}]->(b) then seeks this index
// instead of scanning every relationship between a and b (many documents repeat a pair).
// The loader adds the same constraint, named rel_<type>_id, for predicates not listed here.
CREATE CONSTRAINT rel_said_id IF NOT EXISTS FOR ()-[r:SAID]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_holds_position_id IF NOT EXISTS FOR ()-[r:HOLDS_POSITION]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_sent_id IF NOT EXISTS FOR ()-[r:SENT]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_donated_id IF NOT EXISTS FOR ()-[r:DONATED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_visited_id IF NOT EXISTS FOR ()-[r:VISITED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_chaired_id IF NOT EXISTS FOR ()-[r:CHAIRED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_attended_id IF NOT EXISTS FOR ()-[r:ATTENDED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_met_id IF NOT EXISTS FOR ()-[r:MET]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_authored_id IF NOT EXISTS FOR ()-[r:AUTHORED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_mentioned_in_id IF NOT EXISTS FOR ()-[r:MENTIONED_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_located_in_id IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_sent_to_id IF NOT EXISTS FOR ()-[r:SENT_TO]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_donated_to_id IF NOT EXISTS FOR ()-[r:DONATED_TO]-() REQUIRE r.id IS UNIQUE;

// Lookups by what users type.
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX place_name IF NOT EXISTS FOR (n:Place) ON (n.name);
CREATE INDEX organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name);
CREATE INDEX event_name IF NOT EXISTS FOR (n:Event) ON (n.name);
CREATE INDEX group_name IF NOT EXISTS FOR (n:Group) ON (n.name);
CREATE INDEX resource_name IF NOT EXISTS FOR (n:Resource) ON (n.name);
CREATE INDEX place_adcode IF NOT EXISTS FOR (n:Place) ON (n.adcode);
CREATE INDEX document_doc IF NOT EXISTS FOR (n:Document) ON (n.doc);

// Retracting a document finds its facts by provenance.
CREATE INDEX said_doc IF NOT EXISTS FOR ()-[r:SAID]-() ON (r.doc);
CREATE INDEX holds_position_doc IF NOT EXISTS FOR ()-[r:HOLDS_POSITION]-() ON (r.doc);
CREATE INDEX sent_doc IF NOT EXISTS FOR ()-[r:SENT]-() ON (r.doc);
CREATE INDEX donated_doc IF NOT EXISTS FOR ()-[r:DONATED]-() ON (r.doc);
CREATE INDEX visited_doc IF NOT EXISTS FOR ()-[r:VISITED]-() ON (r.doc);
CREATE INDEX chaired_doc IF NOT EXISTS FOR ()-[r:CHAIRED]-() ON (r.doc);
CREATE INDEX attended_doc IF NOT EXISTS FOR ()-[r:ATTENDED]-() ON (r.doc);
CREATE INDEX met_doc IF NOT EXISTS FOR ()-[r:MET]-() ON (r.doc);
CREATE INDEX authored_doc IF NOT EXISTS FOR ()-[r:AUTHORED]-() ON (r.doc);
CREATE INDEX mentioned_in_doc IF NOT EXISTS FOR ()-[r:MENTIONED_IN]-() ON (r.doc);
