"""kg.recognize.addressed: a surname with a form of address, on sentences written for the test."""

from __future__ import annotations

import pytest

from kg.recognize import recognize
from kg.recognize.addressed import (
    SOURCE,
    addressed_form,
    addressed_mentions,
    addressed_span,
    addressed_surname,
    addressed_surname_span,
)
from kg.records import PERSON, Mention
from kg.resolve import resolve


@pytest.mark.parametrize(
    ("text", "surnames"),
    [
        ("记者见到吴先生时，他正在看书。", ["吴"]),
        ("江主席会见了客人。", ["江"]),
        ("胡主席和温总理一起出席。", ["胡", "温"]),
        ("邓老的著作再版了。", ["邓"]),
        ("小廖说，今年收成好。", ["廖"]),
        ("对吴先生说，请坐。", ["吴"]),
        ("患者陈女士已经出院。", ["陈"]),
        # Surname characters inside words and names, and words that look addressed.
        ("这位先生是国家主席。", []),
        ("王建国先生和王建先生都来了。", []),
        ("古老的城市迎来养老金改革。", []),
        ("父老乡亲们好。", []),
        ("刘老庄连纪念园开放。", []),
        ("他一九八三年任部长。", []),
        ("职工们纷纷向总书记问好。", []),
        ("该党主席发表讲话。", []),
        ("“阿玛纳特”党主席发表讲话。", []),
        ("伊总统收到了邀请。", []),
        ("不走封闭僵化的老路，", []),
        ("全面建成小康社会。", []),
        ("他和欧尔班总理会谈。", []),
        ("各位女士、先生们，大家好。", []),
    ],
)
def test_addressed_surnames(text: str, surnames: list[str]) -> None:
    found = list(addressed_mentions(text))
    assert [m.text for m in found] == surnames
    for m in found:
        assert text[m.start : m.end] == m.text and m.type == PERSON and m.source == SOURCE


@pytest.mark.parametrize(
    ("surface", "surname"),
    [("吴先生", "吴"), ("老王", "王"), ("江主席", "江"), ("邓老", "邓"), ("先生", None),
     ("王建国", None), ("老师", None)],
)
def test_addressed_surname_of_a_form(surface: str, surname: str | None) -> None:
    assert addressed_surname(surface) == surname


def test_addressed_form_reads_the_address_around_the_surname() -> None:
    text = "老王和吴先生"
    assert addressed_form(text, Mention(1, 2, PERSON, "王", SOURCE)) == "老王"
    assert addressed_form(text, Mention(3, 4, PERSON, "吴", SOURCE)) == "吴先生"


@pytest.mark.parametrize(
    ("text", "persons"),
    [
        # The one person named in full with that surname takes the mention.
        ("吴高盛认为这是好事。吴先生说，要抓紧落实。", {"吴高盛"}),
        # No full name: the entity is the surname as addressed.
        ("记者见到吴先生时，他正在看书。", {"吴先生"}),
        # Two people named 吴: the address stays its own entity, linked to neither.
        ("吴高盛和吴大伟出席。吴先生说，要抓紧落实。", {"吴高盛", "吴大伟", "吴先生"}),
    ],
)
def test_addressed_surnames_resolve(text: str, persons: set[str]) -> None:
    entities, resolved = resolve(text, recognize(text))
    assert {e.name for e in entities if e.type == PERSON} == persons
    assert all(r.name in {e.name for e in entities} for r in resolved)


@pytest.mark.parametrize(
    ("surface", "start", "expected"),
    [
        ("侯老", 5, ("侯", 5, SOURCE)),  # the tagger's span of the whole address
        ("陈小姐", 2, ("陈", 2, SOURCE)),
        ("老胡", 0, ("胡", 1, SOURCE)),  # 老 before the surname
        ("王建国", 0, ("王建国", 0, "crf")),  # a full name passes
        ("老师", 0, ("老师", 0, "crf")),  # a word, not an address
    ],
)
def test_statistical_address_spans_become_the_surname(
    surface: str, start: int, expected: tuple[str, int, str]
) -> None:
    mention = addressed_span(Mention(start, start + len(surface), PERSON, surface, "crf", 0.99))
    assert (mention.text, mention.start, mention.source) == expected
    assert mention.end == mention.start + len(mention.text)


@pytest.mark.parametrize(
    ("text", "surname", "score", "addressed"),
    [
        ("他把信寄给吴先生。", "吴", 0.95, True),  # 寄给: a left context the rule refuses
        ("我代陈女士道谢。", "陈", 0.92, True),
        ("我代陈女士道谢。", "陈", 0.8, False),  # the tagger is unsure
        ("他姓吴，很和气。", "吴", 0.99, False),  # no form of address follows
        ("请他先生火。", "他", 0.99, False),  # 他 is no surname
    ],
)
def test_a_sure_one_character_person_before_an_address(
    text: str, surname: str, score: float, addressed: bool
) -> None:
    start = text.index(surname)
    mention = Mention(start, start + 1, PERSON, surname, "crf", score)
    assert (addressed_surname_span(text, mention).source == SOURCE) is addressed
