"""Pronouns, bare titles, generic bodies and mentions the recognizer missed."""

from __future__ import annotations

import pytest

from kg.extract.coref import antecedent_person, pronoun_at, with_missed_mentions
from kg.records import DocContext, Sentence
from tests.unit.extract._doc import doc


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [("他说", 0, True), ("她表示", 0, True), ("他们说", 0, False), ("其他人说", 1, False),
     ("吉他", 1, False)],
)
def test_pronoun_at(text: str, pos: int, expected: bool) -> None:
    assert pronoun_at(text, pos) is expected


def test_antecedent_is_the_last_person_before() -> None:
    ctx = doc("王芳和李强来到工地。李强说，进度很快。他还表示满意。",
              {"王芳": "Person", "李强": "Person"})
    pos = ctx.text.index("他还")
    found = antecedent_person(ctx, pos)
    assert found is not None and found.name == "李强"


def test_no_antecedent_without_a_person() -> None:
    ctx = doc("工地进度很快。他说很满意。", {})
    assert antecedent_person(ctx, ctx.text.index("他")) is None


def _bare(ctx: DocContext, keep: int = 0) -> DocContext:
    """The context with the mentions of all sentences but the first ``keep`` removed."""
    sentences = tuple(s if i < keep else Sentence(s.start, s.end, s.text, ())
                      for i, s in enumerate(ctx.sentences))
    return DocContext(ctx.doc_id, ctx.text, ctx.date, sentences, ctx.entities)


def test_missed_mentions_are_added_for_known_entities_only() -> None:
    text = "李德平在村口值守。“职责所在。”李德平说。张无名也说了话。"
    added = with_missed_mentions(_bare(doc(text, {"李德平": "Person"}), keep=1))
    assert [m.name for s in added.sentences for m in s.mentions] == ["李德平", "李德平"]


def test_title_aliases_are_not_propagated() -> None:
    ctx = doc("李明总理出席会议。越南总理也出席了。",
              {"李明总理": ("Person", "李明"), "总理": ("Person", "李明")})
    added = with_missed_mentions(_bare(ctx))
    assert [m.surface for s in added.sentences for m in s.mentions] == ["李明总理"]


def test_short_name_inside_a_word_is_not_added() -> None:
    text = "高峰在站台指挥。返程高峰期客流很大。高峰说，运力充足。"
    added = with_missed_mentions(_bare(doc(text, {"高峰": "Person"}), keep=1))
    spans = [(m.start, m.surface) for s in added.sentences for m in s.mentions]
    assert spans == [(0, "高峰"), (text.index("高峰说"), "高峰")]
