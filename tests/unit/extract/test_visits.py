"""VISITED."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc, triples

CASES = [
    # the most specific place of an address
    ("刘建华来到云南省昆明市调研。", {"刘建华": "Person", "云南省": "Place", "昆明市": "Place"},
     {"昆明市"}),
    # a list of sites, named ones only
    ("陈东先后视察了青山水库、东方红小学、光明社区等地。",
     {"陈东": "Person", "东方红小学": "Organization", "光明社区": "Place"},
     {"东方红小学", "光明社区"}),
    # the subject of the main clause, after a leading verb clause
    ("陈东离开光明社区后，又前往市人民医院看望病患。",
     {"陈东": "Person", "光明社区": "Place", "市人民医院": "Organization"},
     {"光明社区", "市人民医院"}),
    ("在东方红小学察看食堂后，陈东来到光明社区。",
     {"陈东": "Person", "东方红小学": "Organization", "光明社区": "Place"},
     {"东方红小学", "光明社区"}),
    ("代表团莅临东方红小学指导工作，团长陈东出访了三个国家。",
     {"陈东": "Person", "东方红小学": "Organization"}, set()),
    ("李华在甘肃省兰州市考察。", {"李华": "Person", "甘肃省": "Place", "兰州市": "Place"},
     {"兰州市"}),
    ("部长李华到甘肃省兰州市调研。", {"李华": "Person", "甘肃省": "Place", "兰州市": "Place"},
     {"兰州市"}),
    ("会谈前，王强为巴颂访华举行欢迎仪式。", {"王强": "Person", "巴颂": "Person"}, {"中国"}),
]

NEGATIVE = [
    ("总书记来到社区警务室看望值班民警。", {}),  # neither subject nor site named
    ("七万多名干部奔赴光明社区。", {"光明社区": "Place"}),  # no named person
    ("陈东来到居民家中了解情况。", {"陈东": "Person"}),  # no named site
    # leaving a place is no visit outside an itinerary
    ("退休以后，赵明离开北京回到了家乡。", {"赵明": "Person", "北京": "Place"}),
    # a name far after the verb is not its object
    ("他表示访问期满后将直接飞回加拿大。", {"加拿大": "Place"}),
]


@pytest.mark.parametrize(("text", "mentions", "sites"), CASES)
def test_visited(text: str, mentions: dict, sites: set) -> None:
    facts = extract_facts(doc(text, mentions))
    assert {o for _, _, o in triples(facts, "VISITED")} == sites


@pytest.mark.parametrize(("text", "mentions"), NEGATIVE)
def test_no_visit(text: str, mentions: dict) -> None:
    assert triples(extract_facts(doc(text, mentions)), "VISITED") == set()


def test_visit_date() -> None:
    text = "7月31日，刘建华来到昆明市考察。"
    facts = extract_facts(doc(text, {"刘建华": "Person", "昆明市": "Place"}, date="2009-08-03"))
    assert [f.attrs.get("date") for f in facts if f.predicate == "VISITED"] == ["2009-07-31"]


def test_each_visitor_of_a_list() -> None:
    text = "张明、副市长李华来到光明社区。"
    facts = extract_facts(doc(text, {"张明": "Person", "李华": "Person", "光明社区": "Place"}))
    assert triples(facts, "VISITED") == {("张明", "VISITED", "光明社区"),
                                         ("李华", "VISITED", "光明社区")}
