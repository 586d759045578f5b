"""Score extraction records against gold annotations written per ``gold/GUIDELINES.md``.

Matching rules (the same as the project's reference scorer, so numbers agree):

* an entity matches a gold entity of its type when its name is the gold name or one of the
  gold aliases, or the gold name is one of its aliases;
* a triple matches when the predicate is equal, the subject is a form of the gold subject,
  and the object matches: statements by containment or character-bigram overlap, the
  ``Document`` of ``AUTHORED`` always, other objects by form or by containment;
* each gold item is paired at most once, greedily in gold order.

>>> gold = GoldDoc.from_json({"doc": "d", "entities": [
...     {"name": "湖北省", "type": "Place", "aliases": ["湖北"]}], "triples": []})
>>> pred = [{"kind": "entity", "doc": "d", "name": "湖北", "type": "Place"}]
>>> score(pred, [gold]).totals("entity").f1
1.0
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.records import ENTITY_TYPES, PREDICATES

_IGNORED = re.compile(r"[\s“”\"'‘’「」『』]+")


def canon(text: str | None) -> str:
    """The comparable form of a name or statement: no white space, no quote marks."""
    return _IGNORED.sub("", text or "")


@dataclass(slots=True)
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold


@dataclass(slots=True)
class GoldDoc:
    doc: str
    entities: list[dict[str, Any]]
    triples: list[dict[str, Any]]
    forms_of: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GoldDoc:
        entities = [e for e in data.get("entities", []) if e.get("type") in ENTITY_TYPES]
        triples = [t for t in data.get("triples", []) if t.get("p") in PREDICATES]
        forms = {
            canon(e["name"]): {canon(e["name"]), *(canon(a) for a in e.get("aliases", []))}
            for e in entities
        }
        return cls(str(data["doc"]), entities, triples, forms)

    def forms(self, name: str) -> set[str]:
        key = canon(name)
        return self.forms_of.get(key, {key})


@dataclass(slots=True)
class Score:
    counts: dict[str, Counts]
    missed: dict[str, list[str]]

    def totals(self, group: str) -> Counts:
        total = Counts()
        for key, c in self.counts.items():
            if key.startswith(group + ":"):
                total.add(c)
        return total

    def rows(self) -> list[dict[str, Any]]:
        keyed = sorted(self.counts.items())
        keyed += [(f"{g}:ALL", self.totals(g)) for g in ("entity", "triple")]
        return [
            {
                "item": key,
                "P": round(c.precision, 4),
                "R": round(c.recall, 4),
                "F1": round(c.f1, 4),
                "tp": c.tp,
                "pred": c.pred,
                "gold": c.gold,
            }
            for key, c in keyed
        ]


def _bigram_dice(a: str, b: str) -> float:
    x = {a[i : i + 2] for i in range(len(a) - 1)} or {a}
    y = {b[i : i + 2] for i in range(len(b) - 1)} or {b}
    return 2 * len(x & y) / (len(x) + len(y))


def same_statement(gold: str, pred: str) -> bool:
    g, p = canon(gold), canon(pred)
    if not (g and p):
        return False
    if len(p) >= 4 and (p in g or g in p):
        return min(len(g), len(p)) / max(len(g), len(p)) >= 0.5
    return _bigram_dice(g, p) >= 0.6


def _names_agree(forms: set[str], name: str, *, partial: bool) -> bool:
    n = canon(name)
    if n in forms:
        return True
    return partial and len(n) >= 2 and any(len(f) >= 2 and (f in n or n in f) for f in forms)


def _pair_up(
    gold: Sequence[Any], pred: Sequence[Any], same: Callable[[Any, Any], bool]
) -> dict[int, int]:
    """Gold index → index of the distinct prediction paired with it, greedily."""
    taken: set[int] = set()
    found: dict[int, int] = {}
    for gi, g in enumerate(gold):
        pi = next((i for i, p in enumerate(pred) if i not in taken and same(g, p)), None)
        if pi is not None:
            taken.add(pi)
            found[gi] = pi
    return found


def _score_entities(doc: GoldDoc, records: list[dict[str, Any]], score: Score) -> None:
    for etype in ENTITY_TYPES:
        gold = [e for e in doc.entities if e["type"] == etype]
        distinct: dict[str, dict[str, Any]] = {}
        for r in records:
            if r.get("kind") == "entity" and r.get("type") == etype:
                distinct[canon(r.get("name"))] = r
        pred = list(distinct.values())

        def same(g: dict[str, Any], p: dict[str, Any]) -> bool:
            return canon(p["name"]) in doc.forms(g["name"]) or canon(g["name"]) in {
                canon(a) for a in p.get("aliases", [])
            }

        _tally(score, f"entity:{etype}", gold, pred, same, lambda g: f"{doc.doc}: {g['name']}")


def _triple_matcher(doc: GoldDoc, predicate: str) -> Callable[[Any, Any], bool]:
    def same(g: dict[str, Any], p: dict[str, Any]) -> bool:
        subject = (p.get("subject") or {}).get("name", "")
        obj = (p.get("object") or {}).get("name", "")
        if not _names_agree(doc.forms(g["s"]), subject, partial=False):
            return False
        if g.get("o_type") == "Statement":
            return same_statement(g["o"], obj)
        return predicate == "AUTHORED" or _names_agree(doc.forms(g["o"]), obj, partial=True)

    return same


def judged_triples(
    records: Iterable[dict[str, Any]], gold_docs: Iterable[GoldDoc]
) -> list[tuple[dict[str, Any], bool]]:
    """Every predicted triple of a gold document, with whether it is paired with a gold one
    (the pairing ``score`` counts as true positives); for calibration."""
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if r.get("kind") == "triple":
            by_doc[str(r.get("doc"))].append(r)
    out: list[tuple[dict[str, Any], bool]] = []
    for doc in gold_docs:
        for predicate in PREDICATES:
            gold = [t for t in doc.triples if t["p"] == predicate]
            pred = [r for r in by_doc.get(doc.doc, []) if r.get("predicate") == predicate]
            hits = set(_pair_up(gold, pred, _triple_matcher(doc, predicate)).values())
            out.extend((p, i in hits) for i, p in enumerate(pred))
    return out


def _score_triples(doc: GoldDoc, records: list[dict[str, Any]], score: Score) -> None:
    for predicate in PREDICATES:
        gold = [t for t in doc.triples if t["p"] == predicate]
        pred = [r for r in records if r.get("kind") == "triple" and r.get("predicate") == predicate]
        same = _triple_matcher(doc, predicate)
        _tally(
            score,
            f"triple:{predicate}",
            gold,
            pred,
            same,
            lambda g, predicate=predicate: f"{doc.doc}: {g['s']} {predicate} {g['o'][:30]}",
        )


def _tally(
    score: Score,
    key: str,
    gold: list[dict[str, Any]],
    pred: list[dict[str, Any]],
    same: Callable[[Any, Any], bool],
    describe: Callable[[dict[str, Any]], str],
) -> None:
    found = _pair_up(gold, pred, same)
    c = score.counts.setdefault(key, Counts())
    c.add(Counts(len(found), len(pred), len(gold)))
    missed = [describe(g) for i, g in enumerate(gold) if i not in found]
    if missed:
        score.missed.setdefault(key, []).extend(missed)


def score(records: Iterable[dict[str, Any]], gold_docs: Iterable[GoldDoc]) -> Score:
    """Score the records of the documents that have gold; other documents are ignored."""
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_doc[str(r.get("doc"))].append(r)
    result = Score({}, {})
    for doc in gold_docs:
        _score_entities(doc, by_doc.get(doc.doc, []), result)
        _score_triples(doc, by_doc.get(doc.doc, []), result)
    return result


# Attributes scored on matched triples, as ``kg_score.py --attrs`` does.
ATTRS = ("date", "title", "to", "count", "quantity", "mode", "role")


@dataclass(frozen=True, slots=True)
class AttrCount:
    right: int
    gold: int

    @property
    def accuracy(self) -> float:
        return self.right / self.gold if self.gold else 0.0


def score_attrs(
    records: Iterable[dict[str, Any]], gold_docs: Iterable[GoldDoc]
) -> dict[str, AttrCount]:
    """Attribute accuracy on the triples paired with gold: ``{attr: AttrCount}`` plus ``ALL``.

    Only attributes the gold triple gives are counted; a missing or different predicted value
    is wrong; ``to`` matches like an entity name (a form of it, or containing one).
    """
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if r.get("kind") == "triple":
            by_doc[str(r.get("doc"))].append(r)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc in gold_docs:
        for predicate in PREDICATES:
            gold = [t for t in doc.triples if t["p"] == predicate]
            pred = [r for r in by_doc.get(doc.doc, []) if r.get("predicate") == predicate]
            for gi, pi in _pair_up(gold, pred, _triple_matcher(doc, predicate)).items():
                want_attrs = gold[gi].get("attrs") or {}
                got_attrs = pred[pi].get("attrs") or {}
                for attr in ATTRS:
                    want = want_attrs.get(attr)
                    if want in (None, ""):
                        continue
                    got = str(got_attrs.get(attr) or "")
                    if attr == "to":
                        ok = _names_agree(doc.forms(str(want)), got, partial=True)
                    else:
                        ok = canon(str(want)) == canon(got)
                    counts[attr][0] += ok
                    counts[attr][1] += 1
    out = {a: AttrCount(r, n) for a, (r, n) in sorted(counts.items())}
    out["ALL"] = AttrCount(sum(c.right for c in out.values()), sum(c.gold for c in out.values()))
    return out


def attr_rows(attrs: dict[str, AttrCount]) -> list[dict[str, Any]]:
    """Rows for ``kg eval --attrs``: ``attr:NAME`` with right, gold and accuracy."""
    return [
        {"item": f"attr:{name}", "right": c.right, "gold": c.gold,
         "accuracy": round(c.accuracy, 4)}
        for name, c in attrs.items()
    ]


class GoldError(ValueError):
    """A gold file or folder that cannot be used; ``str()`` is ``"PATH: message"``."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message


def _check_gold(data: Any) -> None:
    """Refuse what ``from_json`` and the scorer would otherwise trip over with a KeyError."""
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    if data.get("doc") in (None, ""):
        raise ValueError('missing "doc"')
    for key, needs in (("entities", ("name",)), ("triples", ("s", "o"))):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise ValueError(f'"{key}" must be a list')
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise ValueError(f'{key} item {number}: expected a JSON object')
            missing = [k for k in needs if not isinstance(item.get(k), str)]
            if missing:
                raise ValueError(f"{key} item {number}: missing or non-text "
                                 f"{' and '.join(map(repr, missing))}")


def _read_gold(path: Path) -> GoldDoc:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(path, "no such file or folder") from None
    except UnicodeDecodeError as exc:
        raise GoldError(path, f"not UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise GoldError(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GoldError(path, f"malformed JSON ({exc.msg} at line {exc.lineno} column "
                        f"{exc.colno})") from None
    except RecursionError:
        raise GoldError(path, "malformed JSON (nested too deeply)") from None
    try:
        _check_gold(data)
    except ValueError as exc:
        raise GoldError(path, f"not a gold document: {exc}") from None
    return GoldDoc.from_json(data)


def load_gold(
    paths: Iterable[Path | str], *, on_error: Callable[[GoldError], None] | None = None
) -> list[GoldDoc]:
    """The gold documents of files and folders (a folder: its ``*.json`` files, sorted).

    A missing, unreadable or malformed file, or a folder without gold files, raises
    ``GoldError`` naming it; with ``on_error`` it is handed there instead and the other
    files are still loaded.
    """
    docs: list[GoldDoc] = []
    for path in map(Path, paths):
        try:
            if path.is_dir():
                files = sorted(path.glob("*.json"))
                if not files:
                    raise GoldError(path, "no gold files found (files ending in .json)")
            else:
                files = [path]
        except GoldError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        for file in files:
            try:
                docs.append(_read_gold(file))
            except GoldError as exc:
                if on_error is None:
                    raise
                on_error(exc)
    return docs
