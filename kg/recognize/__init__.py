"""The combined entity recognizer: gazetteer + pattern rules + the statistical tagger.

``recognize(text)`` returns non-overlapping mentions sorted by position. Rule and gazetteer
mentions are trusted first (longest wins, so 湖北省委 beats the 湖北省 inside it); statistical
spans (the CRF of ``kg.recognize.crf``, or jieba's nr/ns/nt tags while no CRF model exists) only
fill the gaps. A place that begins an organization name (湖北省 in 湖北省委) is not returned as a
separate mention here; ``nested_places`` recovers it for resolution.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterable

from kg.gazetteer import lookup_place
from kg.recognize.lexicon import dictionary_tags, words
from kg.recognize.orgs import (
    bare_organ_mentions,
    good_org_modifier,
    known_org_mentions,
    leading_group_mentions,
    named_organ_mentions,
    org_suffixes,
    organ_mentions,
)
from kg.recognize.places import GENERIC_MODIFIERS as _GENERIC_PLACE_WORDS
from kg.recognize.places import (
    country_pair_mentions,
    gazetteer_mentions,
    residential_mentions,
)
from kg.recognize.rules import byline_mentions, name_after, title_person_mentions, titles
from kg.records import ORGANIZATION, PERSON, PLACE, Mention

__all__ = ["nested_places", "recognize"]

_CJK = re.compile(r"^[\u4e00-\u9fff·]+$")
# Words the statistical taggers like to call entities but that never are.
_JUNK = words("not_entities")
# Institutions a statistical tagger may name without a place in front (XX医院, XX公司).
_INSTITUTION_SUFFIXES = (
    "医院",
    "大学",
    "学院",
    "公司",
    "集团",
    "银行",
    "报社",
    "日报",
    "电视台",
    "电台",
    "博物馆",
    "研究院",
    "研究所",
    "协会",
    "基金会",
    "出版社",
    "通讯社",
    "中学",
    "小学",
)


def recognize(text: str) -> list[Mention]:
    """Entity mentions of clean text: non-overlapping, sorted by start offset."""
    places = gazetteer_mentions(text)
    places += list(residential_mentions(text, places))
    rule_candidates: list[Mention] = [*places, *country_pair_mentions(text)]
    rule_candidates += known_org_mentions(text)
    rule_candidates += organ_mentions(text, places)
    rule_candidates += leading_group_mentions(text)
    rule_candidates += title_person_mentions(text)
    rule_candidates += byline_mentions(text)
    rule_candidates += bare_organ_mentions(text)
    statistical = [_trim_to_suffix(m) for m in _statistical_mentions(text)]
    statistical = [m for m in statistical if _keep_statistical(text, m)]
    rule_candidates = _prefer_confident_persons(rule_candidates, statistical)
    rule_candidates += _enclosing_organizations(rule_candidates, statistical)
    chosen = _select(rule_candidates, len(text))
    taken = _coverage(chosen, len(text))
    chosen += _select(list(named_organ_mentions(text, taken)), len(text), taken)
    taken = _coverage(chosen, len(text))
    chosen += _select(statistical, len(text), taken)
    return sorted(chosen, key=lambda m: (m.start, m.end))


def _prefer_confident_persons(rules: list[Mention], statistical: list[Mention]) -> list[Mention]:
    """A confident statistical person beats an overlapping rule person (沈志云 over 沈志, 克林顿
    over 克林): rules cut names by heuristics, the tagger has seen the whole sentence."""
    confident = [
        m for m in statistical if m.type == PERSON and m.source == "crf" and m.score >= 0.9
    ]
    if not confident:
        return rules
    kept = [
        r
        for r in rules
        if r.type != PERSON or not any(r.start < c.end and c.start < r.end for c in confident)
    ]
    return kept + [
        c
        for c in confident
        if any(r.type == PERSON and r.start < c.end and c.start < r.end for r in rules)
    ]


def _enclosing_organizations(rules: list[Mention], statistical: list[Mention]) -> list[Mention]:
    """Confident statistical organizations that enclose rule mentions without cutting through
    them (巴基斯坦外交部 over 巴基斯坦 + 外交部, 欧盟委员会 over 欧盟) compete with the rules."""
    enclosing: list[Mention] = []
    for candidate in statistical:
        if candidate.type != ORGANIZATION or candidate.score < 0.85:
            continue
        inside = [r for r in rules if candidate.start <= r.start and r.end <= candidate.end]
        crossing = [
            r
            for r in rules
            if r.start < candidate.end and candidate.start < r.end and r not in inside
        ]
        if crossing or not inside or any(r.type == PERSON for r in inside):
            continue
        if any(r.start == candidate.start and r.end == candidate.end for r in inside):
            continue  # the rules already have this very span
        places_first = sorted(inside, key=lambda r: r.start)
        # It must extend an organization (欧盟 → 欧盟委员会, 外交部 → 巴基斯坦外交部), not swallow
        # a chain of places (山东济宁XX社区党委) or a list (湖北等地公安).
        if any(c in "等和与及、" for c in candidate.text):
            continue
        if sum(r.type == PLACE for r in places_first) > 1:
            continue
        extends_org = any(r.type == ORGANIZATION for r in inside)
        # Or a place plus an organ the rules do not know (美国航空航天局, 纽约证券交易所).
        place_led = places_first[0].start == candidate.start and candidate.text[-1] in _ORG_FINALS
        if not (extends_org or (place_led and candidate.score >= 0.9)):
            continue
        enclosing.append(
            Mention(
                candidate.start,
                candidate.end,
                ORGANIZATION,
                candidate.text,
                "crf-enclosing",
                candidate.score,
            )
        )
    return enclosing


def _priority(mention: Mention) -> tuple[float, ...]:
    # Persons from titles are short and precise; everything else: longer spans first.
    return (-(mention.end - mention.start), -mention.score)


def _select(
    candidates: list[Mention], length: int, taken: bytearray | None = None
) -> list[Mention]:
    taken = bytearray(taken) if taken is not None else bytearray(length)
    chosen: list[Mention] = []
    for mention in sorted(candidates, key=_priority):
        if mention.end <= mention.start or any(taken[mention.start : mention.end]):
            continue
        if not _plausible(mention):
            continue
        taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        chosen.append(mention)
    return chosen


def _coverage(mentions: Iterable[Mention], length: int) -> bytearray:
    taken = bytearray(length)
    for m in mentions:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    return taken


def _plausible(mention: Mention) -> bool:
    text = mention.text
    if mention.type == PLACE and mention.source.startswith("country"):
        return True
    if len(text) < 2 or text in _JUNK:
        return False
    if mention.type == PERSON:
        return _CJK.match(text) is not None and text not in titles() and len(text) <= 8
    return True


def _keep_statistical(text: str, mention: Mention) -> bool:
    """Filter statistical spans: junk words, titles tagged as persons, generic groups."""
    surface = mention.text
    if len(surface) < 2 or surface in _JUNK or not _CJK.match(surface):
        return False
    if mention.type == PERSON:
        return _proper_person(surface, mention)
    if mention.type == PLACE:
        return _proper_place(surface, mention)
    if mention.type == ORGANIZATION:
        return _proper_organization(surface, mention.score)
    return False


def _proper_person(surface: str, mention: Mention) -> bool:
    if any(surface.endswith(t) or surface.startswith(t) for t in titles() if len(t) >= 2):
        return False
    if surface[-1] in "市省县州宫" or lookup_place(surface) is not None:
        return False  # 休斯顿, 贝伦市: places the tagger took for people
    if not _not_common_word(surface):
        return False  # 楚材晋用, 申请书
    if mention.source == "crf" and mention.score >= 0.75 and len(surface) <= 12:
        return True  # foreign names (克林顿, 保罗·邦珀) have no surname to check
    if mention.source == "crf" and mention.score >= 0.5 and _foreign_name(surface):
        return True
    if mention.source == "jieba" and len(surface) != 3:
        return False  # jieba's two-character nr tags are mostly ordinary words
    return len(surface) <= 4 and name_after(surface + "。", 0) == len(surface)


def _foreign_name(surface: str) -> bool:
    """保罗·邦珀, 内塔尼亚胡: a dotted name or three or more transliteration characters."""
    from kg.recognize.rules import is_transliteration

    return "·" in surface.strip("·") or (len(surface) >= 3 and is_transliteration(surface))


def _proper_place(surface: str, mention: Mention) -> bool:
    if surface[0] in "各全本该每这那其我" or mention.score < 0.6:
        return False
    # Without context: the document-wide context would license any county short form.
    if lookup_place(surface) is not None:
        return True
    if any(surface[:-1].endswith(g) or surface.startswith(g) for g in _GENERIC_PLACE_WORDS):
        return False
    if surface[-1] in "省市县区镇乡村州" and len(surface) >= 3:
        return True
    # Foreign and natural places the gazetteer lacks (亚洲, 肯特郡): trust a confident tagger.
    return mention.source == "crf" and mention.score >= 0.85 and _not_common_word(surface)


def _not_common_word(surface: str) -> bool:
    return dictionary_tags().get(surface) in (None, "ns", "nz", "nt", "nr", "nrt", "j")


# Heads of generic groups the tagger calls organizations (社区党组织, 公安机关, 国家部委).
_GENERIC_ORG_HEADS = (
    "党组织",
    "党支部",
    "党总支",
    "党委",
    "小组",
    "部委",
    "机关",
    "服务中心",
    "指挥部",
    "工作组",
    "队",
    "班",
)
_GENERIC_ORG_STARTS = (
    "社区",
    "村",
    "网格",
    "辖区",
    "国家机关",
    "全国",
    "各",
    "有关",
    "楼宇",
    "基层",
    "党员",
    "临时",
    "相关",
    "当地",
    "所在",
    "全省",
    "全市",
    "全县",
    "该",
    "本",
)
# Characters an organization name may end with when no listed suffix matches (欧盟委员会, 索尼).
_ORG_FINALS = set("会部局院所委社团盟司行处署台站厂校馆军办组坛")
_VENUE_ENDINGS = ("大厅", "展厅", "广场", "大楼", "大会堂", "礼堂", "会场", "机场", "车站", "码头")
_GENERIC_ORG_WORDS = words("generic_org_modifiers")


def _proper_organization(surface: str, score: float) -> bool:
    """Statistical organizations are often generic (社区党组织, 公安机关, 临时指挥部): keep named
    ones (欧盟委员会, 逸夫医院, 索尼) and those that start with a known place."""
    if len(surface) < 2 or score < 0.6:
        return False
    if surface.startswith(_GENERIC_ORG_STARTS):
        return False
    head = next((h for h in _GENERIC_ORG_HEADS if surface.endswith(h)), None)
    leading = gazetteer_mentions(surface)
    if leading and leading[0].start == 0 and len(leading[0].text) < len(surface):
        return surface.endswith(org_suffixes()) or surface[-1] in _ORG_FINALS
    if head is not None:
        return False
    if surface.endswith(_VENUE_ENDINGS):
        return False  # 新闻演播大厅, 人民大会堂: places inside buildings, not bodies
    suffix = next((s for s in org_suffixes() if surface.endswith(s)), None)
    if suffix is not None:
        modifier = surface[: -len(suffix)]
        if score >= 0.9:  # the tagger is sure; only generic modifiers disqualify
            return len(modifier) >= 2 and modifier not in _GENERIC_ORG_WORDS
        return len(modifier) >= 2 and good_org_modifier(surface, 0, modifier)
    if surface[-1] in _ORG_FINALS:
        return score >= 0.8 and _not_common_word(surface)
    # Brand-like names without an organ word (索尼, 英特尔): only when the tagger is sure.
    return score >= 0.9 and len(surface) <= 6 and _not_common_word(surface) and _one_word(surface)


def _one_word(surface: str) -> bool:
    """Not a phrase of ordinary words (新闻演播大厅 = 新闻 + 演播 + 大厅)."""
    import jieba

    words = [w for w in jieba.cut(surface, HMM=False) if len(w) >= 2]
    return len(words) <= 1


def _trim_to_suffix(mention: Mention) -> Mention:
    """南医大附属逸夫医院院 → 南医大附属逸夫医院: CRF spans sometimes run one character long."""
    surface = mention.text
    if mention.type != ORGANIZATION or surface.endswith(org_suffixes()):
        return mention
    for cut in (1, 2):
        shorter = surface[:-cut]
        if shorter.endswith(org_suffixes()):
            end = mention.end - cut
            return Mention(mention.start, end, mention.type, shorter, mention.source, mention.score)
    return mention


def _statistical_mentions(text: str) -> list[Mention]:
    if _crf_available():
        from kg.recognize.crf import crf_mentions

        try:
            return crf_mentions(text)
        except Exception as error:
            # A tagger failure must not cost the whole document: the rules still work, and
            # jieba's tags stand in; the warning keeps the failure visible.
            warnings.warn(f"CRF tagger failed ({error!r}); using jieba tags", stacklevel=2)
    return _jieba_mentions(text)


@functools.lru_cache(maxsize=1)
def _crf_available() -> bool:
    try:
        from kg.recognize.crf import model_path
    except ImportError:
        return False
    return model_path().is_file()


_JIEBA_TYPES = {"nr": PERSON, "nrfg": PERSON, "nrt": PERSON, "ns": PLACE, "nt": ORGANIZATION}


def _jieba_mentions(text: str) -> list[Mention]:
    """Fallback tagger: jieba part-of-speech tags nr/ns/nt."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    mentions: list[Mention] = []
    position = 0
    for pair in jieba.posseg.cut(text):
        word, flag = pair.word, pair.flag
        kind = _JIEBA_TYPES.get(flag)
        if kind:
            mentions.append(Mention(position, position + len(word), kind, word, "jieba", 0.5))
        position += len(word)
    return mentions


_NESTING_SOURCES = ("organ", "named-organ", "crf-enclosing")


def nested_places(text: str, mention: Mention) -> list[Mention]:
    """Places that begin an organization mention (湖北省 in 湖北省委, 海子村 in 海子村党支部).

    The places are found again in a window that includes some text before the organization, so
    that chains read as in ``recognize`` (上海浦东新区 before 潍坊新村街道党工委).
    """
    if mention.type != ORGANIZATION or mention.source not in _NESTING_SOURCES:
        return []
    window_start = max(0, mention.start - 12)
    window = text[window_start : mention.end]
    inner = gazetteer_mentions(window)
    inner += list(residential_mentions(window, inner))
    found: list[Mention] = []
    position = mention.start
    for place in sorted(inner, key=lambda m: (m.start, -m.end)):
        start, end = window_start + place.start, window_start + place.end
        if end <= mention.start or start < position or end > mention.end:
            continue
        # A leading chain of places (湖北省 in 湖北省红十字会, 海子村 in 海子村党支部), and any
        # administrative place further in (成都 in XX物业成都分公司).
        if start == position or place.source == "gazetteer":
            found.append(Mention(start, end, PLACE, place.text, "nested", place.score))
            position = end
    return found
