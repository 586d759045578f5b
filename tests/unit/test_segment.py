"""kg.segment: sentence spans."""

from __future__ import annotations

import pathlib

import pytest

from kg.normalize import normalize
from kg.segment import split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
        ("分号；不断句。", ["分号；不断句。"]),
        ("真的吗?!是的……好。", ["真的吗?!", "是的……好。"]),
        ("真的吗？！……”", ["真的吗？！……”"]),
        ("标题一行\n\n  正文一句。  \n", ["标题一行", "正文一句。"]),
        # a quote that opens the sentence keeps its attribution
        ("“我们一定赢。大家加油！”他说。明天见。", ["“我们一定赢。大家加油！”他说。", "明天见。"]),
        # a quote opened mid-sentence ends the sentence with it
        ("他说：“我们一定赢。”明天见。", ["他说：“我们一定赢。”", "明天见。"]),
        ("他说：“先做好防护。再出门。”她点头。", ["他说：“先做好防护。再出门。”", "她点头。"]),
        ("“口号”很响亮。他说：“好。", ["“口号”很响亮。", "他说：“好。"]),
        ("他说：“未完的引语\n下一行。", ["他说：“未完的引语", "下一行。"]),
        ("会议（下午。）结束。", ["会议（下午。）", "结束。"]),
        # a headline glued to its dateline is split before the dateline
        (
            "市长考察新区中新网北京5月3日电 市长今天考察了新区。",
            ["市长考察新区", "中新网北京5月3日电 市长今天考察了新区。"],
        ),
        ("（新华社北京2月5日电 记者张三）", ["（新华社北京2月5日电 记者张三）"]),
        ("据新华社北京2月5日电，会议召开。", ["据新华社北京2月5日电，会议召开。"]),
        ("", []),
        (" \n ", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == sentences


def test_dev_articles_are_fully_covered(shared: pathlib.Path) -> None:
    """Spans are ordered, trimmed, never cross a line, and cover every non-space character."""
    paths = sorted(shared.glob("corpus*/*.txt"))
    assert paths
    for path in paths:
        text = normalize(path.read_text(encoding="utf-8")).text
        spans = split_sentences(text)
        assert len(spans) >= 10, path.name
        covered = 0
        previous_end = 0
        for s, e in spans:
            assert previous_end <= s < e, path.name
            sentence = text[s:e]
            assert sentence == sentence.strip() and "\n" not in sentence, path.name
            covered += len(sentence.replace(" ", ""))
            previous_end = e
        assert covered == len(text.replace(" ", "").replace("\n", "")), path.name


@pytest.mark.parametrize(
    ("text", "max_piece"),
    [
        ("甲" * 5_000, 1_000),  # no break at all: cut at the cap
        ("王小明，" * 2_000, 1_000),  # a long list: cut after a comma
        ("abc " * 3_000 + "。", 1_000),
    ],
)
def test_overlong_runs_are_cut_at_the_cap(text: str, max_piece: int) -> None:
    from kg.segment import MAX_SENTENCE_CHARS

    spans = split_sentences(text)
    assert max(e - s for s, e in spans) <= MAX_SENTENCE_CHARS == max_piece
    covered = "".join(text[s:e] for s, e in spans)
    assert covered.replace(" ", "") == text.replace(" ", "")  # nothing lost but the spaces
    if "，" in text:
        assert all(text[e - 1] == "，" for _, e in spans[:-1])
