"""kg.recognize.ensemble: which taggers KG_NER runs, and how three models' votes pool."""

from __future__ import annotations

import itertools

import pytest

from kg.recognize import crf, ensemble, neural
from kg.recognize.crf import pool
from kg.records import ORGANIZATION, PERSON, PLACE, Mention

needs_models = pytest.mark.skipif(
    not (neural.MODEL_PATH.is_file() and crf.NEWS_MODEL_PATH.is_file()),
    reason="no shipped models",
)

# Written for this test (no corpus sentence): three pieces, so three offsets. Only the neural
# tagger finds 扎西 (not a surname + given name), which tells the taggers apart.
TEXT = ("国务院总理李强昨天在北京会见了法国总统马克龙。\n"
        "记者张丽华从湖南省教育厅了解到，长沙市将新建十所学校。牧民扎西每天清晨赶着羊群上山。")


def _spans(mentions: list[Mention]) -> set[tuple[int, int, str]]:
    return {(m.start, m.end, m.type) for m in mentions}


def _pooled() -> list[Mention]:
    """The neural tagger's votes, and where it is unsure the CRFs', pooled piece by piece."""
    found = []
    for offset, piece in crf.chunks(TEXT):
        ((mine, certainty),) = neural.tag_pieces_with_certainty([piece])
        votes = mine if certainty >= ensemble.SURE else [*crf.crf_votes(piece), *mine]
        found += [Mention(m.start + offset, m.end + offset, m.type, m.text, m.source, m.score)
                  for m in pool(votes)]
    return found


@needs_models
@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("", _pooled),  # the default
        ("crf", lambda: crf.crf_mentions(TEXT)),
        ("ensemble", _pooled),
        ("neural", lambda: neural.neural_mentions(TEXT)),
    ],
)
def test_kg_ner_chooses_the_taggers(monkeypatch: pytest.MonkeyPatch, choice: str, expected) -> None:
    monkeypatch.setenv("KG_NER", choice)
    monkeypatch.delenv("KG_NER_MODEL", raising=False)
    found = ensemble.statistical_mentions(TEXT)
    assert _spans(found) == _spans(expected())
    assert ("扎西" in {m.text for m in found}) is (choice in ("", "ensemble", "neural"))
    assert all(m.source == ensemble.SOURCE and TEXT[m.start : m.end] == m.text for m in found)


@needs_models
def test_the_ensemble_keeps_what_all_models_agree_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_NER", "ensemble")
    monkeypatch.setattr(ensemble, "SURE", 2.0)  # the CRFs read every piece
    found = _spans(ensemble.statistical_mentions(TEXT))
    agreed = _spans(crf.crf_mentions(TEXT)) & _spans(neural.neural_mentions(TEXT))
    assert agreed and agreed <= found
    starts = sorted(found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(starts))  # no overlaps


@needs_models
def test_the_crfs_read_only_the_pieces_the_neural_tagger_is_unsure_of(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read: list[str] = []
    votes = crf.crf_votes
    monkeypatch.setattr(crf, "crf_votes", lambda piece: read.append(piece) or votes(piece))
    monkeypatch.setenv("KG_NER", "ensemble")
    ensemble.statistical_mentions(TEXT)
    certainty = dict(zip((p for _, p in crf.chunks(TEXT)),
                         (c for _, c in neural.tag_pieces_with_certainty(
                             [p for _, p in crf.chunks(TEXT)])), strict=True))
    assert read == [p for p, c in certainty.items() if c < ensemble.SURE]
    assert 0 < len(read) < len(certainty)  # the sample has pieces of both kinds


@needs_models
def test_prepared_documents_give_the_same_mentions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_NER", "ensemble")
    alone = ensemble.statistical_mentions(TEXT)
    ensemble.prepare([TEXT, "另一篇报道说，王芳在上海出席了会议。"])
    assert set(ensemble._prepared) >= {piece for _, piece in crf.chunks(TEXT)}
    assert ensemble.statistical_mentions(TEXT) == alone


@needs_models
def test_the_crf_pair_prepares_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_NER", "crf")
    ensemble.prepare([TEXT])
    assert ensemble._prepared == {}


def test_an_unknown_tagger_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_NER", "bert")
    with pytest.raises(ValueError, match="KG_NER='bert'"):
        ensemble.statistical_mentions(TEXT)


def _m(start: int, end: int, kind: str, score: float) -> Mention:
    return Mention(start, end, kind, "张" * (end - start), "crf", score)


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        # Two of three models see 0-3; a confident lone longer span loses to it.
        ([_m(0, 3, PERSON, 0.8), _m(0, 3, PERSON, 0.7), _m(0, 4, ORGANIZATION, 0.99)],
         [(0, 3, PERSON)]),
        # Three lone spans that overlap: the confident longest one.
        ([_m(0, 2, PLACE, 0.95), _m(0, 4, ORGANIZATION, 0.97), _m(1, 3, PERSON, 0.5)],
         [(0, 4, ORGANIZATION)]),
        # An unsure lone span is dropped even when nothing competes.
        ([_m(5, 7, PLACE, 0.6)], []),
        # Agreement on the type matters: two types of one span are two lone votes.
        ([_m(0, 2, PLACE, 0.6), _m(0, 2, ORGANIZATION, 0.6)], []),
    ],
)
def test_pool_of_three_models(votes: list[Mention], expected: list[tuple[int, int, str]]) -> None:
    assert [(m.start, m.end, m.type) for m in pool(votes)] == expected


def test_a_missing_neural_model_is_said_and_the_crfs_work(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("KG_NER", "ensemble")
    monkeypatch.setenv("KG_NEURAL_MODEL", str(tmp_path / "none.npz"))
    ensemble._neural_available.cache_clear()
    try:
        with pytest.warns(UserWarning, match="no neural model"):
            found = ensemble.statistical_mentions(TEXT)
        assert _spans(found) == _spans(crf.crf_mentions(TEXT))
    finally:
        ensemble._neural_available.cache_clear()
