"""Training corpora of ``scripts/train_ner.py``: the MSRA split and People's Daily 1998.

Both are read from ``../shared/benchmarks/ner`` at run time (never copied into the project).

* ``msra.train.bio``: the last :data:`SPLIT_SIZE` sentences are the fixed measurement split
  (the corpus README); the others are training data.
* ``pd1998-01.pos.txt``: hand-segmented, POS-tagged paragraphs. Entities are derived from the
  tags: ``nr`` -> PER (a surname token and the given-name token after it, 江/nr 泽民/nr, are one
  name), ``ns`` -> LOC (one place per token: 湖北省/ns 武汉市/ns are two places), ``nt`` -> ORG;
  a bracketed compound ``[...]nt`` / ``[...]ns`` is one ORG / LOC over all its tokens. The
  paragraphs are cut into sentences at 。！？ so that the de-duplication against the split works
  per sentence, as in MSRA.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Iterable, Iterator

Span = tuple[int, int, str]
Example = tuple[str, list[Span]]

SPLIT_SIZE = 4_500
PD_LABELS = {"nr": "PER", "ns": "LOC", "nt": "ORG"}
_TOKEN = re.compile(r"^(\[?)(.+)/([a-zA-Z]+)(\][a-z]+)?$")
_SENTENCE_END = frozenset("。！？")


def read_bio(path: pathlib.Path) -> list[Example]:
    """Sentences of a character-per-line BIO file (blank line between sentences)."""
    examples: list[Example] = []
    chars: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split("\t") if "\t" in line else line.split(" ")
        if line.strip() and len(parts) >= 2:
            chars.append(parts[0][:1] or " ")
            tags.append(parts[-1].strip())
            continue
        if chars:
            examples.append(("".join(chars), bio_spans(tags)))
            chars, tags = [], []
    return examples


def bio_spans(tags: list[str]) -> list[Span]:
    spans: list[Span] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        head, _, label = tag.partition("-")
        if start >= 0 and not (head in ("I", "M", "E") and label == kind):
            spans.append((start, i, kind))
            start = -1
        if head in ("B", "S") or (head in ("I", "M", "E") and start < 0):
            start, kind = i, label
    return spans


def bioes_tags(length: int, spans: Iterable[Span]) -> list[str]:
    """BIOES tags of a text of ``length`` characters with these (non-overlapping) spans."""
    tags = ["O"] * length
    for start, end, label in spans:
        if end - start == 1:
            tags[start] = "S-" + label
            continue
        tags[start] = "B-" + label
        for i in range(start + 1, end - 1):
            tags[i] = "I-" + label
        tags[end - 1] = "E-" + label
    return tags


def msra(corpus_dir: pathlib.Path) -> tuple[list[Example], list[Example]]:
    """(training sentences, the measurement split) of ``msra.train.bio``."""
    examples = read_bio(corpus_dir / "msra.train.bio")
    return examples[:-SPLIT_SIZE], examples[-SPLIT_SIZE:]


def pd_paragraph(tokens: Iterable[str]) -> Example:
    """Text and PER/LOC/ORG spans of one tokenized PD1998 paragraph (id token removed)."""
    text = ""
    spans: list[Span] = []
    bracket_start = -1
    previous = ""
    for token in tokens:
        match = _TOKEN.match(token)
        if match is None:
            continue
        opens, word, tag, closes = match.groups()
        if opens:
            bracket_start = len(text)
        start = len(text)
        text += word
        label = PD_LABELS.get(tag)
        if label == "PER" and previous == "nr" and spans and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], len(text), "PER")  # 江/nr 泽民/nr: one name
        elif label is not None:
            spans.append((start, len(text), label))
        previous = tag
        if closes:
            compound = PD_LABELS.get(closes[1:])
            if compound in ("LOC", "ORG") and bracket_start >= 0:
                spans = [s for s in spans if s[1] <= bracket_start]
                spans.append((bracket_start, len(text), compound))
            bracket_start = -1
            previous = ""
    return text, spans


def _sentences(example: Example) -> Iterator[Example]:
    text, spans = example
    start = 0
    for i, char in enumerate(text):
        end = i + 1
        closing = char in _SENTENCE_END and (end == len(text) or text[end] not in _SENTENCE_END)
        # Never cut inside an entity (a span crossing the boundary keeps the sentence going).
        whole = all(e <= start or s >= end or (start <= s and e <= end) for s, e, _ in spans)
        if (closing or end == len(text)) and whole:
            inside = [(s - start, e - start, k) for s, e, k in spans if start <= s and e <= end]
            if text[start:end].strip():
                yield text[start:end], inside
            start = end


def pd1998(corpus_dir: pathlib.Path) -> list[Example]:
    """PD1998 sentences with derived entities."""
    examples: list[Example] = []
    for line in (corpus_dir / "pd1998-01.pos.txt").read_text(encoding="utf-8").splitlines():
        tokens = line.split()
        if len(tokens) < 2:
            continue
        examples.extend(_sentences(pd_paragraph(tokens[1:])))
    return examples


def without(examples: Iterable[Example], held_out: Iterable[Example]) -> list[Example]:
    """``examples`` minus every sentence whose text equals a held-out sentence's text."""
    texts = {text for text, _ in held_out}
    return [ex for ex in examples if ex[0] not in texts]
