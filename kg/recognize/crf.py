"""Statistical entity tagger: linear-chain CRFs over characters (python-crfsuite).

The models are trained by ``scripts/train_ner.py``, with labels in BIOES form over the types PER,
LOC and ORG: ``data/ner_msra.crfsuite`` on MSRA (less the fixed measurement split) and People's
Daily 1998 (``python scripts/train_ner.py``), and ``data/ner.crfsuite`` on People's Daily +
CLUENER (``--data legacy``). Their mentions are pooled (:func:`pool`); a People's-Daily-only
third model (``ner_pd.crfsuite``, ``--data legacy --pd-out``) is pooled too when present.
Tagging works per chunk (line, sentence, or comma clause for very long sentences) because the
models were trained on sentences and because the CRF cost is linear in chunk length anyway.
"""

from __future__ import annotations

import functools
import json
import os
import pathlib
import re
import threading
from collections import Counter
from collections.abc import Iterator, Sequence

import pycrfsuite

from kg.recognize.features import sentence_features
from kg.recognize.lexicon import has_surname
from kg.recognize.rules import is_transliteration
from kg.records import ORGANIZATION, PERSON, PLACE, Mention

MODEL_PATH = pathlib.Path(__file__).with_name("data") / "ner.crfsuite"
# A second model trained on People's Daily alone (see scripts/train_ner.py). The two models err
# differently (CLUENER teaches names, PD alone marks places and bodies more completely), so their
# mentions are pooled; a missing file just leaves the main model.
SECOND_MODEL_PATH = MODEL_PATH.with_name("ner_pd.crfsuite")
# The model trained on MSRA + People's Daily 1998 (far more data, wider features); pooled with
# ner.crfsuite it beats the former pair on the MSRA split (see scripts/train_ner.py).
NEWS_MODEL_PATH = MODEL_PATH.with_name("ner_msra.crfsuite")
LABEL_TYPES = {"PER": PERSON, "LOC": PLACE, "ORG": ORGANIZATION}
TYPE_LABELS = {v: k for k, v in LABEL_TYPES.items()}

# Chunks longer than this are cut again at clause punctuation (keeps jieba/CRF on sentence-like
# input, as in training).
_MAX_CHUNK = 160
_MAX_CHUNK_HARD = 4 * _MAX_CHUNK
_SENTENCE_END = re.compile(r"[^\n。！？!?；;]*[。！？!?；;]*")
_CLAUSE_END = re.compile(r"[^，,、：:]*[，,、：:]*")

_LONE_MIN_SCORE = 0.9
_LONE_NAME_MIN_SCORE = 0.7
_HAN = re.compile(r"[\u4e00-\u9fff]+")

_lock = threading.Lock()


@functools.lru_cache(maxsize=4)
def _tagger(path: str) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def model_paths() -> list[pathlib.Path]:
    """The model files; ``KG_NER_MODEL`` (paths joined by ``os.pathsep``) overrides them."""
    override = os.environ.get("KG_NER_MODEL")
    if override:
        return [pathlib.Path(p) for p in override.split(os.pathsep) if p]
    extra = [p for p in (MODEL_PATH, SECOND_MODEL_PATH) if p == MODEL_PATH or p.is_file()]
    return [NEWS_MODEL_PATH, *extra] if NEWS_MODEL_PATH.is_file() else extra


def model_path() -> pathlib.Path:
    """The main model file (the first of :func:`model_paths`)."""
    return model_paths()[0]


def _taggers() -> list[pycrfsuite.Tagger]:
    return [_tagger(str(path)) for path in model_paths()]


@functools.lru_cache(maxsize=4)
def wide_features(path: str) -> bool:
    """Whether the model at ``path`` reads the wide features (``sentence_features(wide=True)``):
    every model does unless the ``<model>.json`` that ``scripts/train_ner.py`` writes beside it
    says ``"features": "base"`` (``ner.crfsuite``). A base model ignores the wide features, so
    the answer only saves time; an unreadable file counts as wide."""
    try:
        meta = json.loads(pathlib.Path(path + ".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return not (isinstance(meta, dict) and meta.get("features") == "base")


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
            # A clause with no punctuation at all: hard windows keep CRF memory bounded.
            while end - start > _MAX_CHUNK_HARD:
                yield start, text[start : start + _MAX_CHUNK_HARD]
                start += _MAX_CHUNK_HARD
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


def tag_sentence(
    text: str, tagger: pycrfsuite.Tagger | Sequence[pycrfsuite.Tagger] | None = None
) -> list[Mention]:
    """Mentions in one sentence-like piece (offsets relative to ``text``).

    With several taggers the features are computed once and the mentions of all models are
    pooled (:func:`pool`).
    """
    if not text.strip():
        return []
    if tagger is None:
        taggers = _taggers()
    elif isinstance(tagger, pycrfsuite.Tagger):
        taggers = [tagger]
    else:
        taggers = list(tagger)
    votes = crf_votes(text, None if tagger is None else taggers)
    return votes if len(taggers) == 1 else pool(votes)


def crf_votes(
    text: str, taggers: Sequence[pycrfsuite.Tagger] | None = None
) -> list[Mention]:
    """Every model's mentions of one sentence-like piece, not pooled (offsets relative to
    ``text``): the votes that :func:`pool` counts. The models are ``taggers``, else those of
    :func:`model_paths`."""
    if not text.strip():
        return []
    wide = True
    if taggers is None:
        paths = [str(path) for path in model_paths()]
        taggers = [_tagger(path) for path in paths]
        wide = any(wide_features(path) for path in paths)
    # One crfsuite item sequence for all models: the features are computed and converted once.
    items = pycrfsuite.ItemSequence(sentence_features(text, wide=wide))
    return [m for t in taggers for m in _tag_with(text, items, t)]


def pool(mentions: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions from several models' mentions of one piece of text. A span
    several models see keeps its highest marginal (their mean or minimum scores 0.01-0.03 less
    on the MSRA split: the filters downstream were set on single models' marginals)."""
    votes = Counter((m.start, m.end, m.type) for m in mentions)

    def rank(m: Mention) -> tuple[int, int, int, float]:
        # The span most models see, then a confident longer one (an organization named after
        # its place, 浙江省人民政府, over the place), then the likelier.
        confident = m.score >= _LONE_MIN_SCORE
        return (-votes[m.start, m.end, m.type], -confident, m.start - m.end, -m.score)

    kept: list[Mention] = []
    for m in sorted(mentions, key=rank):
        # A span only one model sees must be confident: lone low-marginal spans are mostly noise.
        if votes[m.start, m.end, m.type] == 1 and m.score < _lone_min_score(m):
            continue
        if all(m.end <= k.start or k.end <= m.start for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _lone_min_score(mention: Mention) -> float:
    """How sure a span only one model sees must be. A Chinese full name (a known surname and one
    or two more characters: 茅忠谨, 裴子鸿) is often seen by one model only, at 0.7-0.85: the
    MSRA-trained model knows more given names, the other more surnames. A foreign name cut
    short (齐塞克 of 齐塞克迪) is all transliteration characters: it keeps the higher bar."""
    surface = mention.text
    if (mention.type == PERSON and 2 <= len(surface) <= 4 and _HAN.fullmatch(surface)
            and has_surname(surface) and not is_transliteration(surface)):
        return _LONE_NAME_MIN_SCORE
    return _LONE_MIN_SCORE


def _tag_with(
    text: str, items: pycrfsuite.ItemSequence, tagger: pycrfsuite.Tagger
) -> list[Mention]:
    """Mentions one model finds in ``text`` given its character features."""
    with _lock:  # a crfsuite tagger holds per-sequence state; marginals need the same sequence
        tags = tagger.tag(items)
        mentions = []
        for start, end, label in spans_from_tags(tags):
            if label not in LABEL_TYPES:
                continue
            score = min(tagger.marginal(tags[i], i) for i in range(start, end))
            mention = span_mention(text, start, end, label, "crf", score)
            if mention is not None:
                mentions.append(mention)
    return mentions


def span_mention(
    text: str, start: int, end: int, label: str, source: str, score: float
) -> Mention | None:
    """The mention of a tagged span; spans never begin or end with whitespace (indentation
    like "\u3000\u3000"), so a span of nothing else gives none."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return Mention(start, end, LABEL_TYPES[label], text[start:end], source, round(score, 4))


def crf_mentions(text: str) -> list[Mention]:
    """Person/Place/Organization mentions found by the CRF, in ``text`` offsets."""
    taggers = _taggers()
    found: list[Mention] = []
    for offset, piece in chunks(text):
        for m in tag_sentence(piece, taggers):
            found.append(
                Mention(m.start + offset, m.end + offset, m.type, m.text, m.source, m.score)
            )
    return found
