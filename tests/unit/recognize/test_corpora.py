"""Training-corpus conversion of scripts/ner_corpora.py, on hand-written PD1998-style lines."""

from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "scripts"))

import ner_corpora

# (tokens of a paragraph, expected text, expected entities as (surface, label))
PARAGRAPH_CASES = [
    (
        "省委/n 书记/n 王/nr 建国/nr 来到/v 湖北省/ns 武汉市/ns 。/w",
        "省委书记王建国来到湖北省武汉市。",
        [("王建国", "PER"), ("湖北省", "LOC"), ("武汉市", "LOC")],
    ),
    (
        "[北京/ns 大学/n]nt 校长/n 李明/nr 说/v",
        "北京大学校长李明说",
        [("北京大学", "ORG"), ("李明", "PER")],
    ),
    (
        "[长江/ns 三峡/ns]ns 工程/n 和/c 新华社/nt",
        "长江三峡工程和新华社",
        [("长江三峡", "LOC"), ("新华社", "ORG")],
    ),
    (
        "[中国/ns 青年/n]nz 报道/v",  # a compound of another kind keeps its inner places
        "中国青年报道",
        [("中国", "LOC")],
    ),
    ("张三/nr 、/w 李四/nr 到/v 了/u", "张三、李四到了", [("张三", "PER"), ("李四", "PER")]),
]


@pytest.mark.parametrize(("tokens", "text", "entities"), PARAGRAPH_CASES)
def test_pd_paragraph(tokens: str, text: str, entities: list[tuple[str, str]]) -> None:
    got_text, spans = ner_corpora.pd_paragraph(tokens.split())
    assert got_text == text
    assert [(got_text[s:e], k) for s, e, k in spans] == entities


# (paragraph text with spans, expected sentences): never cut inside an entity.
SENTENCE_CASES = [
    (("甲说。乙来了！好", [(0, 1, "PER"), (3, 4, "PER")]), ["甲说。", "乙来了！", "好"]),
    (("王。五说了。", [(0, 3, "PER")]), ["王。五说了。"]),
    (("对吗？？是的。", []), ["对吗？？", "是的。"]),
]


@pytest.mark.parametrize(("example", "sentences"), SENTENCE_CASES)
def test_sentences(example: ner_corpora.Example, sentences: list[str]) -> None:
    assert [t for t, _ in ner_corpora._sentences(example)] == sentences


BIO_CASES = [
    (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
    (["I-ORG", "I-ORG", "B-ORG"], [(0, 2, "ORG"), (2, 3, "ORG")]),
    (["O", "O"], []),
]


@pytest.mark.parametrize(("tags", "spans"), BIO_CASES)
def test_bio_spans(tags: list[str], spans: list[ner_corpora.Span]) -> None:
    assert ner_corpora.bio_spans(tags) == spans


def test_without_drops_equal_texts() -> None:
    kept = ner_corpora.without([("甲", []), ("乙", []), ("丙", [])], [("乙", [(0, 1, "PER")])])
    assert [t for t, _ in kept] == ["甲", "丙"]


@pytest.mark.slow
def test_split_is_last_sentences_and_disjoint(shared: pathlib.Path) -> None:
    corpus = shared / "benchmarks" / "ner"
    train, split = ner_corpora.msra(corpus)
    assert len(split) == ner_corpora.SPLIT_SIZE and len(train) + len(split) == 45_000
    texts = {t for t, _ in split}
    assert not any(t in texts for t, _ in ner_corpora.without(ner_corpora.pd1998(corpus), split))
