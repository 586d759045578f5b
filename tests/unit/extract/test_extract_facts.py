"""The public entry point: registration, de-duplication, evidence and confidence."""

from __future__ import annotations

from kg.extract import EXTRACTORS, extract_facts
from kg.records import PREDICATES
from tests.unit.extract._doc import doc


def test_every_family_is_registered() -> None:
    modules = {f.__module__ for f in EXTRACTORS}
    assert modules == {"kg.extract." + m for m in
                       ("quotes", "positions", "title_lists", "meetings", "visits", "aid",
                        "bylines")}


def test_same_statement_twice_is_one_fact() -> None:
    text = "张华强调，要把安全放在第一位。张华强调，要把安全放在第一位。"
    facts = extract_facts(doc(text, {"张华": "Person"}))
    assert len([f for f in facts if f.predicate == "SAID"]) == 1


def test_two_titles_of_one_body_are_two_facts() -> None:
    text = "决定免去李卫东市交通局局长、党组书记职务。"
    facts = extract_facts(doc(text, {"李卫东": "Person", "市交通局": "Organization"}))
    assert sorted(f.attrs["title"] for f in facts) == ["党组书记", "局长"]


def test_evidence_confidence_and_extractor() -> None:
    text = "今天天气晴好。杭州市委书记赵建华表示，要全力保障群众出行安全。"
    ctx = doc(text, {"杭州市委": "Organization", "赵建华": "Person"})
    facts = extract_facts(ctx)
    assert {f.predicate for f in facts} == {"SAID", "HOLDS_POSITION"}
    for fact in facts:
        start, end = fact.evidence
        assert ctx.text[start:end] == "杭州市委书记赵建华表示，要全力保障群众出行安全。"
        assert 0.0 <= fact.confidence <= 1.0
        assert fact.extractor.split(".")[0] in {"quotes", "positions"}
        assert fact.predicate in PREDICATES


def test_nothing_without_entities() -> None:
    assert extract_facts(doc("有关负责人表示，将尽快完成维修。", {})) == []


def test_family_options_filter_predicates_and_confidence() -> None:
    from kg.extract import meetings, positions

    ctx = doc("外交部长王磊会见了德国外长施密特。", {"王磊": "Person", "施密特": "Person",
                                             "外交部": "Organization"})
    sentence = ctx.sentences[0]
    assert {f.predicate for f in meetings.extract(sentence, ctx)} == {"MET"}
    assert list(meetings.extract(sentence, ctx, predicates=("CHAIRED",))) == []
    assert list(positions.extract(sentence, ctx, min_confidence=0.99)) == []
    assert len(list(positions.extract(sentence, ctx))) == 1


def test_a_restatement_completes_the_attributes() -> None:
    text = "刘建华到昆明市调研。7月31日，刘建华来到昆明市。"
    facts = extract_facts(doc(text, {"刘建华": "Person", "昆明市": "Place"}, date="2009-08-03"))
    visits = [f for f in facts if f.predicate == "VISITED"]
    assert len(visits) == 1
    assert visits[0].attrs.get("date") == "2009-07-31"
    assert visits[0].evidence == (0, text.index("。") + 1)  # the first statement stays evidence
