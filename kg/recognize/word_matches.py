"""Every dictionary word over each character, not only the one jieba's segmentation chose.

A segmenter commits to one reading (李德|平, 范|小青); the words it passed over still say where a
name could begin or end. Per character this module gives, for the longest jieba-dictionary word
(two characters or more) that begins there, that ends there and that runs through it, a small
code of the word's length and part-of-speech class — the "soft lexicon" idea of lexicon-enhanced
character taggers (Ma et al. 2020) reduced to categorical inputs, so that the neural tagger
looks them up like its other inputs instead of averaging word embeddings.

>>> begins, inside, ends = word_match_codes("范小青说")
>>> len(begins) == len(inside) == len(ends) == 4
True
>>> code("nr", 3) != code("ns", 3) and code("nr", 2) != code("nr", 3)
True
"""

from __future__ import annotations

import functools

from kg.dictionary import frequencies, pos_tags

# Part-of-speech classes of jieba's dictionary tags; a tag not listed is "other".
_CLASSES = ("nr", "ns", "nt", "nz", "n", "v", "other")
_LENGTHS = (2, 3, 4)  # 4: four characters or more
NONE = 1  # 0 is padding
CODES = 2 + len(_CLASSES) * len(_LENGTHS)
_MAX_LENGTH = 8  # longer dictionary entries are idioms and titles, not names


def _class(tag: str) -> int:
    for k, prefix in enumerate(_CLASSES[:-1]):
        if tag.startswith(prefix):
            return k
    return len(_CLASSES) - 1


def code(tag: str, length: int) -> int:
    """The code of a dictionary word of ``length`` characters tagged ``tag``."""
    return 2 + _class(tag) * len(_LENGTHS) + min(length, _LENGTHS[-1]) - _LENGTHS[0]


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict[str, int]:
    """Word -> code of the dictionary words of 2.._MAX_LENGTH characters with a frequency, and
    0 for every other prefix of such a word (jieba's prefix dictionary), so that a scan from a
    character stops as soon as no longer word can follow."""
    tags = pos_tags()
    codes: dict[str, int] = {}
    for word, freq in frequencies().items():
        if 2 <= len(word) <= _MAX_LENGTH and freq > 0:
            codes[word] = code(tags.get(word, "x"), len(word))
        elif len(word) < _MAX_LENGTH:
            codes.setdefault(word, 0)
    return codes


def word_match_codes(text: str) -> tuple[list[int], list[int], list[int]]:
    """Per character the codes of the longest dictionary word beginning there, running through
    it (neither its first nor its last character) and ending there (``NONE``: no such word)."""
    codes = _lexicon()
    n = len(text)
    begins, inside, ends = [NONE] * n, [NONE] * n, [NONE] * n
    longest_inside, longest_end = [0] * n, [0] * n
    for i in range(n - 1):
        if text[i] not in codes:
            continue
        last = i + 1
        while last < n and (value := codes.get(text[i : last + 1])) is not None:
            if value:  # a word of last - i + 1 characters, longer than any before it
                length = last - i + 1
                begins[i] = value
                if length > longest_end[last]:
                    longest_end[last], ends[last] = length, value
                for j in range(i + 1, last):
                    if length > longest_inside[j]:
                        longest_inside[j], inside[j] = length, value
            last += 1
    return begins, inside, ends
