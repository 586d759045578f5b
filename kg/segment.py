"""Sentence spans of the clean text.

A sentence ends at 。！？ (with any run of end marks, ellipsis, closing quotes and brackets
that follow) or at a line break.  Quotes stay whole: an end mark inside “…” does not end the
sentence.  When the quote opened the sentence (“……。”某某说，……。) the attribution after it
belongs to the same sentence; when it opened mid-sentence (某某说：“……。”) the sentence ends
with the quote.  A headline glued to its dateline (…调研中广网呼和浩特8月3日消息) is split
before the dateline.  ； does not end a sentence.

No sentence is longer than ``MAX_SENTENCE_CHARS``: a longer run (a page without punctuation,
a list of thousands of names) is cut at its last comma-like mark or space before the cap, or
at the cap itself. Everything downstream works per sentence, so this bounds the work per
sentence and keeps the cost of a document linear in its length.
"""

from __future__ import annotations

import re

from kg.metadata import glued_dateline_starts

_OPEN_QUOTES = "“「『"
_CLOSE_QUOTES = "”」』"
# One scan finds everything that matters: line breaks, quote marks and end-mark runs.
_EVENTS = re.compile(
    r"\n"
    rf"|[{_OPEN_QUOTES}{_CLOSE_QUOTES}]"
    rf"|[。！？!?]+…*(?:[{_CLOSE_QUOTES}’）)\]】》]*)"
)
_SPACE = " \t\u3000\r\n"
MAX_SENTENCE_CHARS = 1_000
_SOFT_BREAKS = frozenset("，,；;、：: \t\u3000")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return (start, end) if start < end else None


def _raw_boundaries(text: str) -> list[int]:
    """Offsets where a sentence ends (exclusive), before trimming."""
    cuts: list[int] = []
    depth = 0  # nesting of open quotes
    sentence_start = 0
    quote_opened_sentence = False

    for m in _EVENTS.finditer(text):
        token = m.group()
        if token == "\n":
            cuts.append(m.start())
            depth, sentence_start, quote_opened_sentence = 0, m.end(), False
            continue
        if token in _OPEN_QUOTES:
            if depth == 0:
                quote_opened_sentence = not text[sentence_start:m.start()].strip()
            depth += 1
            continue
        if token in _CLOSE_QUOTES:
            depth = max(0, depth - 1)
            continue
        # An end-mark run, possibly with closing quotes after it.
        closes = sum(1 for ch in token if ch in _CLOSE_QUOTES)
        if depth == 0:
            cuts.append(m.end())
            sentence_start, quote_opened_sentence = m.end(), False
            continue
        if closes == 0:
            continue  # an end mark inside a quote
        depth = max(0, depth - closes)
        if depth == 0:
            if not quote_opened_sentence:
                cuts.append(m.end())
                sentence_start = m.end()
            quote_opened_sentence = False
    cuts.append(len(text))
    return cuts


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Clean-text spans of the sentences of ``text``, in order, trimmed and non-empty."""
    cuts = sorted(set(_raw_boundaries(text)) | set(glued_dateline_starts(text)))
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in cuts:
        span = _trimmed(text, start, cut)
        if span is not None:
            spans.extend(_capped(text, *span))
        start = cut
    return spans


def _capped(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` cut into pieces of at most ``MAX_SENTENCE_CHARS``."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = limit
        for i in range(limit - 1, start + MAX_SENTENCE_CHARS // 2, -1):
            if text[i] in _SOFT_BREAKS:
                cut = i + 1
                break
        span = _trimmed(text, start, cut)
        if span is not None:
            pieces.append(span)
        start = cut
        while start < end and text[start] in _SPACE:
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces
