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


# Surnames, titles and organization words: read by the person, organization and place rules alike.
@functools.lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(one-character surnames, compound surnames) of ``kg/data/surnames.txt``."""
    listed = data_words("surnames.txt")
    return frozenset(w for w in listed if len(w) == 1), frozenset(w for w in listed if len(w) == 2)


def single_surnames() -> frozenset[str]:
    """The one-character surnames."""
    return surnames()[0]


def has_surname(surface: str) -> bool:
    """Whether ``surface`` starts with a known single or compound surname."""
    single, double = surnames()
    return surface[:2] in double or surface[:1] in single


@functools.lru_cache(maxsize=1)
def titles() -> tuple[str, ...]:
    """Known titles, longest first."""
    return tuple(sorted(set(data_words("titles.txt")), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def long_titles() -> tuple[str, ...]:
    """Titles of two or more characters (常委, 部长), for ``str.endswith`` tests."""
    return tuple(t for t in titles() if len(t) >= 2)


@functools.lru_cache(maxsize=1)
def org_suffixes() -> tuple[str, ...]:
    """Organ words of two or more characters, longest first (公安局, 红十字会, 大学)."""
    forms = {w for w in data_words("org_suffixes.txt") if len(w) > 1}
    return tuple(sorted(forms, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def known_organizations() -> dict[str, str]:
    """Every full or short form of a well-known organization → its canonical full name."""
    text = resources.files("kg").joinpath("data", "organizations.txt").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        full, _, shorts = line.partition("|")
        table[full.strip()] = full.strip()
        for short in shorts.split(","):
            if short.strip():
                table.setdefault(short.strip(), full.strip())
    return table
