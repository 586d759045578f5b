"""kg.extract.when: the date of an act from its sentence, else from the event its paragraph is
about, else none.  All sentences are written for these tests."""

from __future__ import annotations

import dataclasses

import pytest

from kg.extract import extract_facts
from kg.extract.when import Dating, moments, read_act
from kg.records import EVENT, PERSON, STATEMENT, DocContext, Fact, NodeRef
from tests.unit.extract._doc import doc

PEOPLE = {name: PERSON for name in ("李明", "张华", "王强", "赵六", "钱七")}


def _fact(ctx: DocContext, subject: str, predicate: str, sentence: int) -> Fact:
    s = ctx.sentences[sentence]
    obj = NodeRef("…", STATEMENT if predicate == "SAID" else EVENT)
    return Fact(NodeRef(subject, PERSON), predicate, obj, {}, (s.start, s.end), 0.9, "test")


def _ctx(text: str, *, date: str | None = None, year: int | None = 2024) -> DocContext:
    return dataclasses.replace(doc(text, PEOPLE, date=date), year=year)


# (text, publication date, year, (subject, predicate, sentence index), expected date)
CASES = [
    # the day given in the sentence that introduces the meeting dates what is said at it
    ("李明2月14日在北京会见张华。李明表示，双方要加强合作。", None, 2024,
     ("李明", "SAID", 1), "2024-02-14"),
    # a later paragraph: its speaker took part in the meeting
    ("李明2月14日在北京会见张华。\n张华说，这次访问很成功。", None, 2024,
     ("张华", "SAID", 1), "2024-02-14"),
    # a later paragraph, someone who was not there: no date…
    ("河西县今年雨水偏多。\n李明2月14日在北京会见张华。\n王强说，要修好水渠。", None, 2024,
     ("王强", "SAID", 2), None),
    # …unless the act is the one the lead reports: the story is of its day
    ("李明2月14日在北京会见张华。\n王强说，要修好水渠。", None, 2024,
     ("王强", "SAID", 1), "2024-02-14"),
    ("河西省政府今天举行新闻发布会。\n省卫生健康委主任王强介绍，全省新增病例下降。", "2024-02-14",
     None, ("王强", "SAID", 1), "2024-02-14"),
    ("李明2月14日在北京会见张华。\n一个月前，王强来到北京。\n王强说，要修好水渠。", None, 2024,
     ("王强", "SAID", 2), None),
    # …unless the sentence points back at the event
    ("李明2月14日在北京会见张华。\n王强等参加上述活动。", None, 2024,
     ("王强", "ATTENDED", 1), "2024-02-14"),
    ("李明2月14日同张华举行会谈。\n会谈前，李明为张华举行欢迎仪式。\n王强陪同参加欢迎仪式。",
     None, 2024, ("王强", "ATTENDED", 2), "2024-02-14"),
    # a bare day takes the month and year of the publication date
    ("李明14日在北京会见张华。\n张华说，这次访问很成功。", "2024-02-15", None,
     ("张华", "SAID", 1), "2024-02-14"),
    ("今天上午，李明在北京会见张华。张华表示，愿意合作。", "2024-02-15", None,
     ("张华", "SAID", 1), "2024-02-15"),
    # a year written in the sentence needs neither
    ("2019年2月14日，李明在北京会见张华。李明表示，双方要加强合作。", None, None,
     ("李明", "SAID", 1), "2019-02-14"),
    # no year known at all: never a guess
    ("李明2月14日在北京会见张华。李明表示，双方要加强合作。", None, None,
     ("李明", "SAID", 1), None),
    # a range: the act starts on its first day, what follows has no one day
    ("李明5月8日至10日在河西省考察。", None, 2024, ("李明", "VISITED", 0), "2024-05-08"),
    ("李明5月8日至10日在河西省考察。李明指出，要保护好湿地。", None, 2024,
     ("李明", "SAID", 1), None),
    # a headline names the act its lead paragraph dates
    ("李明会见张华\n李明2月14日在北京会见张华。", None, 2024, ("李明", "MET", 0), "2024-02-14"),
    ("李明会见张华\n李明在北京会见张华。\n2月14日，张华离开北京。", None, 2024,
     ("李明", "MET", 0), None),
    # a dateline's date is the dispatch's; 近日 leaves the act's day open
    ("河西日报2月14日讯 河西市公安局近日破获一起诈骗案。\n河西市公安局局长王强说，要严打。",
     None, 2024, ("王强", "SAID", 1), None),
    ("河西日报2月14日讯 李明近日会见了张华。李明表示，欢迎合作。", None, 2024,
     ("李明", "SAID", 1), None),
    # 当天 after a date: the day written before
    ("3月2日，暴雨袭击河西县。当天，李明主持召开防汛会议。", None, 2024,
     ("李明", "CHAIRED", 1), "2024-03-02"),
    # an act dated only by a year and month ends the event
    ("李明2月14日在北京会见张华。2023年8月，李明来到河西村考察。他强调，要保护环境。", None, 2024,
     ("李明", "SAID", 2), None),
    # 日前 / 近日 fix no day
    ("李明2月14日在北京会见张华。李明日前还会见了赵六。", None, 2024, ("李明", "MET", 1), None),
    # a habit is no event of one day
    ("李明2月14日在北京会见张华。李明多次强调，要保护环境。", None, 2024,
     ("李明", "SAID", 1), None),
    # during a stay: its days are not one day
    ("李明2月14日抵达河西省访问。访问期间，李明会见了赵六。", None, 2024, ("李明", "MET", 1), None),
    # a date inside reported speech is the speaker's, not an act
    ("王强说，2月4日，医疗队已经出发。王强还表示，要坚持到底。", None, 2024,
     ("王强", "SAID", 1), None),
    ("“2月4日我们就出发了。”王强说。王强还表示，要坚持到底。", None, 2024,
     ("王强", "SAID", 1), None),
    # a date opening a span is no act
    ("自2月3日起，李明在河西县蹲点。李明表示，要坚持到底。", None, 2024, ("李明", "SAID", 1), None),
    # a heading starts a new section: the event does not cross it
    ("李明2月14日在北京会见张华。\n二、经济发展\n李明表示，要发展经济。", None, 2024,
     ("李明", "SAID", 2), None),
    # a plan is no event of the story: 将于…, a decided date, a day after publication
    ("李明将于3月20日出席河西论坛。李明表示，欢迎各方参加。", "2024-03-10", None,
     ("李明", "SAID", 1), None),
    ("会议决定，第五次会议于3月20日在北京召开。李明强调，要做好准备。", None, 2024,
     ("李明", "SAID", 1), None),
    ("3月20日，李明出席河西论坛。李明表示，欢迎各方参加。", "2024-03-10", None,
     ("李明", "SAID", 1), None),
    # a date opening a sentence dates that sentence, but no event: an incident is no act
    ("2月13日，河西省应急管理厅紧急调拨帐篷2000顶支援河西县。", None, 2024,
     ("李明", "DONATED", 0), "2024-02-13"),
    ("北京时间2月13日23时59分，河西县发生地震。\n地震发生后，李明作出指示。\n李明要求，全力搜救。",
     None, 2024, ("李明", "SAID", 2), None),
    ("李明作出指示\n北京时间2月13日23时59分，河西县发生地震。李明要求，全力搜救。", None, 2024,
     ("李明", "SAID", 0), None),
    # a letter: its words are of the day it was written
    ("李明3月11日给河西中学全体师生回信。\n李明在回信中说，希望同学们努力学习。", None, 2024,
     ("李明", "SAID", 1), "2024-03-11"),
]


@pytest.mark.parametrize(("text", "date", "year", "fact", "expected"), CASES)
def test_date_from_the_event_context(
    text: str, date: str | None, year: int | None, fact: tuple[str, str, int],
    expected: str | None,
) -> None:
    ctx = _ctx(text, date=date, year=year)
    dated = Dating(ctx)(_fact(ctx, *fact))
    assert dated.attrs.get("date") == expected


def test_a_fact_that_has_a_date_keeps_it() -> None:
    ctx = _ctx("李明2月14日在北京会见张华。李明表示，双方要加强合作。")
    fact = dataclasses.replace(_fact(ctx, "李明", "SAID", 1), attrs={"date": "2024-02-13"})
    assert Dating(ctx)(fact).attrs["date"] == "2024-02-13"


def test_positions_carry_no_date() -> None:
    ctx = _ctx("李明2月14日在北京会见张华。李明是河西省省长。")
    assert "date" not in Dating(ctx)(_fact(ctx, "李明", "HOLDS_POSITION", 1)).attrs


@pytest.mark.parametrize(
    ("sentence", "kind", "date"),
    [
        ("李明2月14日在北京会见张华。", "dated", "2024-02-14"),
        ("2月14日下午，李明主持召开常务会议。", "dated", "2024-02-14"),
        ("李明表示，2月14日将召开大会。", "none", None),  # the date is in what he said
        ("截至2月14日，全省累计接种疫苗十万剂。", "none", None),
        ("2023年8月，李明来到河西村考察。", "undated", None),
        ("李明近日会见了张华。", "undated", None),
        ("李明多次主持召开会议。", "habit", None),
        ("1998年，河西县修建了水库。", "vague", None),
        ("会议期间，李明会见了张华。", "vague", None),
    ],
)
def test_read_act(sentence: str, kind: str, date: str | None) -> None:
    act, _ = read_act(sentence, reference=None, year=2024, last_date=None)
    assert (act.kind, act.date) == (kind, date)


def test_extract_facts_dates_through_the_extractors() -> None:
    """The hook in extract_facts: the meeting's own date, and the statement's from it."""
    ctx = _ctx("李明2月14日在北京会见张华。\n李明表示，双方要加强合作。")
    dates = {(f.subject.name, f.predicate): f.attrs.get("date") for f in extract_facts(ctx)}
    assert dates.get(("李明", "MET")) == "2024-02-14"
    assert dates.get(("李明", "SAID")) == "2024-02-14"


def _long_context(blocks: int) -> DocContext:
    """``blocks`` copies of a five-paragraph story (a meeting, 当天, an undated visit)."""
    one = _ctx(
        "李明1日在北京会见张华。\n张华说，这次访问很成功，双方要继续加强合作，共同推进各领域务实合作。"
        "当天，王强主持召开座谈会，听取各方意见建议。\n王强表示，要把工作做实做细，久久为功，善作善成。\n"
        "2023年8月，李明来到河西村考察。他强调，要保护好生态环境，绿水青山就是金山银山。\n"
    )
    size = len(one.text)
    sentences = tuple(
        dataclasses.replace(
            s, start=s.start + i * size, end=s.end + i * size,
            mentions=tuple(dataclasses.replace(m, start=m.start + i * size, end=m.end + i * size)
                           for m in s.mentions),
        )
        for i in range(blocks) for s in one.sentences
    )
    return dataclasses.replace(one, text=one.text * blocks, sentences=sentences)


def _one_long_event(sentences: int) -> DocContext:
    """One meeting, then ``sentences`` statements in the same paragraph: one event throughout."""
    one = _ctx("李明2月1日在北京会见张华。张华说，这次会谈很成功，双方要继续加强合作。")
    lead, said = one.sentences
    size = said.end - said.start
    copies = tuple(
        dataclasses.replace(
            said, start=said.start + i * size, end=said.end + i * size,
            mentions=tuple(dataclasses.replace(m, start=m.start + i * size, end=m.end + i * size)
                           for m in said.mentions),
        )
        for i in range(sentences)
    )
    text = one.text[: said.start] + one.text[said.start : said.end] * sentences
    return dataclasses.replace(one, text=text, sentences=(lead, *copies))


def _reads(ctx: DocContext, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Date every sentence's fact and count the work: how often the document's moments are
    computed and how many characters the sentence reader is given. One pass means one
    computation and no more characters read than the text has (counted, not timed: the
    machine's load cannot make it fail)."""
    from kg.extract import when

    counts = {"moments": 0, "read": 0}
    real_moments, real_read_act = when.moments, when.read_act

    def counting_moments(context: DocContext):
        counts["moments"] += 1
        return real_moments(context)

    def counting_read_act(sentence: str, **kwargs):
        counts["read"] += len(sentence)
        return real_read_act(sentence, **kwargs)

    monkeypatch.setattr(when, "moments", counting_moments)
    monkeypatch.setattr(when, "read_act", counting_read_act)
    dating = Dating(ctx)
    for i in range(len(ctx.sentences)):
        dating(_fact(ctx, "张华", "SAID", i))
    return counts


def test_dating_is_linear_in_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """200,000 characters: one pass, not a scan of everything before each fact."""
    large = _long_context(1700)
    assert len(large.text) >= 200_000
    assert len(moments(large)) == len(large.sentences)
    counts = _reads(large, monkeypatch)
    assert counts["moments"] == 1
    assert 0 < counts["read"] <= len(large.text)


def test_one_long_event_stays_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    large = _one_long_event(9200)
    assert len(large.text) >= 200_000
    dating = Dating(large)
    assert dating(_fact(large, "张华", "SAID", 9200)).attrs["date"] == "2024-02-01"
    counts = _reads(large, monkeypatch)
    assert counts["moments"] == 1
    assert 0 < counts["read"] <= len(large.text)
