"""KG_RECORDS.md records built from gold annotation files, for tests and benchmarks.

Gold files list entities and triples without offsets; evidence sentences are cleaned text
(simplified, pinyin dropped). We locate each evidence sentence and each alias in the original
article through a light clean→original character map, so the records carry real original
offsets (``original[start:end] == evidence.text``) whenever the sentence can be found.
"""

from __future__ import annotations

import json
import pathlib
import re
from collections.abc import Iterator
from typing import Any

from kg.graph import normalize_name

# Pinyin glosses inserted after characters in some sources: 發(fā).
_PINYIN = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def clean_with_map(original: str) -> tuple[str, list[int]]:
    """Simplified text without pinyin glosses, and each clean char's original index."""
    chars: list[str] = []
    index: list[int] = []
    skip = {i for m in _PINYIN.finditer(original) for i in range(m.start(), m.end())}
    for i, ch in enumerate(original):
        if i in skip:
            continue
        converted = normalize_name(ch) if ch.strip() else ch
        chars.append(converted[:1] or ch)
        index.append(i)
    return "".join(chars), index


def _span(clean: str, index: list[int], needle: str, start: int = 0) -> tuple[int, int] | None:
    found = clean.find(needle, start)
    if found < 0 or not needle:
        return None
    return index[found], index[found + len(needle) - 1] + 1


def records_from_gold(gold_path: pathlib.Path, original: str) -> Iterator[dict[str, Any]]:
    """document, entity and triple records for one gold file and its original text."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = gold["doc"]
    clean, index = clean_with_map(original)
    yield {"kind": "document", "doc": doc, "title": None, "date": None, "path": f"{doc}.txt",
           "chars": len(original), "script": "simplified", "sha256": ""}
    for ent in gold["entities"]:
        spans = []
        for surface in [ent["name"], *ent.get("aliases", [])]:
            at = 0
            while (span := _span(clean, index, surface, at)) is not None:
                spans.append(span)
                at = clean.find(surface, at) + len(surface)
        mentions = [{"start": s, "end": e} for s, e in sorted(set(spans))]
        yield {"kind": "entity", "doc": doc, "name": ent["name"], "type": ent["type"],
               "aliases": list(ent.get("aliases", [])), "mentions": mentions}
    for triple in gold["triples"]:
        span = _span(clean, index, triple["evidence"])
        start, end = span if span else (None, None)
        text = original[start:end] if span else triple["evidence"]
        yield {
            "kind": "triple",
            "doc": doc,
            "subject": {"name": triple["s"], "type": _subject_type(gold, triple["s"])},
            "predicate": triple["p"],
            "object": {"name": triple["o"], "type": triple["o_type"]},
            "attrs": dict(triple.get("attrs") or {}),
            "evidence": {"text": text, "start": start, "end": end},
            "confidence": 1.0,
            "extractor": "gold",
        }


def _subject_type(gold: dict[str, Any], name: str) -> str:
    for ent in gold["entities"]:
        if ent["name"] == name:
            return str(ent["type"])
    return "Organization"


def gold_records(shared: pathlib.Path, corpus: str = "corpus", gold: str = "gold") -> list[dict]:
    """All records of ``shared/<gold>/*.json`` against ``shared/<corpus>/<doc>.txt``."""
    records: list[dict[str, Any]] = []
    for gold_path in sorted((shared / gold).glob("*.json")):
        text_path = shared / corpus / f"{gold_path.stem}.txt"
        original = text_path.read_text(encoding="utf-8") if text_path.exists() else ""
        records.extend(records_from_gold(gold_path, original))
    return records
