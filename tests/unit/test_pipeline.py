"""The whole pipeline on the dev articles: offsets into the original text, and quality floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import load_gold, score, score_attrs
from kg.pipeline import iter_records

CORPORA = [("corpus", "gold"), ("corpus-news2009", "gold-news2009")]

# The floors of issue 2 (entity F1 0.90, triple F1 0.75 on each dev set). Measured scores are
# higher (see the closing note); tests/unit/extract/test_dev_sets.py holds tighter ones.
FLOORS = {
    "corpus": {"entity": 0.90, "triple": 0.75},
    "corpus-news2009": {"entity": 0.90, "triple": 0.75},
}

# Date accuracy on the matched facts (issue 12: at least 0.85 on each dev set; 1.0 measured
# when written). The 2020 and 2009 articles carry no year, so they are extracted as a user who
# knows it would (--year); the CCTV items carry their broadcast date.
DATE_FLOORS = [
    ("corpus", "gold", 2020, 0.85),
    ("corpus-news2009", "gold-news2009", 2009, 0.85),
    ("cctv-corpus.jsonl", "cctv-gold", None, 0.85),
]

_cache: dict[tuple[str, int | None], list[dict]] = {}


def _extract(shared: Path, corpus: str, year: int | None = None) -> list[dict]:
    if (corpus, year) not in _cache:
        where = shared / corpus
        paths = [str(p) for p in sorted(where.glob("*.txt"))] if where.is_dir() else [str(where)]
        _cache[corpus, year] = list(iter_records(paths, workers=1, default_year=year))
    return _cache[corpus, year]


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
            for m in [*rec["mentions"], *rec.get("references", [])]:
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


@pytest.mark.parametrize(("corpus", "gold", "year", "floor"), DATE_FLOORS)
def test_dev_date_accuracy_floors(
    shared: Path, corpus: str, gold: str, year: int | None, floor: float
) -> None:
    accuracy = score_attrs(_extract(shared, corpus, year), load_gold([shared / gold]))["date"]
    assert accuracy.gold >= 5, (corpus, accuracy)  # enough dated facts matched to mean much
    assert accuracy.accuracy >= floor, (corpus, accuracy)


def test_parallel_run_gives_the_same_records_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.pipeline

    folder = Path(__file__).parents[2] / "examples"
    examples = [str(p) for p in sorted(folder.glob("*.txt"))]
    serial = list(iter_records(examples, workers=1))
    monkeypatch.setattr(kg.pipeline, "_PARALLEL_MIN_CHARS", 0)
    parallel = list(iter_records(examples, workers=2))
    assert len(serial) > 20
    assert parallel == serial


def test_a_20_mb_single_line_file_is_refused_naming_the_limit(tmp_path: Path) -> None:
    from kg.pipeline import iter_results
    from kg.sources import SourceError

    big = tmp_path / "big.txt"
    big.write_bytes(("国王" * 3_500_000).encode("utf-8"))  # 21 MB, no line break
    small = tmp_path / "small.txt"
    small.write_text("记者王小明报道。", encoding="utf-8")
    results = list(iter_results([str(big), str(small)], workers=1))
    assert isinstance(results[0], SourceError)
    assert "7,000,000 characters" in str(results[0]) and "--max-chars" in str(results[0])
    assert results[1].doc == "small" and results[1].records  # the rest goes on


def test_10000_level_nested_html_finishes(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<div>" * 10_000 + "新华社北京3月5日电 记者王小明报道。" + "</div>" * 10_000,
                    encoding="utf-8")
    records = list(iter_records([str(page)], workers=1))
    assert records[0]["kind"] == "document" and records[0]["chars"] > 0


def test_documents_stream_through_a_bounded_window(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.pipeline
    from kg.sources import SourceDoc

    pulled = 0

    def endless(paths: object, **_options: object) -> object:
        nonlocal pulled
        for i in range(100_000):
            pulled += 1
            yield SourceDoc(f"d{i}", f"d{i}.txt", "记者王小明报道。", "", {})

    monkeypatch.setattr(kg.pipeline, "iter_sources", endless)
    serial = kg.pipeline.iter_results(["x"], workers=1)
    # One chunk is read ahead: the neural tagger reads its documents in one batch.
    assert [next(serial).doc for _ in range(3)] == ["d0", "d1", "d2"]
    assert pulled == kg.pipeline._CHUNK_DOCS
    serial.close()
    pulled = 0
    monkeypatch.setattr(kg.pipeline, "_PARALLEL_MIN_CHARS", 0)
    pooled = kg.pipeline.iter_results(["x"], workers=2)
    assert [next(pooled).doc for _ in range(3)] == ["d0", "d1", "d2"]
    window = 2 * kg.pipeline._CHUNKS_PER_WORKER * kg.pipeline._CHUNK_DOCS
    assert pulled <= window + kg.pipeline._CHUNK_DOCS
    pooled.close()


@pytest.mark.parametrize(
    ("text", "name", "named", "referring"),
    [
        # 我國 and the bare 黨 refer to 中国 and 中国共产党 without naming them
        ("我國堅持黨的領導。中國共產黨成立於上海。", "中国", ["中國"], ["我國"]),
        ("我國堅持黨的領導。中國共產黨成立於上海。", "中国共产党", ["中國共產黨"], ["黨"]),
        ("我国经济稳步增长。", "中国", [], ["我国"]),  # referred to only: still an entity
    ],
)
def test_references_are_kept_apart_from_name_mentions(
    tmp_path: Path, text: str, name: str, named: list[str], referring: list[str]
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    records = list(iter_records([str(path)], workers=1))
    entity = next(r for r in records if r["kind"] == "entity" and r["name"] == name)
    assert [text[m["start"] : m["end"]] for m in entity["mentions"]] == named
    assert [text[m["start"] : m["end"]] for m in entity.get("references", [])] == referring


# Written for this test: two short reports that share a line (a byline), as a feed does.
BATCH = [
    "新华社北京3月5日电 记者王小明报道。国务院总理李强在北京会见了法国总统马克龙。",
    "新华社上海3月6日电 记者王小明报道。上海市委书记陈吉宁出席了开幕式。",
]


def test_a_batch_gives_each_document_the_records_it_gets_alone() -> None:
    from kg.pipeline import extract_document, extract_documents
    from kg.sources import SourceDoc

    docs = [SourceDoc(f"d{i}", f"d{i}.txt", text, "", {}) for i, text in enumerate(BATCH)]
    batched = extract_documents(docs)
    assert [r.doc for r in batched] == ["d0", "d1"] and not any(r.error for r in batched)
    assert [r.records for r in batched] == [extract_document(doc) for doc in docs]
    assert any(r["kind"] == "entity" and r["name"] == "陈吉宁" for r in batched[1].records)


def test_a_failing_document_does_not_cost_its_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.recognize
    from kg.pipeline import extract_documents
    from kg.sources import SourceDoc

    recognize = kg.recognize.recognize

    def fragile(text: str) -> list:
        if "陈吉宁" in text:
            raise RuntimeError("broken recognizer")
        return recognize(text)

    monkeypatch.setattr(kg.recognize, "recognize", fragile)
    docs = [SourceDoc(f"d{i}", f"d{i}.txt", text, "", {}) for i, text in enumerate(BATCH)]
    first, second = extract_documents(docs)
    assert first.error is None and first.records
    assert second.error == "RuntimeError: broken recognizer" and second.records == []
