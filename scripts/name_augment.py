"""Mention replacement for the neural tagger's training data: copies of training sentences whose
Chinese personal names are replaced by new names.

Most person names the tagger misses on the split are names it never saw in training; a model that
has seen the same contexts with many different names learns the context and the shape of a name
(a surname, then one or two given-name characters) rather than the names themselves. The new names
are drawn from the training names' own statistics: the surname from the training surnames by
frequency, each given-name character from the characters seen at that position of a given name,
the length (one or two given characters) as often as in training. Only names that are a known
single surname plus one or two Han characters, not all transliteration characters, are replaced
(foreign names and surname-only mentions keep their sentences as they are).

>>> import random
>>> stats = NameStatistics.of([("王小明说。", [(0, 3, "PER")]), ("李华来了。", [(0, 2, "PER")])])
>>> text, spans = replace_names(("张伟说。", [(0, 2, "PER")]), stats, random.Random(1))
>>> len(spans) == 1 and spans[0][2] == "PER" and text.endswith("说。")
True
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kg.recognize.lexicon import single_surnames
from kg.recognize.rules import is_transliteration

Span = tuple[int, int, str]
Example = tuple[str, list[Span]]

_HAN = re.compile(r"[\u4e00-\u9fff]+")


def replaceable(name: str) -> bool:
    """A Chinese full name: a known single surname and one or two more Han characters."""
    return (2 <= len(name) <= 3 and _HAN.fullmatch(name) is not None
            and name[0] in single_surnames() and not is_transliteration(name))


@dataclass(frozen=True)
class NameStatistics:
    """Frequencies of surnames, given-name lengths and given-name characters by position."""

    surnames: Counter[str]
    lengths: Counter[int]
    given: tuple[Counter[str], Counter[str]]
    given_names: Counter[str]

    @classmethod
    def of(cls, examples: Sequence[Example]) -> NameStatistics:
        surnames: Counter[str] = Counter()
        lengths: Counter[int] = Counter()
        given: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
        given_names: Counter[str] = Counter()
        for text, spans in examples:
            for start, end, label in spans:
                name = text[start:end]
                if label != "PER" or not replaceable(name):
                    continue
                surnames[name[0]] += 1
                lengths[len(name) - 1] += 1
                given_names[name[1:]] += 1
                for k, char in enumerate(name[1:]):
                    given[k][char] += 1
        return cls(surnames, lengths, given, given_names)

    def draw(self, rng: random.Random, *, whole_given: bool = False) -> str:
        """A new name: a surname, then a given name drawn whole from the training given names
        (``whole_given``) or character by character."""
        def pick(counter: Counter) -> object:
            keys = list(counter)
            return rng.choices(keys, weights=[counter[k] for k in keys])[0]

        if whole_given:
            return str(pick(self.surnames)) + str(pick(self.given_names))
        length = pick(self.lengths)
        # A one-character given name draws from the first position's characters.
        return str(pick(self.surnames)) + "".join(str(pick(self.given[k])) for k in range(length))


def replace_names(example: Example, stats: NameStatistics, rng: random.Random, *,
                  whole_given: bool = False) -> Example:
    """The example with every replaceable name changed (the same name the same way)."""
    text, spans = example
    new_names: dict[str, str] = {}
    out, new_spans, position = [], [], 0
    for start, end, label in sorted(spans):
        name = text[start:end]
        out.append(text[position:start])
        offset = sum(map(len, out))
        if label == "PER" and replaceable(name):
            name = new_names.setdefault(name, stats.draw(rng, whole_given=whole_given))
        out.append(name)
        new_spans.append((offset, offset + len(name), label))
        position = end
    out.append(text[position:])
    return "".join(out), new_spans


def augmented(examples: Sequence[Example], fraction: float, *, seed: int,
              whole_given: bool = False) -> list[Example]:
    """Copies, with new names, of ``fraction`` of the examples that hold a replaceable name
    (chosen at random with ``seed``; 2.5: two copies of each and one of half of them)."""
    stats = NameStatistics.of(examples)
    rng = random.Random(seed)
    with_names = [ex for ex in examples
                  if any(k == "PER" and replaceable(ex[0][s:e]) for s, e, k in ex[1])]
    whole, rest = divmod(fraction, 1.0)
    chosen = with_names * int(whole) + rng.sample(with_names, round(rest * len(with_names)))
    return [replace_names(ex, stats, rng, whole_given=whole_given) for ex in chosen]
