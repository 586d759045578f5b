"""Typed records that flow between the pipeline stages, and the public JSON Lines format.

Two coordinate systems exist while a document is processed:

* *clean* offsets index ``NormalizedText.text`` (simplified, pinyin removed, punctuation
  collapsed); recognizers and extractors work only in these;
* *original* offsets index the decoded source text; only these leave the pipeline, as
  ``../shared/KG_RECORDS.md`` requires (``original[start:end]`` is the surface form).

The pipeline converts clean spans to original spans with ``NormalizedText.to_original``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from kg.calibration import calibrate

PERSON, PLACE, ORGANIZATION = "Person", "Place", "Organization"
ENTITY_TYPES = (PERSON, PLACE, ORGANIZATION)
# Object types that are not named entities: they are whatever the sentence says.
STATEMENT, GROUP, RESOURCE, EVENT, DOCUMENT = "Statement", "Group", "Resource", "Event", "Document"

PREDICATES = (
    "SAID",
    "HOLDS_POSITION",
    "SENT",
    "DONATED",
    "VISITED",
    "CHAIRED",
    "ATTENDED",
    "MET",
    "AUTHORED",
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A recognized entity mention, in clean-text offsets (end exclusive)."""

    start: int
    end: int
    type: str
    text: str
    source: str = ""  # which recognizer proposed it: "crf", "gazetteer", "title", ...
    score: float = 1.0


@dataclass(slots=True)
class Entity:
    """One distinct real-world entity of a document, after resolution."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)  # clean offsets
    props: dict[str, Any] = field(default_factory=dict)  # adcode, level, parent, lat, lon
    # Clean offsets of the words that refer to the entity without naming it: 我国 (中国), the
    # bare 党 (中国共产党). News NER corpora mark names only, as ACE tells named from nominal
    # and pronominal mentions; the record keeps both, apart.
    references: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention linked to its entity's canonical name (clean offsets)."""

    start: int
    end: int
    type: str
    name: str  # canonical entity name
    surface: str  # the clean text of the mention


@dataclass(frozen=True, slots=True)
class NodeRef:
    name: str
    type: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "type": self.type}


@dataclass(frozen=True, slots=True)
class Fact:
    """A triple found by an extractor; ``evidence`` is a (start, end) clean-text span."""

    subject: NodeRef
    predicate: str
    object: NodeRef
    attrs: Mapping[str, Any]
    evidence: tuple[int, int]
    confidence: float
    extractor: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the clean text with the resolved mentions inside it (doc offsets)."""

    start: int
    end: int
    text: str
    mentions: tuple[ResolvedMention, ...] = ()


def dumps(record: Mapping[str, Any]) -> str:
    """One JSON Lines row; Chinese stays readable."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def document_record(
    *,
    doc: str,
    path: str,
    chars: int,
    script: str,
    sha256: str,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    rec: dict[str, Any] = {"kind": "document", "doc": doc, "title": title, "date": date}
    rec.update(source=source, path=path, chars=chars, script=script, sha256=sha256)
    rec.update(extra)
    return rec


def entity_record(
    doc: str,
    entity: Entity,
    mentions: list[tuple[int, int]],
    references: Sequence[tuple[int, int]] = (),
) -> dict[str, Any]:
    """``mentions`` (where the entity is named) and ``references`` (where a word such as 我国
    refers to it without naming it) are original-text offsets; ``references`` is written only
    when there are some."""
    rec: dict[str, Any] = {
        "kind": "entity",
        "doc": doc,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "mentions": [{"start": s, "end": e} for s, e in mentions],
    }
    if references:
        rec["references"] = [{"start": s, "end": e} for s, e in references]
    rec.update({k: v for k, v in entity.props.items() if v is not None})
    return rec


def triple_record(
    doc: str, fact: Fact, evidence_text: str, evidence: tuple[int, int]
) -> dict[str, Any]:
    """``evidence`` is the original-text span of the sentence, ``evidence_text`` its text."""
    return {
        "kind": "triple",
        "doc": doc,
        "subject": fact.subject.to_dict(),
        "predicate": fact.predicate,
        "object": fact.object.to_dict(),
        "attrs": dict(fact.attrs),
        "evidence": {"text": evidence_text, "start": evidence[0], "end": evidence[1]},
        # calibrated (kg.calibration): the share of such facts that are correct on gold
        "confidence": calibrate(fact.extractor, fact.confidence),
        "raw_confidence": round(float(fact.confidence), 3),
        "extractor": fact.extractor,
    }


@dataclass(frozen=True, slots=True)
class DocContext:
    """What an extractor may know about the document a sentence comes from."""

    doc_id: str
    text: str  # the clean text
    date: str | None  # ISO publication date, the reference for relative dates
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    # The year of dates written without one (2月14日): the publication date's, else the
    # year the user gave (``kg extract --year``); None when neither is known.
    year: int | None = None


def read_records(source: Path | str | TextIO) -> list[dict[str, Any]]:
    """Read JSON Lines records from a path or an open file (see ``iter_read_records``)."""
    return list(iter_read_records(source))


def iter_read_records(
    source: Path | str | TextIO,
    *,
    on_error: Callable[[ValueError], None] | None = None,
    required: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    """Stream JSON Lines records from a path or an open file, one line at a time.

    A bad line (not JSON, not an object) raises ``ValueError`` naming its line number, or,
    with ``on_error``, is handed to it and skipped, so one broken line does not cost the rest
    of the file; blank lines are skipped. An object lacking one of the ``required`` fields is
    a bad line too. Bytes that are not UTF-8 end the file either way (what follows cannot be
    trusted to be lines).
    """
    if hasattr(source, "read"):
        yield from _parse_lines(source, on_error, required)  # type: ignore[arg-type]
        return
    with Path(source).open(encoding="utf-8") as handle:
        yield from _parse_lines(handle, on_error, required)


def _parse_lines(
    lines: Iterable[str],
    on_error: Callable[[ValueError], None] | None = None,
    required: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    number = 0
    try:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                error = ValueError(f"line {number}: not JSON ({exc.msg} at column {exc.colno})")
                if on_error is None:
                    raise error from exc
                on_error(error)
                continue
            if not isinstance(record, dict) or any(k not in record for k in required):
                error = ValueError(f"line {number}: a record must be a JSON object" if not
                                   isinstance(record, dict) else f"line {number}: not a KG "
                                   f"record (needs {' and '.join(map(repr, required))})")
                if on_error is None:
                    raise error
                on_error(error)
                continue
            yield record
    except UnicodeDecodeError as exc:
        raise ValueError(f"line {number + 1}: not UTF-8 ({exc.reason})") from exc
