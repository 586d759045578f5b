"""Statistical entity tagger: a linear-chain CRF over characters (python-crfsuite).

The model (``data/ner.crfsuite``) is trained by ``scripts/train_ner.py`` on People's Daily and
CLUENER, with labels in BIOES form over the types PER, LOC and ORG. Tagging works per chunk
(line, sentence, or comma clause for very long sentences) because the model was trained on
sentences and because the CRF cost is linear in chunk length anyway.
"""

from __future__ import annotations

import functools
import os
import pathlib
import re
import threading
from collections.abc import Iterator, Sequence

import pycrfsuite

from kg.recognize.features import sentence_features
from kg.records import ORGANIZATION, PERSON, PLACE, Mention

MODEL_PATH = pathlib.Path(__file__).with_name("data") / "ner.crfsuite"
LABEL_TYPES = {"PER": PERSON, "LOC": PLACE, "ORG": ORGANIZATION}
TYPE_LABELS = {v: k for k, v in LABEL_TYPES.items()}

# Chunks longer than this are cut again at clause punctuation (keeps jieba/CRF on sentence-like
# input, as in training).
_MAX_CHUNK = 160
_SENTENCE_END = re.compile(r"[^\n。！？!?；;]*[。！？!?；;]*")
_CLAUSE_END = re.compile(r"[^，,、：:]*[，,、：:]*")

_lock = threading.Lock()


@functools.lru_cache(maxsize=4)
def _tagger(path: str) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def model_path() -> pathlib.Path:
    """The model file; ``KG_NER_MODEL`` overrides it (used while training/evaluating)."""
    return pathlib.Path(os.environ.get("KG_NER_MODEL", MODEL_PATH))


def chunks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) for each sentence-like piece of ``text``; whitespace-only pieces skipped."""
    for sentence in _SENTENCE_END.finditer(text):
        if not sentence.group().strip():
            continue
        if sentence.end() - sentence.start() <= _MAX_CHUNK:
            yield sentence.start(), sentence.group()
            continue
        # A very long sentence: pack its clauses into pieces of at most _MAX_CHUNK characters.
        start = end = sentence.start()
        for clause in _CLAUSE_END.finditer(sentence.group()):
            if not clause.group():
                continue
            clause_end = sentence.start() + clause.end()
            if clause_end - start > _MAX_CHUNK and end > start:
                yield start, text[start:end]
                start = end
            end = clause_end
        if end > start:
            yield start, text[start:end]


def spans_from_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) spans from BIOES (or BIO) tags; an I/E without a B opens a span."""
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    kind = ""
    for i, tag in enumerate([*tags, "O"]):
        head, _, label = tag.partition("-")
        continues = head in ("I", "M", "E") and label == kind and start is not None
        if start is not None and not continues:
            spans.append((start, i, kind))
            start = None
        if head in ("B", "S") or (head in ("I", "M", "E") and start is None):
            start, kind = i, label
        if head in ("E", "S") and start is not None:
            spans.append((start, i + 1, kind))
            start = None
    return spans


def tag_sentence(text: str, tagger: pycrfsuite.Tagger | None = None) -> list[Mention]:
    """Mentions in one sentence-like piece (offsets relative to ``text``)."""
    if not text.strip():
        return []
    tagger = tagger or _tagger(str(model_path()))
    features = sentence_features(text)
    with _lock:  # a crfsuite tagger holds per-sequence state; marginals need the same sequence
        tags = tagger.tag(features)
        mentions = []
        for start, end, label in spans_from_tags(tags):
            if label not in LABEL_TYPES:
                continue
            score = min(tagger.marginal(tags[i], i) for i in range(start, end))
            # Spans never begin or end with whitespace (indentation like "\u3000\u3000").
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start == end:
                continue
            mentions.append(
                Mention(start, end, LABEL_TYPES[label], text[start:end], "crf", round(score, 4))
            )
    return mentions


def crf_mentions(text: str) -> list[Mention]:
    """Person/Place/Organization mentions found by the CRF, in ``text`` offsets."""
    tagger = _tagger(str(model_path()))
    found: list[Mention] = []
    for offset, piece in chunks(text):
        for m in tag_sentence(piece, tagger):
            found.append(
                Mention(m.start + offset, m.end + offset, m.type, m.text, m.source, m.score)
            )
    return found
