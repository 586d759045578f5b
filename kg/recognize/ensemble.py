"""The statistical taggers as one: the neural tagger, and the two CRFs where it is unsure.

The BiLSTM-CRF (:mod:`kg.recognize.neural`) and the CRFs (:mod:`kg.recognize.crf`) were
trained on different data with different inputs, and they err differently: the CRFs miss names
their sparse features never saw, the neural tagger misses fewer but marks natural features and
buildings as MSRA does. The neural tagger reads every sentence-like piece; where it is unsure of
some character (its least tag marginal below :data:`SURE`) the CRFs read the piece too, and
:func:`kg.recognize.crf.pool` keeps a span two models agree on over a lone one, and a lone span
only when its model is sure. On the fixed MSRA split (``benchmarks/ner_notes.md``) the CRF pair
scores F1 0.816 at the tagger level, the neural tagger 0.861, the three 0.865; the whole
recognizer (``benchmarks/recognizer_split.py``) goes from 0.760 with the CRF pair to 0.780 with
this ensemble (persons' recall 0.793 to 0.811), with the dev gold unchanged, at the CRF pair's
speed on raw CCTV text (the CRFs read under half of it).

``KG_NER`` selects ``ensemble`` (unset: the default), ``crf`` (the CRF pair alone) or ``neural``
(the neural tagger alone, the fastest). The neural tagger reads the pieces of a batch of
documents at once (:func:`prepare`, called by ``kg.pipeline``): its cost per character falls
with the batch.
Without the neural model file the CRF pair works alone.
"""

from __future__ import annotations

import functools
import os
import warnings
from collections.abc import Callable, Sequence

from kg.records import Mention

#: The ``source`` of every statistical span, whichever model found it: the filters downstream
#: (``keep_statistical``) judge the span, not the model.
SOURCE = "crf"


def statistical_mentions(text: str) -> list[Mention]:
    """Person/Place/Organization spans of ``text`` (document offsets) from the chosen taggers."""
    from kg.recognize import crf

    pieces = list(crf.chunks(text))
    per_piece = _tagger()([piece for _, piece in pieces])
    found: list[Mention] = []
    for (offset, _), mentions in zip(pieces, per_piece, strict=True):
        found += [Mention(m.start + offset, m.end + offset, m.type, m.text, SOURCE, m.score)
                  for m in mentions]
    return found


#: The values of ``KG_NER``: which statistical taggers run.
TAGGERS = ("crf", "ensemble", "neural")
DEFAULT = "ensemble"
#: The least marginal of any character's tag (O included) above which the neural tagger's reading
#: of a piece stands alone: the CRFs then do not vote. Half the text is read so (0.53 of 700 raw
#: CCTV items' characters). On the MSRA split the whole recognizer scores F1 0.781 with the CRFs on
#: every piece (persons' recall 0.820); the CRFs reading 63% / 47% / 41% / 32% of the raw text
#: (SURE 0.99 / 0.95 / 0.90 / 0.80) it scores 0.781 / 0.780 / 0.780 / 0.777, persons' recall
#: 0.815 / 0.811 / 0.807 / 0.800.
SURE = 0.95


def _tagger() -> Callable[[list[str]], list[list[Mention]]]:
    choice = os.environ.get("KG_NER") or DEFAULT
    if choice not in TAGGERS:
        raise ValueError(f"KG_NER={choice!r}: expected one of {', '.join(TAGGERS)}")
    if choice == "crf":
        return _crf_pieces
    if not _neural_available():
        warnings.warn(f"KG_NER={choice}: no neural model (numpy or the model file missing); "
                      "using the CRF pair", stacklevel=3)
        return _crf_pieces
    return _neural_pieces if choice == "neural" else _pooled_pieces


def _crf_pieces(pieces: list[str]) -> list[list[Mention]]:
    from kg.recognize.crf import tag_sentence

    return [tag_sentence(piece) for piece in pieces]


#: The neural tagger's mentions of the pieces of the documents last given to :func:`prepare`,
#: with its certainty of each piece.
_prepared: dict[str, tuple[list[Mention], float]] = {}


def prepare(texts: Sequence[str]) -> None:
    """Tag the pieces of several documents in one batch, ahead of :func:`statistical_mentions`
    on each of them. The neural tagger's cost per character falls with the batch (a numpy
    recurrence step costs about the same for 10 rows as for 60), and one document rarely fills
    a batch. A cache, nothing more: mentions are the same with or without it (up to float
    rounding of the batched products), and it holds one batch of documents at a time."""
    global _prepared
    _prepared = {}
    if _tagger() in (_neural_pieces, _pooled_pieces):
        from kg.recognize.crf import chunks
        from kg.recognize.neural import tag_pieces_with_certainty

        pieces = list(dict.fromkeys(piece for text in texts for _, piece in chunks(text)))
        _prepared = dict(zip(pieces, tag_pieces_with_certainty(pieces), strict=True))


def _neural_pieces(pieces: list[str]) -> list[list[Mention]]:
    return [mentions for mentions, _ in _neural_tagged(pieces)]


def _neural_tagged(pieces: list[str]) -> list[tuple[list[Mention], float]]:
    from kg.recognize.neural import tag_pieces_with_certainty

    prepared = _prepared  # one lookup: another thread's prepare() may replace it meanwhile
    missing = [piece for piece in dict.fromkeys(pieces) if piece not in prepared]
    tagged = (dict(zip(missing, tag_pieces_with_certainty(missing), strict=True))
              if missing else {})
    return [prepared[piece] if piece in prepared else tagged[piece] for piece in pieces]


def _pooled_pieces(pieces: list[str]) -> list[list[Mention]]:
    from kg.recognize.crf import crf_votes, pool

    # The neural tagger batches the whole document's pieces; the CRFs go piece by piece, and
    # only where the neural tagger is unsure of some character.
    return [pool(found if certainty >= SURE else [*crf_votes(piece), *found])
            for piece, (found, certainty) in zip(pieces, _neural_tagged(pieces), strict=True)]


@functools.lru_cache(maxsize=1)
def _neural_available() -> bool:
    try:
        from kg.recognize.neural import model_path
    except ImportError:  # numpy missing: the CRF pair works alone
        return False
    return model_path().is_file()
