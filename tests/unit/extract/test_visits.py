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
    # every county of a list; the prefecture written with its level character is the address
    ("省委书记林涛深入青山州东林县、西林县调研。",
     {"林涛": "Person", "青山": ("Place", "青山自治州"), "东林县": "Place", "西林县": "Place"},
     {"东林县", "西林县"}),
    ("林涛在青山州调研旅游产业。", {"林涛": "Person", "青山": ("Place", "青山自治州")},
     {"青山自治州"}),
    # 到A、B调研: each place before the verb
    ("市长孔亮到东城区、西城区调研老旧小区改造。",
     {"孔亮": "Person", "东城区": "Place", "西城区": "Place"}, {"东城区", "西城区"}),
    # the recognizer kept 东城 of 东城区: the level character still joins the list
    ("孔亮在青州市东城区、西城县调研。",
     {"孔亮": "Person", "青州市": "Place", "东城": ("Place", "东城区"), "西城县": "Place"},
     {"东城区", "西城县"}),
    # a place fronting the sentence is where the visit happens
    ("在东城区和平街道，孔亮走进居民家中了解情况。",
     {"孔亮": "Person", "东城区": "Place", "和平街道": "Place"}, {"和平街道"}),
    # 在X看望: the place of the visit (the person visited is no site)
    ("林涛在东林县青石镇看望了南江省消防救援总队队员。",
     {"林涛": "Person", "东林县": "Place", "青石镇": "Place", "南江省": "Place"}, {"青石镇"}),
    # an inspection at a place
    ("省委书记林涛在青州市东城区检查防汛工作。",
     {"林涛": "Person", "青州市": "Place", "东城区": "Place"}, {"东城区"}),
    # a body the recognizer missed, written after the place, is the site
    ("随后，林涛来到西林县青禾茶叶专业合作社，察看生产线。",
     {"林涛": "Person", "西林县": "Place"}, {"西林县青禾茶叶专业合作社"}),
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


def test_pronoun_is_the_subject_not_the_object() -> None:
    text = "孔亮走进贫困户张小山家中，询问收入情况。随后，他来到西林县。"
    facts = extract_facts(doc(text, {"孔亮": "Person", "张小山": "Person", "西林县": "Place"}))
    assert triples(facts, "VISITED") == {("孔亮", "VISITED", "西林县")}


def test_visit_date_of_a_range_is_its_first_day() -> None:
    text = "8月5日至6日，林涛深入东林县调研。"
    facts = extract_facts(doc(text, {"林涛": "Person", "东林县": "Place"}, date="2016-08-08"))
    assert [f.attrs.get("date") for f in facts if f.predicate == "VISITED"] == ["2016-08-05"]
