"""The whole pipeline on the dev articles: offsets into the original text, and quality floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import load_gold, score
from kg.pipeline import iter_records

CORPORA = [("corpus", "gold"), ("corpus-news2009", "gold-news2009")]

# The floors of issue 2 (entity F1 0.90, triple F1 0.75 on each dev set). Measured scores are
# higher (see the closing note); tests/unit/extract/test_dev_sets.py holds tighter ones.
FLOORS = {
    "corpus": {"entity": 0.90, "triple": 0.75},
    "corpus-news2009": {"entity": 0.90, "triple": 0.75},
}

_cache: dict[str, list[dict]] = {}


def _extract(shared: Path, corpus: str) -> list[dict]:
    if corpus not in _cache:
        paths = [str(p) for p in sorted((shared / corpus).glob("*.txt"))]
        _cache[corpus] = list(iter_records(paths, workers=1))
    return _cache[corpus]


@pytest.mark.parametrize(("corpus", "gold"), CORPORA)
def test_every_offset_points_at_its_surface(shared: Path, corpus: str, gold: str) -> None:
    from kg.normalize import normalize
    from kg.sources import SourceDoc, iter_sources

    originals = {
        s.id: s.text
        for s in iter_sources([str(p) for p in sorted((shared / corpus).glob("*.txt"))])
        if isinstance(s, SourceDoc)
    }
    checked = 0
    for rec in _extract(shared, corpus):
        original = originals[rec["doc"]]
        if rec["kind"] == "entity":
            forms = {rec["name"], *rec["aliases"]}
            for m in rec["mentions"]:
                surface = normalize(original[m["start"] : m["end"]]).text
                assert surface in forms, (rec["doc"], rec["name"], original[m["start"] : m["end"]])
                checked += 1
        elif rec["kind"] == "triple":
            ev = rec["evidence"]
            assert original[ev["start"] : ev["end"]] == ev["text"]
            checked += 1
    assert checked > 50


@pytest.mark.parametrize(("corpus", "gold"), CORPORA)
def test_dev_quality_floors(shared: Path, corpus: str, gold: str) -> None:
    result = score(_extract(shared, corpus), load_gold([shared / gold]))
    for group, floor in FLOORS[corpus].items():
        assert result.totals(group).f1 >= floor, (corpus, group, result.totals(group))


def test_parallel_run_gives_the_same_records_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.pipeline

    folder = Path(__file__).parents[2] / "examples"
    examples = [str(p) for p in sorted(folder.glob("*.txt"))]
    serial = list(iter_records(examples, workers=1))
    monkeypatch.setattr(kg.pipeline, "_PARALLEL_MIN_CHARS", 0)
    parallel = list(iter_records(examples, workers=2))
    assert len(serial) > 20
    assert parallel == serial
