"""AUTHORED."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc, triples

CASES = [
    ("本台消息（记者王小明 东方电视台李大伟 通讯员赵强）昨天举行了开幕式。",
     {"王小明": "Person", "李大伟": "Person", "赵强": "Person", "东方电视台": "Organization"},
     {"王小明", "李大伟", "赵强"}),
    ("新华社北京3月1日电 记者张三丰、李四海报道：", {"张三丰": "Person", "李四海": "Person"},
     {"张三丰", "李四海"}),
    ("本报记者 周小川", {"周小川": "Person"}, {"周小川"}),
    ("【记者：孙红 实习记者 马丽】", {"孙红": "Person", "马丽": "Person"}, {"孙红", "马丽"}),
    ("文/记者 高远", {"高远": "Person"}, {"高远"}),
    # a reporter in the story is no author
    ("村民孙大明接受记者王小明采访时说，今年收成不错。", {"孙大明": "Person", "王小明": "Person"},
     set()),
]


@pytest.mark.parametrize(("text", "mentions", "authors"), CASES)
def test_authored(text: str, mentions: dict, authors: set) -> None:
    facts = extract_facts(doc(text, mentions, doc_id="d42"))
    got = triples(facts, "AUTHORED")
    assert {s for s, _, _ in got} == authors
    assert {o for _, _, o in got} <= {"d42"}
