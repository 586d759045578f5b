"""What the graph builder keeps of each record while it resolves a corpus (``kg.graph``).

The builder holds every record until resolution is done, so what it keeps of each is what
bounds ``kg stats``/``kg ask`` memory on a large store: entity records (the bulk) keep only
the fields the graph reads, their mention spans as int pairs, and their repeated strings
(document ids, names, types) interned; a document's min-hash signature becomes a packed
array. The graph built is the same.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Mapping, Sequence
from typing import Any

_ENTITY_FIELDS = ("adcode", "level", "parent", "lat", "lon")
COMPACTED_KINDS = frozenset({"entity", "document"})


def compact_record(rec: Mapping[str, Any]) -> Mapping[str, Any]:
    """``rec`` as the builder keeps it; a record it cannot read is kept as it is, so the
    error (if any) is raised where the builder uses it, as before."""
    if "_spans" in rec:
        return rec  # compacted already
    try:
        if rec.get("kind") == "document":
            sig = rec.get("minhash")
            if not isinstance(sig, list) or not all(type(v) is int for v in sig):
                return rec
            return {**rec, "doc": sys.intern(str(rec["doc"])), "minhash": array("Q", sig)}
        compact: dict[str, Any] = {
            "kind": "entity", "doc": sys.intern(str(rec["doc"])),
            "type": sys.intern(str(rec["type"])), "name": sys.intern(str(rec["name"])),
            "aliases": tuple(sys.intern(str(a)) for a in rec.get("aliases") or ()),
            "_spans": tuple(_record_spans(rec)),
        }
    except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
        return rec
    compact.update((k, rec[k]) for k in _ENTITY_FIELDS if rec.get(k) is not None)
    return compact


def record_spans(rec: Mapping[str, Any]) -> Sequence[tuple[int, int]]:
    """The mention spans of an entity record, compacted or not."""
    if "_spans" in rec:
        return rec["_spans"]  # type: ignore[no-any-return]
    return _record_spans(rec)


def _record_spans(rec: Mapping[str, Any]) -> list[tuple[int, int]]:
    """Where the document names or refers to the entity (``mentions`` and ``references``, as
    the record keeps them apart): both are where the document speaks of it."""
    spans = [*(rec.get("mentions") or ()), *(rec.get("references") or ())]
    return [(int(m["start"]), int(m["end"])) for m in spans]
