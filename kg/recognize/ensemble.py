"""The statistical taggers as one: the two CRFs and the neural tagger vote on every span.

The CRF pair (:mod:`kg.recognize.crf`) and the BiLSTM-CRF (:mod:`kg.recognize.neural`) were
trained on different data with different inputs, and they err differently: the CRFs miss names
their sparse features never saw, the neural tagger misses fewer but marks natural features and
buildings as MSRA does. Each tags the same sentence-like pieces; :func:`kg.recognize.crf.pool`
keeps a span two models agree on over a lone one, and a lone span only when its model is sure.
On the fixed MSRA split (tagger level, ``benchmarks/ner_notes.md``) the CRF pair scores F1
0.816, the neural tagger 0.861 and the three together 0.865, with the persons' recall at 0.858
(the pair's 0.798); the whole recognizer goes from 0.760 to 0.781 (persons' recall 0.792 to
0.817).

The neural tagger costs 2.6 times the CRF pair per character (its numpy BiLSTM), which would
double ``kg extract``'s time, so the pooled taggers are chosen, not the default: ``KG_NER``
selects ``ensemble`` (all three), ``neural`` (the neural tagger alone) or, unset or ``crf``, the
CRF pair. Without the neural model file the CRF pair works alone.
"""

from __future__ import annotations

import functools
import os
import warnings
from collections.abc import Callable

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


def _tagger() -> Callable[[list[str]], list[list[Mention]]]:
    choice = os.environ.get("KG_NER") or "crf"
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


def _neural_pieces(pieces: list[str]) -> list[list[Mention]]:
    from kg.recognize.neural import tag_pieces

    return tag_pieces(pieces)


def _pooled_pieces(pieces: list[str]) -> list[list[Mention]]:
    from kg.recognize.crf import crf_votes, pool

    # The neural tagger batches the whole document's pieces; the CRFs go piece by piece.
    neural = _neural_pieces(pieces)
    return [pool([*crf_votes(piece), *found]) for piece, found in zip(pieces, neural, strict=True)]


@functools.lru_cache(maxsize=1)
def _neural_available() -> bool:
    try:
        from kg.recognize.neural import model_path
    except ImportError:  # numpy missing: the CRF pair works alone
        return False
    return model_path().is_file()
