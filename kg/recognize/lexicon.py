"""Shared lexical resources of the recognizer rules: word lists from ``kg/data``, jieba's
dictionary (frequencies and part-of-speech tags) and a few character classes."""

from __future__ import annotations

import functools
from importlib import resources

from kg.dictionary import frequencies


@functools.lru_cache(maxsize=1)
def _sections() -> dict[str, frozenset[str]]:
    text = resources.files("kg").joinpath("data", "word_lists.txt").read_text(encoding="utf-8")
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif current is not None:
            current.update(line.split())
    return {name: frozenset(words) for name, words in sections.items()}


def words(section: str) -> frozenset[str]:
    """The words of one section (KeyError for an unknown section: a typo, not an empty list)."""
    return _sections()[section]


CJK_CLASS = r"[\u4e00-\u9fff]"
# jieba tags of a two-character piece that make it a verb or function word (强调, 通过).
VERBAL_TAGS = frozenset(("v", "vn", "vd", "d", "ad", "p", "c", "u", "r"))


def data_words(filename: str) -> list[str]:
    """Whitespace-separated words of a ``kg/data`` file, without '#' comment lines."""
    text = resources.files("kg").joinpath("data", filename).read_text(encoding="utf-8")
    found: list[str] = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            found.extend(line.split())
    return found


@functools.lru_cache(maxsize=1)
def word_frequencies() -> dict[str, int]:
    """jieba's dictionary: word → frequency."""
    return frequencies()


def dictionary_tags() -> dict[str, str]:
    """jieba's part-of-speech tag of every dictionary word of two to four characters."""
    from kg.gazetteer import dictionary_tags as tags

    return tags()


def common_word(word: str, min_frequency: int = 500) -> bool:
    """Whether ``word`` is a frequent word of jieba's dictionary (部门, 关系, 大局), not one of
    its rare fragments (部副, 部发)."""
    return word_frequencies().get(word, 0) >= min_frequency
