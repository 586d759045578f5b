"""The knowledge-graph model: JSON Lines records in, one networkx ``MultiDiGraph`` out.

Nodes carry a ``label`` (``Person``, ``Place``, ``Organization``, ``Statement``, ``Group``,
``Resource``, ``Event``, ``Document``, ``Evidence``), a stable ``id`` (sha1 of the node's key) and
``doc_count``: how many documents support the node (a count, never the list: properties stay
bounded as the corpus grows; ``MENTIONED_IN`` names the documents). Relationships are keyed by
their own stable ``id`` and carry a ``type``:

* one relationship per **fact**, typed by its predicate (``SAID``, ``SENT``, ...), however many
  documents report it (``kg.provenance`` defines "the same fact" and its merged properties:
  ``source_count``, ``first_reported``/``last_reported``, ``first_seen``/``last_seen``, combined
  ``confidence``, and the earliest report's ``doc``/``evidence``/``start``/``end``). Every report
  is an ``Evidence`` node (``fact`` = the relationship id) with ``FROM_DOCUMENT`` to its
  Document, so retracting a document removes only its reports and a fact goes with its last;
* ``MENTIONED_IN`` entity → Document, with the mention offsets as ``starts``/``ends`` lists;
* ``LOCATED_IN`` place → parent place, from the adcode hierarchy (county → city → province) or
  the entity record's ``parent``;
* ``SENT_TO`` / ``DONATED_TO`` from a fact's own ``Group``/``Resource`` node to the destination
  ``to`` when it names a known place or organization. n-ary facts therefore stay one pattern:
  ``(src)-[:SENT]->(g:Group)-[:SENT_TO]->(:Place {name: '湖北省'})``;
* ``COPY_OF`` reprint Document → original Document (``kg.reprints``): a reprint's records are
  kept in the store, and only the reports its original lacks (an edited quote) count; the
  original carries ``copy_count``.

Resolution across documents: places by adcode (from the record, or the unique administrative
name of that adcode), otherwise by canonical name; people and organizations by canonical name,
with a name that is elsewhere only an alias of exactly one canonical entity merged into it.
``Statement`` nodes are per speaker and near-identical text; ``Group``, ``Resource`` nodes are
per fact content (sender + group + destination + count + date) because "the 医疗队" only means
something within one sending; ``Event`` nodes are (name, date), or (name, document) when undated.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.compact_records import COMPACTED_KINDS, compact_record, record_spans
from kg.graph_schema import (
    COPY_OF,
    DESTINATION_TYPES,
    ENTITY_LABELS,
    LOCATED_IN,
    MENTIONED_IN,
    NODE_LABELS,
    REL_TYPE_PATTERN,
    STRUCTURAL_TYPES,
)
from kg.keys import (
    adcode_level,
    adcode_table,
    normalize_adcode,
    normalize_name,
    parent_adcode,
    scalar_property,
    stable_id,
)
from kg.provenance import (
    EVIDENCE,
    FROM_DOCUMENT,
    PROVENANCE_KEYS,
    FactTable,
    StatementClusters,
    evidence_id,
    evidence_properties,
    report_key,
)
from kg.records import (
    DOCUMENT,
    EVENT,
    GROUP,
    ORGANIZATION,
    PLACE,
    RESOURCE,
    STATEMENT,
)
from kg.reprints import canonical_text, document_order, fold_reprints, reports_only_in_copies

__all__ = [
    "NODE_LABELS", "PROVENANCE_KEYS", "REL_TYPE_PATTERN", "STRUCTURAL_TYPES", "GraphBuilder",
    "adcode_level", "build_graph", "counts", "merge_report", "normalize_adcode",
    "normalize_name", "parent_adcode", "reprint_count", "stable_id",
]

# Fingerprint fields of a document record that are for reprint detection, not for the graph.
_DOCUMENT_SKIP = frozenset({"kind", "doc", "minhash"})
# Node attributes the builder owns: a document record's extra field of the same name is kept
# as ``field_<name>`` (KG_RECORDS.md allows extra fields; they must not relabel or break nodes).
RESERVED_NODE_KEYS = frozenset(
    {"id", "label", "docs", "doc_count", "name", "aliases", "copy_of", "copy_count",
     "_names", "_pending"}
)


# ---------------------------------------------------------------- report
@dataclass
class MergeReport:
    """How many entity records and mention spans collapsed into how many nodes."""

    entity_records: Counter[str] = field(default_factory=Counter)
    mentions: Counter[str] = field(default_factory=Counter)
    nodes: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    def rows(self) -> list[dict[str, Any]]:
        labels = sorted(set(self.entity_records) | set(self.nodes))
        return [
            {
                "label": label,
                "entity_records": self.entity_records[label],
                "mentions": self.mentions[label],
                "nodes": self.nodes[label],
            }
            for label in labels
        ]


# ---------------------------------------------------------------- builder
_KINDS = ("document", "entity", "triple")  # what the graph is built from; other kinds are not


class GraphBuilder:
    """Builds the graph from all records at once (resolution needs every document's names)."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()
        self.report = MergeReport()
        self._canonical: defaultdict[str, set[str]] = defaultdict(set)
        self._alias_targets: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        self._place_codes: defaultdict[str, set[str]] = defaultdict(set)
        self._doc_names: dict[tuple[str, str, str], str] = {}  # (doc, type, name|alias) → node
        self._doc_dates: dict[str, str | None] = {}
        self._doc_rank: dict[str, int] = {}  # earliest document first: the fact's first report
        self._statements = StatementClusters()
        self._facts = FactTable()
        self.copies: dict[str, str] = {}  # reprint → original

    def build(self, records: Iterable[Mapping[str, Any]]) -> nx.MultiDiGraph:
        # Each kind's records are let go as soon as they are in the graph, so the peak is the
        # graph plus the records of one kind, not plus all of them.
        by_kind: dict[str, list[Mapping[str, Any]]] = {k: [] for k in _KINDS}
        for rec in records:
            kind = str(rec.get("kind"))
            if kind in by_kind:
                by_kind[kind].append(compact_record(rec) if kind in COMPACTED_KINDS else rec)
        documents = sorted(by_kind.pop("document"), key=lambda r: document_order(dict(r)))
        self.copies = fold_reprints(dict(r) for r in documents)
        for rank, rec in enumerate(documents):
            self._doc_rank[str(rec["doc"])] = rank
            self._doc_dates[str(rec["doc"])] = rec.get("date") or None
            self._document(rec)
        del documents
        # What an edited copy adds (a changed quote) stays, with the entities it names that its
        # original lacks; the rest of a copy is its original's, counted once.
        added = reports_only_in_copies(by_kind["triple"], self.copies, report_key)
        named = {(str(r["doc"]), str(side["type"]), normalize_name(str(side["name"])))
                 for r in added for side in (r["subject"], r["object"])}
        entities = [r for r in by_kind.pop("entity") if str(r["doc"]) not in self.copies
                    or (str(r["doc"]), str(r["type"]), normalize_name(str(r["name"]))) in named]
        entities.sort(key=lambda r: (str(r["doc"]), str(r["name"])))
        self._index(entities)
        for rec in entities:
            self._entity(rec)
        del entities
        triples = [r for r in by_kind.pop("triple") if str(r["doc"]) not in self.copies]
        triples += added
        triples.sort(key=self._triple_order)
        for rec in triples:
            self._triple(rec)
        del triples
        self._emit_facts()
        self._hierarchy()
        self._finish()
        return self.graph

    def _triple_order(self, rec: Mapping[str, Any]) -> tuple[int, str, int, str]:
        """Earliest document first, so a merged fact's first source is its first report."""
        doc, evidence = str(rec["doc"]), rec.get("evidence") or {}
        rank = self._doc_rank.get(doc, len(self._doc_rank))
        return (rank, doc, int(evidence.get("start") or 0), json.dumps(rec, sort_keys=True))

    # -- resolution
    def _index(self, entities: list[Mapping[str, Any]]) -> None:
        for rec in entities:
            etype, name = str(rec["type"]), normalize_name(rec["name"])
            self._canonical[etype].add(name)
            for alias in rec.get("aliases") or ():
                self._alias_targets[(etype, normalize_name(alias))].add(name)
            code = normalize_adcode(rec.get("adcode"))
            if etype == PLACE and code:
                self._place_codes[name].add(code)

    def canonical_name(self, etype: str, name: str) -> str:
        """The fullest name this name stands for across all documents.

        A name that some document lists as an alias of exactly one other canonical name is
        merged into it (湖北 → 湖北省, 习近平总书记 → 习近平), even if another document used it
        as its canonical name. Short or shared aliases (省委, 琼) are ambiguous and stay apart.
        """
        name = normalize_name(name)
        seen = {name}
        while True:
            targets = self._alias_targets.get((etype, name), set()) - {name}
            if len(targets) != 1 or len(name) < 2:
                return name
            target = next(iter(targets))
            # Two names listing each other: settle on the fuller one, so they cannot swap.
            mutual = name in self._alias_targets.get((etype, target), set())
            if target in seen or (mutual and (len(target), target) < (len(name), name)):
                return name
            seen.add(target)
            name = target

    def place_code(self, name: str, adcode: object = None) -> str | None:
        code = normalize_adcode(adcode)
        if code:
            return code
        codes = self._place_codes.get(name, set())
        if len(codes) == 1:
            return next(iter(codes))
        return None if codes else adcode_table()[1].get(name)

    def entity_node_id(self, etype: str, name: str, adcode: object = None) -> str:
        name = self.canonical_name(etype, name)
        code = self.place_code(name, adcode) if etype == PLACE else None
        return stable_id(PLACE, "adcode", code) if code else stable_id(etype, "name", name)

    def _lookup(self, doc: str, etype: str, name: str) -> str:
        found = self._doc_names.get((doc, etype, normalize_name(name)))
        return found or self._ensure_entity(etype, name, doc)

    # -- nodes
    def _node(
        self, node_id: str, label: str, support: str | None, **props: Any
    ) -> dict[str, Any]:
        """The node (created with ``props`` if new), supported by document ``support``."""
        if node_id not in self.graph:
            self.graph.add_node(node_id, id=node_id, label=label, docs=set(), **props)
        data = self.graph.nodes[node_id]
        if support is not None:
            data["docs"].add(support)
        return data

    def _document(self, rec: Mapping[str, Any]) -> None:
        doc = str(rec["doc"])
        props = {(f"field_{k}" if k in RESERVED_NODE_KEYS else k): scalar_property(v)
                 for k, v in rec.items() if k not in _DOCUMENT_SKIP and v is not None}
        node_id = self._document_node(doc)
        self.graph.nodes[node_id].update(props)
        original = self.copies.get(doc)
        if original is not None:
            self.graph.nodes[node_id]["copy_of"] = original
            target = self._document_node(original)
            rel_id = stable_id(COPY_OF, node_id, target)
            self.graph.add_edge(node_id, target, key=rel_id, id=rel_id, type=COPY_OF)
            data = self.graph.nodes[target]
            data["copy_count"] = data.get("copy_count", 0) + 1

    def _document_node(self, doc: str) -> str:
        node_id = stable_id(DOCUMENT, doc)
        self._node(node_id, DOCUMENT, doc, name=doc, doc=doc)
        return node_id

    def _ensure_entity(
        self, etype: str, name: str, doc: str | None, adcode: object = None
    ) -> str:
        node_id = self.entity_node_id(etype, name, adcode)
        canonical = self.canonical_name(etype, name)
        data = self._node(node_id, etype, doc, name=canonical, aliases=set(), _names=Counter())
        data["_names"][canonical] += 1
        if etype == PLACE and "adcode" not in data:
            code = self.place_code(canonical, adcode)
            if code:
                data["adcode"], data["level"] = code, adcode_level(code)
        return node_id

    def _entity(self, rec: Mapping[str, Any]) -> None:
        if rec["type"] not in ENTITY_LABELS:
            self.report.skipped[f"entity:{rec['type']}"] += 1
            return
        doc, etype = str(rec["doc"]), str(rec["type"])
        node_id = self._ensure_entity(etype, rec["name"], doc, rec.get("adcode"))
        data = self.graph.nodes[node_id]
        for alias in [rec["name"], *(rec.get("aliases") or ())]:
            data["aliases"].add(normalize_name(alias))
            self._doc_names[(doc, etype, normalize_name(alias))] = node_id
        for key in ("level", "parent", "lat", "lon"):
            if rec.get(key) is not None and key not in data:
                data[key] = scalar_property(rec[key])
        mentions = record_spans(rec)
        self.report.entity_records[etype] += 1
        self.report.mentions[etype] += len(mentions)
        rel_id = stable_id(MENTIONED_IN, node_id, doc)
        doc_node = self._document_node(doc)
        edges = self.graph.get_edge_data(node_id, doc_node, key=rel_id)
        spans = set(mentions)
        if edges:
            spans |= set(zip(edges["starts"], edges["ends"], strict=True))
        ordered = sorted(spans)
        self.graph.add_edge(
            node_id, doc_node, key=rel_id, id=rel_id, type=MENTIONED_IN, doc=doc,
            starts=[s for s, _ in ordered], ends=[e for _, e in ordered], count=len(ordered),
        )

    def _object(self, rec: Mapping[str, Any], subject_id: str) -> str | None:
        doc, obj = str(rec["doc"]), rec["object"]
        otype, name, attrs = str(obj["type"]), str(obj["name"]), rec.get("attrs") or {}
        if otype in ENTITY_LABELS:
            return self._lookup(doc, otype, name)
        if otype == DOCUMENT:
            return self._document_node(name)
        pred, to, date = rec["predicate"], attrs.get("to"), attrs.get("date")
        if otype == STATEMENT:
            name = self._statements.representative(subject_id, date, name)
            # keyed by the canonical text: rewordings that differ only in punctuation and
            # spacing keep the node's id when the earliest one is retracted
            key: tuple[Any, ...] = (subject_id, canonical_text(name) or name)
            extra = {"text": name}
        elif otype == GROUP:
            key = (subject_id, pred, name, to, attrs.get("count"), date)
            extra = {k: attrs.get(k) for k in ("to", "count", "date") if attrs.get(k)}
        elif otype == RESOURCE:
            key = (subject_id, pred, name, to, attrs.get("quantity"), date)
            extra = {k: attrs.get(k) for k in ("to", "quantity", "date") if attrs.get(k)}
        elif otype == EVENT:
            key = (name, "date", date) if date else (name, "doc", doc)
            extra = {"date": date} if date else {}
        else:
            return None
        node_id = stable_id(otype, *key)
        props = {k: scalar_property(v) for k, v in extra.items()}
        self._node(node_id, otype, doc, name=name, **props)
        return node_id

    def _triple(self, rec: Mapping[str, Any]) -> None:
        """Collect one report of a fact; the fact's relationship is written by _emit_facts."""
        pred, subj = str(rec["predicate"]), rec["subject"]
        if not REL_TYPE_PATTERN.match(pred) or pred in STRUCTURAL_TYPES:
            self.report.skipped[f"predicate:{pred}"] += 1
            return
        doc = str(rec["doc"])
        if subj["type"] in ENTITY_LABELS:
            subject_id = self._lookup(doc, str(subj["type"]), str(subj["name"]))
        else:
            self.report.skipped[f"subject:{subj['type']}"] += 1
            return
        object_id = self._object(rec, subject_id)
        if object_id is None:
            self.report.skipped[f"object:{rec['object']['type']}"] += 1
            return
        self.graph.nodes[subject_id]["docs"].add(doc)
        reported = self._doc_dates.get(doc)
        self._facts.add(pred, subject_id, object_id, rec, reported, self._triple_order(rec))
        self._destination(rec, object_id, doc)

    def _emit_facts(self) -> None:
        """One relationship per fact, one Evidence node (→ its Document) per report."""
        for fact in self._facts.facts():
            self.graph.add_edge(fact.subject, fact.object, key=fact.id, id=fact.id,
                                type=fact.predicate, **fact.properties())
            for src in fact.sources:
                ev_id = evidence_id(fact.id, src)
                self._node(ev_id, EVIDENCE, src.doc, name=src.doc,
                           **evidence_properties(fact.id, src))
                doc_node = self._document_node(src.doc)
                rel_id = stable_id(FROM_DOCUMENT, ev_id, doc_node)
                self.graph.add_edge(ev_id, doc_node, key=rel_id, id=rel_id, type=FROM_DOCUMENT)

    def _destination(self, rec: Mapping[str, Any], object_id: str, doc: str) -> None:
        rel_type = DESTINATION_TYPES.get(str(rec["predicate"]))
        target = (rec.get("attrs") or {}).get("to")
        label = self.graph.nodes[object_id]["label"]
        if not rel_type or not isinstance(target, str) or label in ENTITY_LABELS:
            return
        dest = self._resolve_destination(doc, target)
        if dest is None:
            return
        self._link(object_id, dest, rel_type, doc)

    def _resolve_destination(self, doc: str, name: str) -> str | None:
        """A destination is a known place/organization, or a unique administrative name."""
        norm = normalize_name(name)
        for etype in (PLACE, ORGANIZATION):
            found = self._doc_names.get((doc, etype, norm))
            if found:
                return found
        for etype in (PLACE, ORGANIZATION):
            if self.canonical_name(etype, norm) in self._canonical[etype]:
                return self._ensure_entity(etype, norm, doc)
        if norm in adcode_table()[1]:
            return self._ensure_entity(PLACE, norm, doc)
        return None

    def _link(self, src: str, dst: str, rel_type: str, doc: str, **props: Any) -> None:
        rel_id = stable_id(rel_type, src, dst)
        if not self.graph.has_edge(src, dst, key=rel_id):
            self.graph.add_edge(src, dst, key=rel_id, id=rel_id, type=rel_type, docs=set(), **props)
        self.graph.edges[src, dst, rel_id]["docs"].add(doc)

    def _hierarchy(self) -> None:
        """LOCATED_IN edges up to the province; parents get the docs of their descendants."""
        pending = [n for n, d in self.graph.nodes(data=True) if d["label"] == PLACE]
        linked: list[tuple[str, str]] = []
        while pending:
            node_id = pending.pop()
            parent_id = self._parent_place(node_id)
            if parent_id is None or parent_id == node_id:
                continue
            if self.graph.nodes[parent_id].get("_pending", True):
                pending.append(parent_id)  # a parent created here needs its own parent
            self.graph.nodes[parent_id]["_pending"] = False
            rel_id = stable_id(LOCATED_IN, node_id, parent_id)
            if not self.graph.has_edge(node_id, parent_id, key=rel_id):
                self.graph.add_edge(node_id, parent_id, key=rel_id, id=rel_id, type=LOCATED_IN,
                                    docs=set())
                linked.append((node_id, rel_id))
        for node_id in self.graph.nodes:
            self.graph.nodes[node_id].pop("_pending", None)
        for node_id, _ in linked:
            self._propagate_docs(node_id, set(self.graph.nodes[node_id]["docs"]), set())

    def _parent_place(self, node_id: str) -> str | None:
        data = self.graph.nodes[node_id]
        code = data.get("adcode")
        if code:
            parent_code = parent_adcode(code)
            if parent_code is None:
                return None
            parent_id = stable_id(PLACE, "adcode", parent_code)
            if parent_id not in self.graph:
                name, lon, lat = adcode_table()[0].get(parent_code, (parent_code, None, None))
                self._node(parent_id, PLACE, None, name=name, aliases=set(),
                           _names=Counter({name: 1}), adcode=parent_code,
                           level=adcode_level(parent_code), lon=lon, lat=lat)
            return parent_id
        if not data.get("parent"):
            return None
        parent = str(data["parent"])
        pcode = normalize_adcode(parent)
        if pcode:
            parent_id = stable_id(PLACE, "adcode", pcode)
        else:
            parent_id = self.entity_node_id(PLACE, parent)
        if parent_id not in self.graph:
            parent_id = self._ensure_entity(PLACE, parent, None, pcode)
        return parent_id

    def _propagate_docs(self, node_id: str, docs: set[str], seen: set[str]) -> None:
        """Every LOCATED_IN ancestor (and edge on the way) is supported by ``docs`` too."""
        seen.add(node_id)
        for _, parent_id, key, rel in self.graph.out_edges(node_id, keys=True, data="type"):
            if rel == LOCATED_IN and parent_id not in seen:
                self.graph.edges[node_id, parent_id, key]["docs"] |= docs
                self.graph.nodes[parent_id]["docs"] |= docs
                self._propagate_docs(parent_id, docs, seen)

    def _finish(self) -> None:
        """Sets become counts (bounded properties); entity names settle on the majority."""
        for _, data in self.graph.nodes(data=True):
            names: Counter[str] | None = data.pop("_names", None)
            if names and data["label"] == PLACE and "adcode" in data:
                data["name"] = min(names, key=lambda n: (-names[n], -len(n), n))
            if "aliases" in data:
                data["aliases"] = sorted(set(data["aliases"]) - {data["name"]})
            docs = data.pop("docs")
            if data["label"] not in (DOCUMENT, EVIDENCE):
                data["doc_count"] = len(docs)
            for key in [k for k, v in data.items() if v is None]:
                del data[key]
            if data["label"] in ENTITY_LABELS:
                self.report.nodes[data["label"]] += 1
        for _, _, data in self.graph.edges(data=True):
            if isinstance(data.get("docs"), set):
                data["doc_count"] = len(data.pop("docs"))


def build_graph(records: Iterable[Mapping[str, Any]]) -> nx.MultiDiGraph:
    """The graph of ``records``; its merge report is in ``graph.graph['merge_report']`` and the
    number of folded reprints in ``graph.graph['reprints']``."""
    from kg.graph_props import add_derived_properties

    builder = GraphBuilder()
    graph = builder.build(records)
    graph.graph["merge_report"] = builder.report.rows()
    graph.graph["reprints"] = len(builder.copies)
    add_derived_properties(graph)  # the one hook: effective dates, provinces, scopes, ranks
    return graph


def reprint_count(graph: nx.MultiDiGraph) -> int:
    """How many documents of the graph were folded into an earlier copy of the same text."""
    return int(graph.graph.get("reprints", 0))


def merge_report(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Rows ``{label, entity_records, mentions, nodes}`` recorded when the graph was built."""
    return list(graph.graph.get("merge_report", []))


def counts(graph: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Node counts by label and relationship counts by type, sorted by name."""
    labels = Counter(d["label"] for _, d in graph.nodes(data=True))
    types = Counter(t for _, _, t in graph.edges(data="type"))
    return {"labels": dict(sorted(labels.items())), "types": dict(sorted(types.items()))}
