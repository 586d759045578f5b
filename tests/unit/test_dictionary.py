"""jieba's dictionary is loaded once per process and read the way jieba reads it."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import textwrap

import jieba
import jieba.posseg
import pytest

from kg import dictionary


@pytest.fixture(scope="module")
def posseg_table() -> dict[str, str]:
    return jieba.posseg.POSTokenizer(jieba.Tokenizer()).word_tag_tab


@pytest.mark.parametrize("word", ["北京", "中国", "国务院", "李白", "表示", "的", "武汉市"])
def test_pos_tags_match_jieba_posseg(word: str, posseg_table: dict[str, str]) -> None:
    assert dictionary.pos_tags()[word] == posseg_table[word]


def test_pos_tags_cover_the_whole_dictionary(posseg_table: dict[str, str]) -> None:
    assert dictionary.pos_tags() == posseg_table


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("南海地区", ["南海", "地区"]),
        ("长治久安", ["长治久安"]),
        ("新闻演播大厅", ["新闻", "演播", "大厅"]),
    ],
)
def test_dictionary_cut_is_jiebas_dictionary_segmentation(text: str, expected: list[str]) -> None:
    assert dictionary.dictionary_cut(text) == expected
    assert dictionary.dictionary_cut(text) == list(jieba.Tokenizer().cut(text, HMM=False))


def test_dictionary_cut_equals_jieba_on_raw_news(shared: pathlib.Path) -> None:
    import json

    jieba_cut = dictionary.tokenizer().cut
    lines = (shared / "raw" / "cctv-2022-2023.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines[::10]]
    assert len(texts) > 600
    assert [dictionary.dictionary_cut(t) for t in texts] == [
        list(jieba_cut(t, HMM=False)) for t in texts]


def test_dictionary_cut_equals_jieba_on_mixed_scripts() -> None:
    import random

    rng = random.Random(7)
    alphabet = list("中国北京长治久安abcXYZ0129 .-_%，。、:：/\t\n①Ⅳａｂ１２\u3000😀·—")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
             for _ in range(3000)]
    jieba_cut = dictionary.tokenizer().cut
    assert [dictionary.dictionary_cut(t) for t in texts] == [
        list(jieba_cut(t, HMM=False)) for t in texts]


def test_one_prefix_dictionary_serves_every_stage() -> None:
    from kg.recognize import features, lexicon

    assert features._tokenizer()[0] is dictionary.tokenizer()
    assert lexicon.word_frequencies() is dictionary.tokenizer().FREQ


def test_extraction_loads_neither_the_global_dictionary_nor_posseg() -> None:
    # A fresh process: the start-up of a worker is what the shared dictionary saves.
    script = textwrap.dedent(
        """
        import sys
        import jieba
        from kg.pipeline import extract_document
        from kg.sources import SourceDoc
        text = "新华社北京3月1日电 国务院总理李强1日会见马克龙。李强表示，合作前景广阔。"
        records = extract_document(SourceDoc(id="d", path="d.txt", text=text, sha256="0"))
        assert any(r["kind"] == "entity" for r in records), records
        print(jieba.dt.initialized, "jieba.posseg" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    )
    assert result.stdout.split() == ["False", "False"]
