"""Bytes to text: BOMs, UTF-8/16/32, GB18030 and Big5 judged by how Chinese the result reads.

A decoding that succeeds but reads as noise (random bytes are valid GB18030) is rejected by a
plausibility score over jieba's most frequent characters, so binary files become errors.
"""

from __future__ import annotations

import codecs
import pathlib
import re
from collections import Counter
from functools import lru_cache

# How many of jieba's most frequent characters count as "common" when judging a decoding.
_COMMON_HANZI_COUNT = 2500
_MIN_WORD_FREQ = 50
# Legacy Chinese codecs we accept; GB18030 is the superset of GB2312/GBK, so those map to it.
_CHINESE_CODECS = ("gb18030", "big5hkscs")
_CODEC_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030", "big5": "big5hkscs",
                  "cp950": "big5hkscs"}
# Real Chinese scores 0.7-1.0, random bytes read as GB18030 below 0.1.
_MIN_PLAUSIBILITY = 0.3
_MIN_FOREIGN_TO_JUDGE = 20
_PLAUSIBILITY_SAMPLE = 20_000
_CJK_RUN = re.compile("[\u4e00-\u9fff]")
_CN_PUNCTUATION = frozenset("，。、；：！？“”‘’（）《》…—　【】")
_JUNK = re.compile("[\ue000-\uf8ff\u2500-\u257f\u3040-\u30ff\u0370-\u04ff\ufffd]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    """The most frequent characters of jieba's dictionary, simplified and traditional.

    Mis-decoded Chinese (Big5 read as GBK and vice versa) is a uniform scatter over
    thousands of characters, symbols and private-use code points, so it hits this set far less
    often than real text.  Built only when a non-UTF-8 file shows up (~0.3 s).
    """
    import jieba

    from kg.normalize import to_traditional

    counts: Counter[str] = Counter()
    dictionary = pathlib.Path(jieba.__file__).with_name("dict.txt")
    with dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split(" ", 2)
            weight = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            if weight >= _MIN_WORD_FREQ:  # rare words change nothing; skipping them is 5x faster
                for ch in parts[0]:
                    counts[ch] += weight
    top = "".join(ch for ch, _ in counts.most_common(_COMMON_HANZI_COUNT) if _CJK_RUN.match(ch))
    return frozenset(top) | frozenset(to_traditional(top))


def _hanzi_plausibility(text: str) -> float:
    """Common characters minus junk (private use, odd symbols), per non-ASCII character."""
    text = text[:_PLAUSIBILITY_SAMPLE]  # a sample decides as well as the whole file
    foreign = [ch for ch in text if ord(ch) > 0x7F]
    if not foreign:
        return 0.0
    common = _common_hanzi()
    good = sum(1 for ch in foreign if ch in common or ch in _CN_PUNCTUATION)
    junk = len(_JUNK.findall(text))
    return (good - junk) / len(foreign)


def _strict(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(raw: bytes) -> str:
    """Decode ``raw`` as Chinese text or raise ``ValueError`` with a readable reason.

    Order: BOM (UTF-8, UTF-16, UTF-32), strict UTF-8 (the fast path for almost all input),
    then the legacy Chinese codecs, chosen by how plausible the decoded characters are, with
    charset-normalizer (restricted to those codecs) breaking ties and covering non-Chinese
    single-byte text.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            text = _strict(raw, codec)
            if text is None:
                raise ValueError(f"invalid {codec.upper()} despite its byte-order mark")
            return _checked(text)
    if not raw:
        raise ValueError("empty file")
    if b"\x00" in raw:
        utf16 = _utf16_without_bom(raw)
        if utf16 is None:
            raise ValueError("binary file (contains NUL bytes), not text")
        return _checked(utf16)
    text = _strict(raw, "utf-8")
    if text is not None:
        return _checked(text)
    # UTF-8 with a few broken bytes (a truncated download, one bad character) stays UTF-8;
    # legacy Chinese read as UTF-8 breaks on nearly every character instead.
    lenient = raw.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    if broken <= max(1, len(lenient) // 1000) and broken * 20 <= len(lenient):
        return _checked(lenient)

    candidates = {codec: t for codec in _CHINESE_CODECS if (t := _strict(raw, codec)) is not None}
    if (utf16 := _utf16_without_bom(raw)) is not None:  # all-CJK UTF-16 has no NUL bytes
        candidates["utf-16"] = utf16
    guessed = _charset_normalizer_guess(raw)
    if guessed is not None:
        codec = _CODEC_ALIASES.get(guessed, guessed)
        if codec not in candidates and (t := _strict(raw, codec)) is not None:
            candidates[codec] = t
    if not candidates:
        raise ValueError("undecodable: not UTF-8, GB18030, Big5 or UTF-16")

    def score(item: tuple[str, str]) -> tuple[float, bool]:
        codec, text = item
        return (_hanzi_plausibility(text), codec == _CODEC_ALIASES.get(guessed or "", guessed))

    _, best = max(candidates.items(), key=score)
    sample = best[:_PLAUSIBILITY_SAMPLE]
    if (
        _hanzi_plausibility(sample) < _MIN_PLAUSIBILITY
        and sum(1 for ch in sample if ord(ch) > 0x7F) > _MIN_FOREIGN_TO_JUDGE
    ):
        raise ValueError("undecodable: no supported encoding gives readable Chinese")
    return _checked(best)


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 (LE or BE) without a byte-order mark, when one reading is plausible text.

    ASCII in UTF-16 has a NUL in every other byte, Chinese in UTF-16 decodes to common
    characters; random bytes give neither (scattered code points, control characters).
    """
    if len(raw) % 2:
        return None
    best: tuple[float, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(raw, codec)
        if text is None or "\x00" in text:
            continue
        sample = text[:_PLAUSIBILITY_SAMPLE]
        if len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
            continue
        foreign = sum(1 for ch in sample if ord(ch) > 0x7F)
        score = _hanzi_plausibility(sample) if foreign else 1.0
        if foreign > _MIN_FOREIGN_TO_JUDGE and score < _MIN_PLAUSIBILITY:
            continue
        if best is None or score > best[0]:
            best = (score, text)
    return best[1] if best else None


def _charset_normalizer_guess(raw: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(raw, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    return match.encoding if match is not None else None


def _checked(text: str) -> str:
    """Reject text that decoded but is not prose: empty, blank, or full of control codes."""
    if not text:
        raise ValueError("empty file")
    if not text.strip():
        raise ValueError("empty document (only whitespace)")
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise ValueError("binary file (control characters), not text")
    return text
