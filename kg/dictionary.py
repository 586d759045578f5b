"""jieba's dictionary, loaded once per process and shared by every stage that needs it.

The recognizer's features, the place gazetteer, the word filters and the lexicon all consult
jieba's default dictionary: its words and frequencies (the prefix dictionary of a
``jieba.Tokenizer``) and each word's part-of-speech tag (the third column of ``dict.txt``).
Loading them separately cost a second copy of the prefix dictionary (~0.9 CPU-s and ~100 MB
per process) and three parses of ``dict.txt`` (~0.75 CPU-s each) before the first document;
that serial start-up is what limited the speed-up of two workers over one.

kg uses a *private* tokenizer rather than ``jieba.dt``: words that other code (a notebook, a
user dictionary) adds to jieba's global dictionary cannot shift kg's features away from what
its model learned. Nothing in kg adds words to it.

>>> tokenizer().FREQ["中国"] > 0
True
>>> pos_tags()["北京"]
'ns'
>>> dictionary_cut("南海地区")
['南海', '地区']
"""

from __future__ import annotations

import functools
import logging
import pathlib

import jieba

try:  # jieba-rs: the same default dictionary, about ten times faster
    import rjieba
except ImportError:  # pragma: no cover - jieba alone gives the same words
    rjieba = None

jieba.setLogLevel(logging.CRITICAL + 10)


def dictionary_path() -> pathlib.Path:
    """jieba's default ``dict.txt`` (word, frequency, POS tag on each line)."""
    return pathlib.Path(jieba.__file__).with_name("dict.txt")


@functools.lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """kg's own initialized jieba tokenizer on the default dictionary (one per process)."""
    private = jieba.Tokenizer()
    private.initialize()
    return private


@functools.lru_cache(maxsize=1)
def pos_tags() -> dict[str, str]:
    """Word -> part-of-speech tag of every word of jieba's dictionary, as ``jieba.posseg``
    reads them (its ``word_tag_tab``), parsed once."""
    text = dictionary_path().read_text(encoding="utf-8")
    fields = text.split()
    lines = text.count("\n") + (not text.endswith("\n"))
    if len(fields) == 3 * lines:  # the shipped file: word freq tag on every line
        return dict(zip(fields[0::3], fields[2::3], strict=True))
    tags: dict[str, str] = {}  # a user-replaced dictionary with irregular lines
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3:
            tags[parts[0]] = parts[2]
    return tags


def frequencies() -> dict[str, int]:
    """jieba's prefix dictionary: word -> frequency (prefixes of words have frequency 0)."""
    return tokenizer().FREQ


def dictionary_cut(text: str) -> list[str]:
    """The words of ``text`` by dictionary alone (no HMM guesses for unknown words), as
    ``tokenizer().cut(text, HMM=False)``; by rjieba when it is installed (the same words on
    all 6,413 raw CCTV items and 20,000 random mixes of Han, Latin, digits and punctuation:
    ``tests/unit/test_dictionary.py``)."""
    if rjieba is None:
        return list(tokenizer().cut(text, HMM=False))
    return rjieba.cut(text, False)
