"""One fact, many sources: what makes two extracted triples the same fact, and how they merge.

Two triples state **the same fact** when they have the same predicate, the same resolved subject
and object nodes (``kg.graph`` resolves names across documents first) and the same identity
attributes (:func:`identity_attrs`): every attribute except the descriptive ones
(:data:`DESCRIPTIVE_ATTRS`: *how* it was reported, e.g. direct or indirect speech), including
the fact's ``date`` — the same date or both undated. Posts (:data:`POST_PREDICATES`) are the
exception: a (person, title, body) is one fact whatever the date, and its dates become
``first_seen``/``last_seen``. Statements are the same when their texts are near-identical
(:class:`StatementClusters`).

A merged fact is **one relationship** whose properties stay bounded however many documents
report it (:func:`fact_properties`): the representative source's provenance (``doc``,
``evidence``, ``start``, ``end``, ``extractor``: the earliest report), ``source_count``
(distinct documents), ``evidence_count``, ``first_reported``/``last_reported`` (document dates),
``first_seen``/``last_seen`` (the fact's own date where it has one, else the document's) and the
combined ``confidence`` (:func:`combine_confidence`). Every source is an ``Evidence`` node keyed
by the fact id (``fact``) and linked to its ``Document`` by ``FROM_DOCUMENT``::

    MATCH (p:Person)-[r:SAID]->(s:Statement)
    MATCH (e:Evidence {fact: r.id})-[:FROM_DOCUMENT]->(d:Document)
    RETURN p.name, s.text, r.source_count, d.doc, e.text

Retracting a document removes its Evidence; a fact disappears with its last one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.keys import normalize_name, scalar_property, stable_id
from kg.reprints import NearDuplicateIndex, canonical_text, shingles, signature

EVIDENCE = "Evidence"
FROM_DOCUMENT = "FROM_DOCUMENT"
DESCRIPTIVE_ATTRS = frozenset({"mode", "batch"})  # how it was told: 第二批 names no other fact
POST_PREDICATES = frozenset({"HOLDS_POSITION"})
COMBINED_CEILING = 0.99
# Character bigrams of the canonical text (kg.reprints.canonical_text), exact Jaccard ≥ 0.7
# (MinHash/LSH only proposes candidates): "将全力支持湖北抗击疫情" and "…湖北省…" are one
# statement (0.73); "产量将增长百分之五" and "…下降…" are not (0.63). A long statement with one
# word changed stays above the threshold: near-identical means near-identical text.
STATEMENT_SHINGLE = 2
STATEMENT_THRESHOLD = 0.7
AGGREGATE_KEYS = (
    "source_count",
    "evidence_count",
    "first_reported",
    "last_reported",
    "first_seen",
    "last_seen",
)
PROVENANCE_KEYS = ("doc", "evidence", "start", "end", "confidence", "extractor")
RESERVED_KEYS = frozenset({*PROVENANCE_KEYS, *AGGREGATE_KEYS, "id", "type"})


def identity_attrs(predicate: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes that tell one fact from another (names normalized)."""
    out = {}
    for key, value in attrs.items():
        if key in DESCRIPTIVE_ATTRS or value in (None, "", []):
            continue
        if key == "date" and predicate in POST_PREDICATES:
            continue
        out[key] = normalize_name(value) if isinstance(value, str) and key != "date" else value
    return out


def fact_id(predicate: str, subject_id: str, object_id: str, key_attrs: Mapping[str, Any]) -> str:
    return stable_id(
        predicate, subject_id, object_id, json.dumps(key_attrs, ensure_ascii=False, sort_keys=True)
    )


def combine_confidence(per_document: Iterable[float]) -> float:
    """Noisy-OR over documents: the fact is wrong only if every independent report is wrong.

    ``1 − Π(1 − c_d)``, with ``c_d`` the best (calibrated) confidence of document ``d``, but
    never above :data:`COMBINED_CEILING` unless one report alone says more: reports of one event
    are not fully independent (one extractor rule misreading the same wording in every outlet),
    so many sources make a fact very likely, not certain. Reprints are folded before this and
    several sentences of one document count once, so one article cannot vouch for itself.
    """
    values = [min(max(float(c), 0.0), 1.0) for c in per_document]
    if not values:
        return 0.0
    noisy_or = 1.0 - math.prod(1.0 - c for c in values)
    return round(max(max(values), min(COMBINED_CEILING, noisy_or)), 3)


@dataclass(frozen=True, slots=True)
class Source:
    """One report of a fact: a document's evidence sentence."""

    doc: str
    evidence: str | None
    start: int | None
    end: int | None
    confidence: float | None
    extractor: str | None
    reported: str | None  # the document's date
    seen: str | None  # the fact's own date, else the document's
    order: tuple[Any, ...]  # earliest report first
    descriptive: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Fact:
    """All the reports of one fact, and the relationship they make."""

    id: str
    predicate: str
    subject: str
    object: str
    key_attrs: dict[str, Any]
    sources: list[Source] = field(default_factory=list)

    def properties(self) -> dict[str, Any]:
        props = {
            (f"attr_{k}" if k in RESERVED_KEYS else k): scalar_property(v)
            for k, v in self.key_attrs.items()
        }
        props.update(fact_properties(self.sources))
        return props


class FactTable:
    """Triple records grouped into facts by (predicate, subject, object, identity attrs)."""

    def __init__(self) -> None:
        self._facts: dict[str, Fact] = {}

    def add(
        self,
        predicate: str,
        subject_id: str,
        object_id: str,
        rec: Mapping[str, Any],
        reported: str | None,
        order: tuple[Any, ...],
    ) -> str:
        """Record one report (a triple record of a document dated ``reported``)."""
        attrs = dict(rec.get("attrs") or {})
        key_attrs = identity_attrs(predicate, attrs)
        fid = fact_id(predicate, subject_id, object_id, key_attrs)
        evidence = rec.get("evidence") or {}
        own_date = attrs.get("date") if isinstance(attrs.get("date"), str) else None
        descriptive = {
            k: scalar_property(v)
            for k, v in attrs.items()
            if k not in key_attrs
            and v is not None
            and not (k == "date" and predicate in POST_PREDICATES)
        }
        source = Source(
            doc=str(rec["doc"]),
            evidence=evidence.get("text"),
            start=evidence.get("start"),
            end=evidence.get("end"),
            confidence=rec.get("confidence"),
            extractor=rec.get("extractor"),
            reported=reported,
            seen=own_date or reported,
            order=order,
            descriptive=descriptive,
        )
        fact = self._facts.setdefault(fid, Fact(fid, predicate, subject_id, object_id, key_attrs))
        fact.sources.append(source)
        return fid

    def facts(self) -> Iterable[Fact]:
        return self._facts.values()


def evidence_id(fid: str, src: Source) -> str:
    return stable_id(EVIDENCE, fid, src.doc, src.start, src.end)


def evidence_properties(fid: str, src: Source) -> dict[str, Any]:
    props = {
        "fact": fid,
        "doc": src.doc,
        "text": src.evidence,
        "start": src.start,
        "end": src.end,
        "confidence": src.confidence,
        "extractor": src.extractor,
        "reported": src.reported,
        "seen": src.seen,
    }
    return {k: v for k, v in props.items() if v is not None}


def _bounds(values: Iterable[str | None]) -> tuple[str | None, str | None]:
    known = sorted(v for v in values if v)
    return (known[0], known[-1]) if known else (None, None)


def fact_properties(sources: list[Source]) -> dict[str, Any]:
    """Provenance and aggregate properties of one merged fact (bounded in the source count)."""
    ordered = sorted(sources, key=lambda s: s.order)
    first = ordered[0]
    best: dict[str, float] = {}
    for src in ordered:
        if src.confidence is not None:
            best[src.doc] = max(best.get(src.doc, 0.0), float(src.confidence))
    first_reported, last_reported = _bounds(s.reported for s in ordered)
    first_seen, last_seen = _bounds(s.seen for s in ordered)
    props: dict[str, Any] = {
        **{(f"attr_{k}" if k in RESERVED_KEYS else k): v for k, v in first.descriptive.items()},
        "doc": first.doc,
        "evidence": first.evidence,
        "start": first.start,
        "end": first.end,
        "extractor": first.extractor,
        "confidence": combine_confidence(best.values()) if best else None,
        "source_count": len({s.doc for s in ordered}),
        "evidence_count": len(ordered),
        "first_reported": first_reported,
        "last_reported": last_reported,
        "first_seen": first_seen,
        "last_seen": last_seen,
    }
    return {k: v for k, v in props.items() if v is not None}


@dataclass
class _Cluster:
    exact: dict[str, str] = field(default_factory=dict)  # canonical text → representative
    shingles: dict[str, set[str]] = field(default_factory=dict)  # representative → shingles
    unsigned: list[str] = field(default_factory=list)  # representatives not yet in the index
    index: NearDuplicateIndex = field(default_factory=NearDuplicateIndex)


class StatementClusters:
    """Near-identical statements of one speaker (and one date, or both undated) share a node.

    The representative text is the first one seen; callers feed statements earliest report
    first, so a statement's node is named by its earliest wording. Signatures are computed only
    for speakers with more than one distinct statement on a date, which is the rare case.
    """

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str | None], _Cluster] = {}

    def representative(self, speaker: str, date: str | None, text: str) -> str:
        group = self._groups.setdefault((speaker, date), _Cluster())
        canon = canonical_text(text) or text
        if canon in group.exact:
            return group.exact[canon]
        grams = shingles(canon, STATEMENT_SHINGLE)
        rep = text
        if group.exact:
            for other in group.unsigned:
                group.index.add(other, signature(canonical_text(other), STATEMENT_SHINGLE))
            group.unsigned.clear()
            sig = signature(canon, STATEMENT_SHINGLE)
            best = STATEMENT_THRESHOLD
            for key in group.index.candidates(sig):
                known = group.shingles[str(key)]
                score = len(grams & known) / len(grams | known) if grams or known else 0.0
                if score >= best:
                    rep, best = str(key), score
            if rep == text:
                group.index.add(rep, sig)
        else:
            group.unsigned.append(rep)
        if rep == text:
            group.shingles[rep] = grams
        group.exact[canon] = rep
        return rep


def report_key(rec: Mapping[str, Any]) -> tuple[str, ...]:
    """What makes two triple records one report: predicate, subject, object (a statement by its
    canonical text) and identity attributes."""
    pred, subj, obj = str(rec["predicate"]), rec["subject"], rec["object"]
    name = str(obj["name"])
    attrs = identity_attrs(pred, dict(rec.get("attrs") or {}))
    return (pred, str(subj["type"]), normalize_name(str(subj["name"])), str(obj["type"]),
            canonical_text(name) or normalize_name(name), json.dumps(attrs, sort_keys=True,
                                                                     default=str))
