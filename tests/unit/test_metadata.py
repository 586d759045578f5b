"""kg.metadata: title, date, source and dateline."""

from __future__ import annotations

import pathlib

import pytest

from kg.metadata import DATELINE, extract_metadata
from kg.normalize import normalize


def _meta(text: str, **kwargs):
    return extract_metadata(normalize(text), **kwargs)


@pytest.mark.parametrize(
    ("text", "default_year", "title", "date", "source", "dateline"),
    [
        (  # headline glued to the dateline
            "省长考察新区建设新华社杭州3月2日电 省长今天考察了新区。",
            2021,
            "省长考察新区建设",
            "2021-03-02",
            "新华社",
            "新华社杭州3月2日电",
        ),
        (
            "部长会见外宾中新社北京十月九日电 (记者 王五)部长九日会见外宾。",
            2015,
            "部长会见外宾",
            "2015-10-09",
            "中新社",
            "中新社北京十月九日电",
        ),
        (
            "副市长出席论坛中广网深圳8月3日消息（记者李四） 论坛开幕。",
            2012,
            "副市长出席论坛",
            "2012-08-03",
            "中广网",
            "中广网深圳8月3日消息",
        ),
        (  # no place in the dateline
            "企业复工有序推进\n中新网7月22日电 据介绍，复工率已过九成。",
            2020,
            "企业复工有序推进",
            "2020-07-22",
            "中新网",
            "中新网7月22日电",
        ),
        (  # dateline in brackets at the end; year unknown → no date
            "全县干部下沉社区\n干部们走进小区。\n（新华社南京2月5日电 记者赵六）",
            None,
            "全县干部下沉社区",
            None,
            "新华社",
            "新华社南京2月5日电",
        ),
        (  # a page header with publication time and source
            "图书馆延长开放时间\n发布时间：2021-06-18 09:30 来源：某某市政府网\n图书馆将延长开放。",
            None,
            "图书馆延长开放时间",
            "2021-06-18",
            "某某市政府网",
            None,
        ),
        (
            "2019年11月05日 10:30\n正文第一句写得很长，而且没有任何标题的样子。",
            None,
            None,
            "2019-11-05",
            None,
            None,
        ),
        (  # 本报 is the paper itself: no named source
            "本报讯（记者 钱七）区里新开一所学校。",
            None,
            None,
            None,
            None,
            "本报讯",
        ),
        (  # a colon in a headline is fine; a body line is never a title
            "外交部：欢迎各方参与\n发言人表示，欢迎各方参与。",
            None,
            "外交部：欢迎各方参与",
            None,
            None,
            None,
        ),
        (
            "新华社北京2月5日电（记者张三）会议今天召开。\n会议精神\n要点如下。",
            2020,
            None,
            "2020-02-05",
            "新华社",
            "新华社北京2月5日电",
        ),
        (  # an outlet not in the list, at a line start
            "羊城晚报讯（记者 钱七）区里新开一所学校。",
            None,
            None,
            None,
            "羊城晚报",
            "羊城晚报讯",
        ),
        (  # 电话 is no dateline
            "村里通知大家\n合作社成员3日电话联系了他。",
            2020,
            "村里通知大家",
            None,
            None,
            None,
        ),
        (  # a citation of an agency is not a dateline
            "会议召开\n据新华社北京5月1日电，会议在京召开。",
            2020,
            "会议召开",
            None,
            None,
            None,
        ),
        (  # traditional input: patterns run on the simplified text
            "市長視察港口新華社香港4月9日電 市長今天視察港口。",
            2019,
            "市长视察港口",
            "2019-04-09",
            "新华社",
            "新华社香港4月9日电",
        ),
    ],
)
def test_extract_metadata(
    text: str,
    default_year: int | None,
    title: str | None,
    date: str | None,
    source: str | None,
    dateline: str | None,
) -> None:
    norm = normalize(text)
    meta = extract_metadata(norm, default_year=default_year)
    assert (meta.title, meta.date, meta.source) == (title, date, source)
    got = norm.text[meta.dateline[0]:meta.dateline[1]] if meta.dateline else None
    assert got == dateline


def test_hints_win() -> None:
    meta = _meta(
        "标题在这里\n新华社北京2月5日电 正文。",
        hints={"title": "给定标题", "date": "2022-01-02", "source": "示例日报"},
        default_year=2020,
    )
    assert (meta.title, meta.date, meta.source) == ("给定标题", "2022-01-02", "示例日报")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("发布时间：2021-06-18 09:30", "2021-06-18"),
        ("发布日期: 2021 - 6 - 8", "2021-06-08"),
        ("日期：2021年6月8", "2021-06-08"),
        ("时间：2021/06/31", None),  # no such day
        ("2021-06-18 09:30 来源：示例网", "2021-06-18"),
        ("2021年6月18日　来源：示例日报", "2021-06-18"),
        ("2021-06-18　来源：示例日报", "2021-06-18"),
        ("来源：示例日报 2021年6月18日", "2021-06-18"),
        ("来源：示例日报2021-06-18 09:30", "2021-06-18"),
        ("来源：某县人民政府 | 2021-03-08", "2021-03-08"),  # a separator between the two
        ("来源：某县人民政府｜2021年3月8日 10:20", "2021-03-08"),
        ("来源：示例日报 / 2021-03-08", "2021-03-08"),
        ("2021年6月18日 星期五", "2021-06-18"),  # a date line of its own
        ("2021年6月18日，市长考察了新区", None),  # a sentence of the body, not a header
    ],
)
def test_header_dates(header: str, expected: str | None) -> None:
    assert _meta(header + "\n正文。").date == expected


@pytest.mark.parametrize(
    ("header", "source"),
    [
        ("2021年6月18日　来源：示例日报", "示例日报"),
        ("来源：示例日报2021-06-18 09:30", "示例日报"),
        ("来源：某县人民政府 | 2021-03-08", "某县人民政府"),
    ],
)
def test_header_source_stops_at_the_date(header: str, source: str) -> None:
    assert _meta(header + "\n正文。").source == source


@pytest.mark.parametrize(
    ("text", "path_date", "default_year", "expected"),
    [
        ("新华社北京2月9日电 正文。", "2020-02-10", None, "2020-02-09"),  # the dateline's year
        ("新华社北京12月31日电 正文。", "2021-01-01", None, "2020-12-31"),  # the nearest year
        ("正文一句。", "2020-02-10", None, "2020-02-10"),  # no date in the text
        ("发布时间：2019-03-01 10:00\n正文。", "2020-02-10", None, "2019-03-01"),  # text wins
        ("新华社北京2月9日电 正文。", None, 2018, "2018-02-09"),
    ],
)
def test_path_date_hint(
    text: str, path_date: str | None, default_year: int | None, expected: str
) -> None:
    hints = {"path_date": path_date} if path_date else {}
    assert _meta(text, hints=hints, default_year=default_year).date == expected


@pytest.mark.parametrize(
    ("hint_date", "expected"),
    [("2022-01-02T08:00:00", "2022-01-02"), ("2022年1月2日", "2022-01-02"), ("不详", None),
     ("20220102", "2022-01-02"), ("2022/1/2", "2022-01-02")],
)
def test_hint_date_forms(hint_date: str, expected: str | None) -> None:
    assert _meta("正文。", hints={"date": hint_date}).date == expected


def test_dev_articles_have_consistent_metadata(shared: pathlib.Path) -> None:
    """Datelines are found, dates carry the given year, glued titles end at the dateline."""
    for folder, year in (("corpus", 2020), ("corpus-news2009", 2009)):
        paths = sorted((shared / folder).glob("*.txt"))
        assert paths
        for path in paths:
            norm = normalize(path.read_text(encoding="utf-8"))
            meta = extract_metadata(norm, default_year=year)
            if meta.dateline is None:
                continue
            s, e = meta.dateline
            assert DATELINE.fullmatch(norm.text, s, e), path.name
            assert meta.date is not None and meta.date.startswith(f"{year}-"), path.name
            assert meta.source, path.name
            if s > 0 and "\n" not in norm.text[:s]:  # glued headline
                assert meta.title == norm.text[:s].strip(), path.name
            assert extract_metadata(norm).date is None  # no year given: refuse to guess
    news2009 = sorted((shared / "corpus-news2009").glob("*.txt"))
    found = [extract_metadata(normalize(p.read_text(encoding="utf-8"))).dateline for p in news2009]
    assert all(found)
