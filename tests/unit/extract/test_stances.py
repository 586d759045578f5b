"""SAID from stances: 某某对X表示Y (欢迎, 感谢, 祝贺, 关切) keeps what the stance is about."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc

P = "Person"

CASES = [
    # too short without its object: the statement is the whole stance
    ("赵立新对马丁访问南江表示欢迎。", {"赵立新": P, "马丁": P, "南江": "Place"},
     {("赵立新", "对马丁访问南江表示欢迎。")}),
    # a 的 inside the object does not hide the speaker
    ("钱文对大会的成功召开表示祝贺，向全体代表致以诚挚问候。", {"钱文": P},
     {("钱文", "对大会的成功召开表示祝贺，向全体代表致以诚挚问候。")}),
    ("钱文再次对东山国给予的宝贵支持表示衷心感谢。", {"钱文": P, "东山国": "Place"},
     {("钱文", "对东山国给予的宝贵支持表示衷心感谢。")}),
    ("钱文就两国关系的发展表示满意。", {"钱文": P}, {("钱文", "就两国关系的发展表示满意。")}),
    # 对此: what the stance is about was said before, the words after the verb are reported
    ("钱文对此表示，双方要进一步深化务实合作。", {"钱文": P},
     {("钱文", "双方要进一步深化务实合作。")}),
    # 对媒体表示，…: the addressee, not what the stance is about
    ("钱文对媒体表示，双方要进一步深化务实合作。", {"钱文": P},
     {("钱文", "双方要进一步深化务实合作。")}),
    # other speech verbs keep the words after the verb
    ("钱文表示，双方要进一步深化务实合作。", {"钱文": P},
     {("钱文", "双方要进一步深化务实合作。")}),
]

NEGATIVE = [
    # the name is the object of 对, the speaker unnamed
    ("与会代表对钱文的讲话表示赞同。", {"钱文": P}),
    # the name sits in a clause describing the speaker
    ("由钱文主持的委员会表示，将尽快公布调查结果。", {"钱文": P}),
    # a stance with nothing it is about is too short
    ("钱文表示赞同。", {"钱文": P}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), CASES)
def test_stance(text: str, mentions: dict, expected: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SAID"]
    assert {(f.subject.name, f.object.name) for f in facts} == expected


@pytest.mark.parametrize(("text", "mentions"), NEGATIVE)
def test_no_stance(text: str, mentions: dict) -> None:
    assert [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SAID"] == []
