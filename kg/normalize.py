"""Clean text for the recognizers, with a map back to the original text.

The clean text is built from the original by two kinds of edits only:

* 1:1 character translations (traditional→simplified with OpenCC ``hk2s``, which is ``t2s``
  plus the Hong Kong variant forms such as 衞 → 卫; middle-dot variants between Chinese
  characters → ·; full-width
  letters/digits→half-width, ASCII ``, ; : ! ?`` between Chinese→full-width), which keep every
  offset where it is;
* deletions (inserted pinyin such as ``發(fā)布``, boilerplate lines, indentation, repeated
  whitespace and punctuation).

Because nothing is ever inserted, the offset map is a short list of kept runs: each run is a
stretch of clean text that is contiguous in the original.  ``to_original`` looks a clean offset
up with a binary search, so mapping costs O(log runs) and building it costs O(deletions).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

SIMPLIFIED, TRADITIONAL = "simplified", "traditional"

# Share of Chinese characters that t2s must change before a text counts as traditional.  Real
# simplified text changes in well under 1% (variant forms); traditional text in 20-40%.
_TRADITIONAL_SHARE = 0.05
_TRADITIONAL_MIN_CHANGED = 2

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")

# Pinyin the way some sites print it after each character: 發(fā)布 / 責(zé)任.  Toned syllables
# are unambiguous; an untoned one (neutral tone, 的(de)) must follow a Chinese character and
# look like a syllable with an initial, so (WHO), (a) and (记者 田冰) survive.
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜǹńňḿ"
_PINYIN_LETTERS = f"a-zü{_TONE_VOWELS}"
_PINYIN = re.compile(
    rf"(?<=\S)\((?=[{_PINYIN_LETTERS}]*[{_TONE_VOWELS}])[{_PINYIN_LETTERS}]{{1,7}}\)"
    rf"|(?<=[{CJK}])\((?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])[aeiouüv]{{1,3}}(?:ng?|r)?\)"
)

# \r of \r\n goes; a lone \r (old Mac files) becomes \n in _HALF_WIDTH below.
_INVISIBLE = re.compile("\r(?=\n)|[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

_HALF_WIDTH = {
    **{cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)},  # ０-９
    **{cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)},  # Ａ-Ｚ
    **{cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)},  # ａ-ｚ
    0x3000: 0x20,  # ideographic space
    0x00A0: 0x20,  # no-break space
    0x2002: 0x20,
    0x2003: 0x20,
    0x2009: 0x20,
    0x0009: 0x20,  # tab
    0x000D: 0x0A,  # lone carriage return
    0x000B: 0x0A,
    0x000C: 0x0A,
    0x0085: 0x0A,
    0x2028: 0x0A,  # line separator
    0x2029: 0x0A,  # paragraph separator
}

# Context in which ASCII punctuation is really Chinese punctuation: a Chinese character or
# Chinese punctuation on at least one side, and never a digit group like 1,000 or 3:30.
_CN_PUNCT = "，。、；：！？“”‘’（）《》〈〉【】「」『』…—"
_ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_ASCII_PUNCT = re.compile(
    rf"(?<=[{CJK}{_CN_PUNCT}])[,;:!?](?![0-9])"
    rf"|(?<![0-9])[,;:!?](?=[{CJK}{_CN_PUNCT}])"
)

# Site chrome, judged line by line on simplified text.  A line is dropped when it is short and
# made of navigation words, or carries a copyright / ICP licence / "read on mobile" notice.
_NAV_WORDS = (
    "首页|关于我们|联系我们|网站地图|网站导航|用户调查|意见反馈|广告服务|法律声明|隐私政策|"
    "免责声明|加入收藏|设为首页|返回顶部|返回首页|关闭窗口|打印本页|打印|关闭|分享到|分享|"
    "微信|微博|QQ空间|手机版|登录|注册|纠错|收藏|字号|字体|繁体|简体|English"
)
_BOILERPLATE_LINES = re.compile(
    r"^[ \t]*(?:"
    r".{0,60}(?:版权所有|Copyright|©|\(c\)\s*\d{4}|ICP备|ICP证|公网安备|违法和不良信息举报)"
    r".{0,80}(?<![。！？”])"  # a sentence that mentions 版权所有 is not a footer
    r"|.{0,10}欢迎(?:使用|访问)?手机(?:浏览|访问|版).{0,10}"
    r"|[【\[]?\s*(?:责任编辑|编辑|责编|校对)\s*[：:].{0,20}[】\]]?"
    r"|.{0,6}(?:分享到|扫一扫|扫描二维码|打印本页|关闭窗口|【?字号|【?字体)(?:[：:\s].{0,30})?"
    r"|(?:当前位置|您的位置|你的位置|您现在的位置)\s*[：:].{0,80}"  # breadcrumbs
    r"|首页\s*[>»＞›].{0,80}"
    rf"|(?:[ |｜/·>»【】\[\]：:]*(?:{_NAV_WORDS})[ |｜/·>»【】\[\]：:]*){{2,}}"
    r")[ \t]*(?:\n|$)",
    re.MULTILINE | re.IGNORECASE,
)

# Foreign names are written with several look-alike dots (阿斯卡尔・别克托夫, 约翰•史密斯); between
# Chinese characters they all mean the interpunct of names.
_NAME_DOTS = re.compile(f"(?<=[{CJK}])[\u30fb\u2022\u2027\u2219\u22c5\uff65](?=[{CJK}])")

_LEADING_SPACE = re.compile(r"^ +| +$", re.MULTILINE)
_SPACE_RUN = re.compile(r"(?<= ) +")
_BLANK_LINES = re.compile(r"(?<=\n)\n+|^\n+|\n+$")

# Punctuation collapse: a weak mark glued to a stronger one goes (，。 → 。, 。， → 。), and
# a repeated mark keeps one copy.  ……and —— are two-character marks and stay.
_PUNCT_COLLAPSE = re.compile(
    r"[，、：](?=[。！？；])"
    r"|(?<=[。！？；])[，、]"
    r"|(?<=([，、；：。]))\1+"
)


@lru_cache(maxsize=1)
def _t2s():
    """One OpenCC converter per process: building it loads dictionaries (~10 ms).

    ``hk2s`` is ``t2s`` after folding Hong Kong variant forms (衞 → 衛 → 卫, 敍 → 叙), which
    plain ``t2s`` leaves unconverted; on simplified and mainland traditional text both agree.
    """
    import opencc

    return opencc.OpenCC("hk2s")


def to_simplified(text: str) -> str:
    """Traditional→simplified, guaranteed to keep the length (and so every offset).

    The shipped t2s dictionaries only hold same-length entries; should a future dictionary
    map a phrase to a different length, that line falls back to character-by-character
    conversion, and a character whose conversion changes length stays as it was.
    """
    converter = _t2s()
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        simple = converter.convert(line)
        if len(simple) != len(line):
            simple = "".join(_convert_char(converter, ch) for ch in line)
        out.append(simple)
    return "\n".join(out)


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """Simplified→traditional (OpenCC ``s2t``); used to judge legacy decodings."""
    return _s2t().convert(text)


def _convert_char(converter, ch: str) -> str:
    simple = converter.convert(ch)
    return simple if len(simple) == 1 else ch


@dataclass(frozen=True)
class NormalizedText:
    """The clean text of a document and the way back to the original offsets."""

    original: str
    text: str
    script: str  # "simplified" | "traditional" (of the original)
    # Kept runs: clean offset _clean_starts[k] corresponds to original offset _orig_starts[k],
    # and the run continues 1:1 up to the next run.
    _clean_starts: tuple[int, ...] = field(default=(0,), repr=False, compare=False)
    _orig_starts: tuple[int, ...] = field(default=(0,), repr=False, compare=False)

    def original_offset(self, index: int) -> int:
        """Original offset of the clean character at ``index`` (0 <= index < len(text))."""
        k = bisect.bisect_right(self._clean_starts, index) - 1
        return self._orig_starts[k] + index - self._clean_starts[k]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Clean span → the original span from its first to its last character.

        Text deleted inside the span (pinyin, collapsed spaces) is included; text deleted
        just before or after it is not.  An empty span maps to an empty original span.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside clean text of length {len(self.text)}")
        if start == end:
            pos = self.original_offset(start) if start < len(self.text) else len(self.original)
            return pos, pos
        return self.original_offset(start), self.original_offset(end - 1) + 1


class _Builder:
    """The current text plus its run map; deletions are applied stage by stage."""

    def __init__(self, original: str) -> None:
        self.text = original
        self.clean_starts = [0]
        self.orig_starts = [0]

    def translate(self, new_text: str) -> None:
        if len(new_text) != len(self.text):
            raise AssertionError("a translation step changed the text length")
        self.text = new_text

    def delete(self, spans: Iterable[tuple[int, int]]) -> None:
        """Remove the (sorted, non-overlapping) current-text ``spans``."""
        pieces: list[str] = []
        new_clean: list[int] = []
        new_orig: list[int] = []
        produced = 0
        kept_from = 0

        def keep(a: int, b: int) -> None:
            nonlocal produced
            if a >= b:
                return
            pieces.append(self.text[a:b])
            # Split [a, b) at the existing run boundaries it crosses.
            k = bisect.bisect_right(self.clean_starts, a) - 1
            pos = a
            while pos < b:
                run_end = self.clean_starts[k + 1] if k + 1 < len(self.clean_starts) else b
                upto = min(b, run_end)
                orig = self.orig_starts[k] + pos - self.clean_starts[k]
                if not (new_clean and new_orig[-1] + produced - new_clean[-1] == orig):
                    new_clean.append(produced)
                    new_orig.append(orig)
                produced += upto - pos
                pos = upto
                k += 1

        touched = False
        for s, e in spans:
            if s >= e:
                continue
            touched = True
            keep(kept_from, s)
            kept_from = e
        if not touched:
            return
        keep(kept_from, len(self.text))
        self.text = "".join(pieces)
        self.clean_starts = new_clean or [0]
        self.orig_starts = new_orig or [0]

    def delete_matches(self, pattern: re.Pattern[str]) -> None:
        self.delete(m.span() for m in pattern.finditer(self.text))


def _script_of(before: str, after: str) -> str:
    """Traditional when t2s changed a noticeable share of the Chinese characters."""
    if before == after:
        return SIMPLIFIED
    chinese = len(_CJK_CHAR.findall(before))
    changed = sum(1 for a, b in zip(before, after, strict=True) if a != b)
    if changed >= _TRADITIONAL_MIN_CHANGED and changed >= _TRADITIONAL_SHARE * chinese:
        return TRADITIONAL
    return SIMPLIFIED


def normalize(original: str) -> NormalizedText:
    """Clean ``original`` (see the module doc) and keep the map back to it."""
    build = _Builder(original)
    build.delete_matches(_INVISIBLE)
    build.delete_matches(_PINYIN)

    before = build.text
    build.translate(to_simplified(before))
    script = _script_of(before, build.text)

    build.translate(build.text.translate(_HALF_WIDTH))
    build.translate(_ASCII_PUNCT.sub(lambda m: _ASCII_TO_FULL[m.group()], build.text))
    build.translate(_NAME_DOTS.sub("\u00b7", build.text))

    build.delete_matches(_BOILERPLATE_LINES)
    build.delete_matches(_LEADING_SPACE)
    build.delete_matches(_SPACE_RUN)
    build.delete_matches(_BLANK_LINES)
    for _ in range(3):  # a run like ，，。 needs a second pass
        before_collapse = len(build.text)
        build.delete_matches(_PUNCT_COLLAPSE)
        if len(build.text) == before_collapse:
            break

    return NormalizedText(
        original=original,
        text=build.text,
        script=script,
        _clean_starts=tuple(build.clean_starts),
        _orig_starts=tuple(build.orig_starts),
    )
