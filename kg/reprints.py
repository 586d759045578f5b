"""Reprints and near-identical texts: exact text hashes, MinHash signatures and an LSH index.

A reprint is the same article under another id (another outlet, another folder, a re-crawl).
Two texts are compared after :func:`canonical_text` (whitespace and punctuation dropped, so a
re-wrapped or re-punctuated copy is still a copy):

* **exact**: equal ``text_sha256`` (sha256 of the canonical text);
* **near**: the Jaccard similarity of their character shingle sets, estimated by MinHash
  (:data:`NUM_PERM` permutations), is at least the threshold. Documents use 5-character
  shingles and :data:`DOCUMENT_THRESHOLD` = 0.8: a copy with an added source line, editor
  line or a corrected sentence stays above it, two articles about the same event that share a
  few sentences score far below it (tests in ``tests/unit/test_reprints.py``).

A copy must also be dated within :data:`REPRINT_WINDOW_DAYS` (30) of its original, or either be
undated: on the 6,413 CCTV items of ``../shared/raw`` the only folds without that rule were the
same yearly announcement a year apart (and two empty "undefined" pages).

Candidates come from an LSH index (:data:`BANDS` bands of :data:`ROWS` rows: pairs with
Jaccard ≳ 0.5 collide in some band with high probability), then the signature estimate decides,
so the cost per document is independent of the number of documents stored.

Own implementation rather than ``datasketch``: its signatures differ from the ones stored in
existing records (which must stay comparable), and it needs scipy besides numpy; the
permutations run vectorized in numpy (:func:`_permute`), the signatures are plain ints and
travel in the document record.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

NUM_PERM = 64
BANDS, ROWS = 16, 4
DOCUMENT_SHINGLE = 5
DOCUMENT_THRESHOLD = 0.8
REPRINT_WINDOW_DAYS = 30
DOCUMENT_SAMPLE = 4  # a quarter of a document's shingles: ~5 ms per 2,000 characters
_PRIME = (1 << 61) - 1
_MAX_HASH = (1 << 32) - 1
_rng = random.Random(20240531)  # fixed: signatures must be comparable across runs and machines
_PERMUTATIONS = tuple(
    (_rng.randrange(1, _PRIME), _rng.randrange(0, _PRIME)) for _ in range(NUM_PERM)
)
_DROPPED = re.compile(r"\s+")
# The permutations and constants of :func:`_permute`, as numpy columns.
_P61, _M32, _M29 = np.uint64(_PRIME), np.uint64((1 << 32) - 1), np.uint64((1 << 29) - 1)
_S3, _S29, _S32, _S61 = np.uint64(3), np.uint64(29), np.uint64(32), np.uint64(61)
_A = np.array([a for a, _ in _PERMUTATIONS], dtype=np.uint64)[:, np.newaxis]
_A_HIGH, _A_LOW = _A >> _S32, _A & _M32
_B = np.array([b for _, b in _PERMUTATIONS], dtype=np.uint64)[:, np.newaxis]

assert BANDS * ROWS == NUM_PERM


def canonical_text(text: str) -> str:
    """The text without whitespace, punctuation and symbols: what a reprint must keep."""
    text = _DROPPED.sub("", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZC")


def text_sha256(text: str) -> str:
    return hashlib.sha256(canonical_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int) -> set[str]:
    """Character ``size``-grams of the canonical text (the whole text when shorter)."""
    canon = canonical_text(text)
    if len(canon) <= size:
        return {canon} if canon else set()
    return {canon[i : i + size] for i in range(len(canon) - size + 1)}


def signature(text: str, size: int = DOCUMENT_SHINGLE, sample: int = 1) -> list[int]:
    """The MinHash signature: per permutation, the least hash of any shingle (32-bit ints).

    ``sample`` > 1 keeps only the shingles whose hash is divisible by it: the same shingles in
    every copy, so the estimate still targets the Jaccard similarity, at 1/sample of the cost.

    >>> sig = signature("国务院总理李强在北京会见法国总统马克龙")
    >>> len(sig), sig == signature("国务院总理李强，在北京会见法国总统马克龙。")
    (64, True)
    """
    hashes = (
        int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")
        for s in shingles(text, size)
    )
    base = [h for h in hashes if h % sample == 0]
    if not base:
        return [_MAX_HASH] * NUM_PERM
    permuted = _permute(np.array(base, dtype=np.uint64))
    return [int(v) & _MAX_HASH for v in permuted.min(axis=1)]


def _permute(values: np.ndarray) -> np.ndarray:
    """``(a·x + b) mod (2^61 − 1)`` for every permutation (rows) and value (columns), exact.

    The products need 125 bits, so each factor is split into 32-bit halves and every partial
    product, all below 2^64, is folded with 2^61 ≡ 1 (mod 2^61 − 1): the result equals the
    Python big-integer arithmetic bit for bit (tested), at numpy speed — stored signatures
    stay comparable with those of earlier versions.
    """
    x = (values & _P61) + (values >> _S61)  # x mod p, up to p + 7
    x = np.where(x >= _P61, x - _P61, x)[np.newaxis, :]
    xh, xl = x >> _S32, x & _M32
    mid = _A_HIGH * xl + _A_LOW * xh  # < 2^62
    low = _A_LOW * xl  # < 2^64
    total = (
        (_A_HIGH * xh << _S3)  # ·2^64 ≡ ·8
        + (mid >> _S29) + ((mid & _M29) << _S32)  # ·2^32, folded at bit 61
        + (low & _P61) + (low >> _S61)
        + _B
    )
    total = (total & _P61) + (total >> _S61)
    return np.where(total >= _P61, total - _P61, total)


def similarity(left: Sequence[int], right: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal positions)."""
    if len(left) != len(right) or not left:
        return 0.0
    return sum(1 for a, b in zip(left, right, strict=True) if a == b) / len(left)


def fingerprint(text: str) -> dict[str, Any]:
    """The fields a document record carries so reprints are found without the text."""
    return {
        "text_sha256": text_sha256(text),
        "minhash": signature(text, DOCUMENT_SHINGLE, DOCUMENT_SAMPLE),
    }


@dataclass
class NearDuplicateIndex:
    """Keys with signatures; ``match`` returns the best indexed key at or above ``threshold``."""

    threshold: float = DOCUMENT_THRESHOLD
    _exact: defaultdict[str, list[Hashable]] = field(default_factory=lambda: defaultdict(list))
    _signatures: dict[Hashable, tuple[int, ...]] = field(default_factory=dict)
    _bands: defaultdict[tuple[int, tuple[int, ...]], list[Hashable]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def match(
        self,
        sig: Sequence[int] | None,
        exact: str | None = None,
        accept: Callable[[Hashable], bool] | None = None,
    ) -> Hashable | None:
        """The first key with the same exact hash, else the most similar one; only keys
        ``accept`` allows (all by default)."""
        for key in self._exact.get(exact, ()) if exact is not None else ():
            if accept is None or accept(key):
                return key
        best, best_score = None, self.threshold
        for key in self.candidates(sig):
            if accept is not None and not accept(key):
                continue
            score = similarity(sig or (), self._signatures[key])
            if score >= best_score:
                best, best_score = key, score
        return best

    def candidates(self, sig: Sequence[int] | None) -> list[Hashable]:
        """Indexed keys sharing a band with ``sig`` (likely Jaccard ≳ 0.5), first added first."""
        if not sig or len(sig) != NUM_PERM:
            return []
        found: dict[Hashable, None] = {}
        for band in self._band_keys(sig):
            for key in self._bands.get(band, ()):
                found.setdefault(key, None)
        return list(found)

    def add(self, key: Hashable, sig: Sequence[int] | None, exact: str | None = None) -> None:
        if exact is not None:
            self._exact[exact].append(key)
        if sig and len(sig) == NUM_PERM:
            self._signatures[key] = tuple(sig)
            for band in self._band_keys(sig):
                self._bands[band].append(key)

    @staticmethod
    def _band_keys(sig: Sequence[int]) -> Iterable[tuple[int, tuple[int, ...]]]:
        for band in range(BANDS):
            yield band, tuple(sig[band * ROWS : (band + 1) * ROWS])


def fold_reprints(documents: Iterable[dict[str, Any]]) -> dict[str, str]:
    """copy id → original id, for document records carrying :func:`fingerprint` fields.

    The original of a group is the earliest document (by date, undated last, then id), so the
    result does not depend on the order documents were added; retracting the original makes the
    next copy the original. A copy must be dated within :data:`REPRINT_WINDOW_DAYS` of its
    original (or either undated): the same announcement a year later (新闻联播 repeats
    "烈士纪念日…仪式9月30日上午举行" every year) is a new event, not a reprint. Documents
    without a fingerprint (older records) are never folded.
    """
    index = NearDuplicateIndex(DOCUMENT_THRESHOLD)
    copies: dict[str, str] = {}
    dates: dict[Hashable, date | None] = {}
    for rec in sorted(documents, key=document_order):
        doc, exact, sig = str(rec["doc"]), rec.get("text_sha256"), rec.get("minhash")
        if not exact and not sig:
            continue
        when = _day(rec.get("date"))

        def near_in_time(key: Hashable, when: date | None = when) -> bool:
            other = dates[key]
            return when is None or other is None or abs((when - other).days) <= REPRINT_WINDOW_DAYS

        original = index.match(sig, exact, near_in_time)
        if original is not None:
            copies[doc] = str(original)
        else:
            index.add(doc, sig, exact)
            dates[doc] = when
    return copies


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def document_order(rec: dict[str, Any]) -> tuple[bool, str, str]:
    """Earliest first: dated documents by date, then undated ones, ties by id."""
    date = rec.get("date")
    return (not date, str(date or ""), str(rec["doc"]))


def reports_only_in_copies(
    triples: Sequence[Mapping[str, Any]],
    copies: Mapping[str, str],
    key: Callable[[Mapping[str, Any]], Hashable],
) -> list[Mapping[str, Any]]:
    """The triple records of copies that their original does not report (by ``key``): what an
    edited reprint adds — a changed quote, a sentence more. A folded copy's other records are
    not counted again; an exact copy adds nothing. A record ``key`` cannot read adds nothing
    (as before copies were looked into)."""

    def safe_key(rec: Mapping[str, Any]) -> Hashable | None:
        try:
            return key(rec)
        except (KeyError, TypeError, AttributeError, ValueError):
            return None

    if not copies:
        return []
    originals = set(copies.values())  # only their reports are compared: keys cost a little
    reported: dict[str, set[Hashable]] = defaultdict(set)
    for rec in triples:
        if str(rec.get("doc")) in originals:
            reported[str(rec.get("doc"))].add(safe_key(rec))
    added = []
    for rec in triples:
        original = copies.get(str(rec.get("doc")))
        if original is not None:
            found = safe_key(rec)
            if found is not None and found not in reported[original]:
                added.append(rec)
    return added
