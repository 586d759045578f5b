"""The combined entity recognizer: gazetteer + pattern rules + the statistical tagger.

``recognize(text)`` returns non-overlapping mentions sorted by position. Rule and gazetteer
mentions are trusted first (longest wins, so 湖北省委 beats the 湖北省 inside it); statistical
spans (the taggers ``kg.recognize.ensemble`` runs: by default the neural tagger, with the CRF
pair where it is unsure; jieba's nr/ns/nt tags while no CRF model exists) only fill the gaps,
after the filters of ``kg.recognize.filters`` and the document-level checks of
``kg.recognize.consistency``. A place that begins an organization name (湖北省 in 湖北省委) is
not returned as a separate mention here; ``nested_places`` recovers it for resolution.
"""

from __future__ import annotations

import functools
import itertools
import warnings
from collections.abc import Iterable, Sequence

from kg.gazetteer import COUNTRY, WORLD_CITY, lookup_place
from kg.recognize.addressed import SOURCE as ADDRESSED_SOURCE
from kg.recognize.addressed import addressed_mentions, addressed_span, addressed_surname_span
from kg.recognize.consistency import (
    one_type_per_name,
    repeated_names,
    retype_places,
    trim_glued_words,
)
from kg.recognize.filters import (
    CJK_NAME,
    EVENT_ENDINGS,
    GENERIC_UNITS,
    INSTITUTION_ENDINGS,
    JUNK,
    ORG_FINALS,
    keep_statistical,
    trim_foreign_name,
    trim_to_suffix,
    word_after_title,
)
from kg.recognize.lexicon import known_organizations, long_titles, org_suffixes, titles
from kg.recognize.org_extensions import (
    ARMY_UNITS,
    CELL_TITLES,
    DEPARTMENT_SUFFIXES,
    PARTY_CELLS,
    army_mentions,
    coordinated_mentions,
    department_mentions,
    foreign_body_mentions,
    longer_form_mentions,
    outlet_mentions,
    periodical_mentions,
    team_mentions,
)
from kg.recognize.orgs import (
    bare_organ_mentions,
    known_org_mentions,
    leading_group_mentions,
    named_organ_mentions,
    organ_mentions,
)
from kg.recognize.party import PARTY_SOURCE, party_mentions
from kg.recognize.places import (
    country_pair_mentions,
    descends,
    gazetteer_mentions,
    listed_place_mentions,
    residential_mentions,
)
from kg.recognize.regions import REGION_SOURCE, pair_of_abbreviations, region_mentions
from kg.recognize.rules import (
    byline_mentions,
    invitation_mentions,
    spouse_mentions,
    title_person_mentions,
)
from kg.recognize.sites import (
    county_city_mentions,
    county_city_prefix,
    national_institution_mentions,
    port_mentions,
    port_place,
    site_mentions,
)
from kg.records import ORGANIZATION, PERSON, PLACE, Mention

__all__ = ["nested_organizations", "nested_places", "recognize"]

# Kept under their old names for callers and tests of the statistical filter.
_keep_statistical = keep_statistical


def recognize(text: str) -> list[Mention]:
    """Entity mentions of clean text: non-overlapping, sorted by start offset."""
    places = gazetteer_mentions(text)
    places += list(residential_mentions(text, places))
    places += list(listed_place_mentions(text))
    rule_candidates: list[Mention] = [*places, *country_pair_mentions(text)]
    rule_candidates += site_mentions(text, places)
    rule_candidates += national_institution_mentions(text)
    rule_candidates += port_mentions(text)
    known = list(known_org_mentions(text))
    rule_candidates += known
    rule_candidates += foreign_body_mentions(text, places, known)
    rule_candidates += organ_mentions(text, places)
    rule_candidates += outlet_mentions(text)
    rule_candidates += periodical_mentions(text)
    rule_candidates += spouse_mentions(text)
    rule_candidates += invitation_mentions(text)
    rule_candidates += team_mentions(text, places)
    rule_candidates += army_mentions(text)
    rule_candidates += leading_group_mentions(text)
    rule_candidates += title_person_mentions(text)
    rule_candidates += addressed_mentions(text)
    rule_candidates += byline_mentions(text)
    rule_candidates += bare_organ_mentions(text)
    rule_candidates += party_mentions(text)
    statistical = [trim_foreign_name(text, trim_to_suffix(m)) for m in _statistical_mentions(text)]
    statistical = retype_places(text, one_type_per_name(statistical))
    statistical = [addressed_surname_span(text, m) for m in statistical]
    statistical = [m for m in statistical
                   if m.source == ADDRESSED_SOURCE or keep_statistical(text, m)]
    statistical = [addressed_span(m) for m in statistical]
    rule_candidates = [m for m in _prefer_confident_persons(rule_candidates, statistical)
                       if not word_after_title(m, statistical)]
    rule_candidates += _enclosing_organizations(text, rule_candidates, statistical)
    chosen = _select(rule_candidates, len(text))
    taken = _coverage(chosen, len(text))
    chosen += _select(list(named_organ_mentions(text, taken)), len(text), taken)
    taken = _coverage(chosen, len(text))
    chosen += _select(statistical, len(text), taken)
    chosen = _extend_organizations(text, chosen)
    chosen = _add_regions(text, chosen)
    chosen = _prefer_county_cities(chosen, list(county_city_mentions(text, chosen)), len(text))
    chosen = trim_glued_words(text, chosen)
    chosen += repeated_names(text, chosen)
    return sorted(chosen, key=lambda m: (m.start, m.end))


def _prefer_county_cities(
    chosen: list[Mention], county_cities: list[Mention], length: int
) -> list[Mention]:
    """武夷山 of 武夷山朱熹园 is the city 武夷山市: the rule's mention, which resolves to the city,
    replaces a statistical place of the same span (the tagger reads the mountain's name)."""
    same_span = {(m.start, m.end) for m in county_cities}
    chosen = [m for m in chosen
              if not (m.type == PLACE and m.source == "crf" and (m.start, m.end) in same_span)]
    return chosen + _select(county_cities, length, _coverage(chosen, length))


def _extend_organizations(text: str, chosen: list[Mention]) -> list[Mention]:
    """Longer names built on a chosen organization (外交部 → 外交部新闻司, 中国红十字会 →
    中国红十字会总会) replace the mentions they cover, unless they cut through another one."""
    orgs = [m for m in chosen if m.type == ORGANIZATION]
    extensions = [
        *department_mentions(text, orgs),
        *longer_form_mentions(text, orgs),
        *coordinated_mentions(text, orgs),
    ]
    for extension in sorted(extensions, key=lambda m: m.start - m.end):
        inside = [m for m in chosen if extension.start <= m.start and m.end <= extension.end]
        crossing = [
            m
            for m in chosen
            if m.start < extension.end and extension.start < m.end and m not in inside
        ]
        if crossing or not inside or any(m.type == PERSON for m in inside):
            continue
        chosen = [m for m in chosen if m not in inside] + [extension]
    return chosen


def _add_regions(text: str, chosen: list[Mention]) -> list[Mention]:
    """京, 津, 冀 of 京津冀: a run of province abbreviations names each province, unless the
    run lies inside another name (王沪宁, 港澳台侨委员会, 中央港澳工作办公室); a place the
    tagger read over the run alone (京津冀 as one place) gives way to it."""
    runs: dict[int, list[Mention]] = {}
    for mention in region_mentions(text):
        runs.setdefault(_run_start(runs, mention), []).append(mention)
    for run in runs.values():
        start, end = run[0].start, run[-1].end
        overlapping = [m for m in chosen if m.start < end and start < m.end]
        if any(
            m.type != PLACE or m.source not in ("crf", "jieba") or m.start < start or m.end > end
            for m in overlapping
        ):
            continue
        chosen = [m for m in chosen if m not in overlapping] + run
    return chosen


def _run_start(runs: dict[int, list[Mention]], mention: Mention) -> int:
    for start, run in runs.items():
        if run[-1].end == mention.start:
            return start
    return mention.start


def _prefer_confident_persons(rules: list[Mention], statistical: list[Mention]) -> list[Mention]:
    """A confident statistical person beats an overlapping rule person (沈志云 over 沈志, 克林顿
    over 克林): rules cut names by heuristics, the tagger has seen the whole sentence."""
    # A dotted foreign name that encloses a rule person is whole where the rule stopped at the
    # dot (米歇尔 of 米歇尔·康德苏), even when the tagger is less sure.
    confident = [
        m
        for m in statistical
        if m.type == PERSON
        and m.source == "crf"
        and (m.score >= 0.9 or _dotted_extension(m, rules))
    ]
    if not confident:
        return rules
    # A foreign city's name the filters kept as a person (after a title: 总统华盛顿) is one.
    persons = {(c.start, c.end) for c in confident}
    kept = [
        r
        for r in rules
        if not (r.type == PLACE and (r.start, r.end) in persons and _world_city(r.text))
        and (r.type != PERSON or not any(r.start < c.end and c.start < r.end for c in confident))
    ]
    return kept + [
        c
        for c in confident
        if any(r.type == PERSON and r.start < c.end and c.start < r.end for r in rules)
    ]


def _world_city(surface: str) -> bool:
    place = lookup_place(surface)
    return place is not None and place.level == WORLD_CITY


def _dotted_extension(candidate: Mention, rules: list[Mention]) -> bool:
    return "·" in candidate.text and any(
        r.type == PERSON
        and candidate.start <= r.start
        and r.end <= candidate.end
        and (r.end - r.start) < (candidate.end - candidate.start)
        for r in rules
    )


def _enclosing_organizations(
    text: str, rules: list[Mention], statistical: list[Mention]
) -> list[Mention]:
    """Confident statistical organizations that enclose rule mentions without cutting through
    them (巴基斯坦外交部 over 巴基斯坦 + 外交部, 欧盟委员会 over 欧盟) compete with the rules;
    not a body plus a unit every body has (上合组织|秘书处) or plus the party cell that begins
    a title (国家统计局|党组书记), which the rules' conventions leave out of the name."""
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
        if candidate.text.endswith(EVENT_ENDINGS):
            continue  # 欧盟峰会: an event of the body, not a body
        if candidate.text.endswith(long_titles()):
            continue  # 中共中央政治局常委: a title of the body, not a body
        rest = candidate.text[max(r.end for r in inside) - candidate.start :]
        if rest in GENERIC_UNITS or (rest in PARTY_CELLS
                                     and text.startswith(CELL_TITLES, candidate.end)):
            continue
        institution = candidate.text.endswith(INSTITUTION_ENDINGS)
        if sum(r.type == PLACE for r in places_first) > 1 and not (
            institution and _one_place_chain(places_first)
        ):
            continue
        extends_org = any(r.type == ORGANIZATION for r in inside)
        # Or a place plus an organ the rules do not know (美国航空航天局, 纽约证券交易所), or
        # an institution named after its place (北京翰华文化艺术中心, 山东白庄煤矿).
        place_led = places_first[0].start == candidate.start and (
            candidate.text[-1] in ORG_FINALS or institution
        )
        # A foreign country's bodies are seldom in the rules' tables (美国股票交易所): a less
        # sure tagger is trusted there.
        threshold = 0.8 if place_led and _foreign(places_first[0].text) else 0.9
        if not (extends_org or (place_led and candidate.score >= threshold)):
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


def _one_place_chain(places: list[Mention]) -> bool:
    """湖北省 + 武汉市, 河南 + 洛阳市: each place lies in the one before it (not a list)."""
    for outer, inner in itertools.pairwise(places):
        if outer.type != PLACE or inner.type != PLACE or inner.start != outer.end:
            return False
        above, below = lookup_place(outer.text), lookup_place(inner.text, context=outer.text)
        if above is None or below is None or not descends(below, above.name):
            return False
    return True


def _foreign(surface: str) -> bool:
    place = lookup_place(surface)
    return place is not None and place.level in (COUNTRY, WORLD_CITY) and place.name != "中国"


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
    if mention.source in (PARTY_SOURCE, REGION_SOURCE, ADDRESSED_SOURCE):
        return True  # one character, but only where it stands as its own word
    if len(text) < 2 or text in JUNK:
        return False
    if mention.type == PERSON:
        # Foreign names joined by · run long (阿斯卡尔·别克托夫); Chinese names stay short.
        limit = 16 if "·" in text else 8
        return CJK_NAME.match(text) is not None and text not in titles() and len(text) <= limit
    return True


def _statistical_mentions(text: str) -> list[Mention]:
    if _crf_available():
        from kg.recognize.ensemble import statistical_mentions

        try:
            return statistical_mentions(text)
        except Exception as error:
            # A tagger failure must not cost the whole document: the rules still work, and
            # jieba's tags stand in; the warning keeps the failure visible.
            warnings.warn(f"statistical tagger failed ({error!r}); using jieba tags",
                          stacklevel=2)
    return _jieba_mentions(text)


def prepare(texts: Sequence[str]) -> None:
    """Let the statistical taggers read the clean texts of several documents in one batch, ahead
    of :func:`recognize` on each (``kg.recognize.ensemble.prepare``): faster, same mentions."""
    if _crf_available():
        from kg.recognize.ensemble import prepare as prepare_taggers

        prepare_taggers(texts)


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


_NESTING_SOURCES = ("organ", "named-organ", "crf-enclosing", "department", "outlet", "team")
# Names from the table of well-known bodies carry only their country (中国 in 中国科学院, not
# 上海 in 上海合作组织, which names a city the body is not part of).
_COUNTRY_NESTING_SOURCES = ("org-table", "longer-form")


def nested_places(text: str, mention: Mention) -> list[Mention]:
    """Places that begin an organization mention (湖北省 in 湖北省委, 海子村 in 海子村党支部,
    中国 in 中国红十字会总会).

    The places are found again in a window that includes some text before the organization, so
    that chains read as in ``recognize`` (上海浦东新区 before 潍坊新村街道党工委).
    """
    if mention.type != ORGANIZATION:
        return []
    if mention.source == "port":
        return port_place(mention)
    if mention.source == "crf":
        return county_city_prefix(mention)
    if mention.source in _COUNTRY_NESTING_SOURCES:
        return _leading_country(mention, text)
    if mention.source not in _NESTING_SOURCES:
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
    if not found or found[0].start != mention.start:
        found = _leading_country(mention, text) + found
    return found


def _leading_country(mention: Mention, text: str) -> list[Mention]:
    # Read the prefix directly: word alignment would refuse 中国 inside the word 中国红十字会.
    for length in range(min(len(mention.text) - 1, 8), 1, -1):
        prefix = mention.text[:length]
        place = lookup_place(prefix)
        if place is not None and pair_of_abbreviations(text, prefix, place):
            return []  # 中非合作论坛: China and Africa, not the Central African Republic
        if place is not None and place.level == COUNTRY:
            end = mention.start + length
            return [Mention(mention.start, end, PLACE, prefix, "nested", 0.9)]
    return []


def nested_organizations(text: str, mention: Mention) -> list[Mention]:
    """The body a department belongs to (复旦大学 in 复旦大学物理系, 外交部 in
    外交部新闻司): the longest proper prefix that is a known body or ends in an organ word."""
    if mention.type != ORGANIZATION:
        return []
    surface = mention.text
    if mention.source == "longer-form" and surface.endswith(ARMY_UNITS):
        body = surface[: -len(next(u for u in ARMY_UNITS if surface.endswith(u)))]
        end = mention.start + len(body)
        return [Mention(mention.start, end, ORGANIZATION, body, "nested", 0.9)]
    if mention.source not in ("department", "crf-enclosing"):
        return []
    cell = next((c for c in PARTY_CELLS if surface.endswith(c)), None)
    if cell is not None:  # 全国人大常委会党组: the body whose party group it is
        body = surface[: -len(cell)]
        if len(body) >= 2 and (body in known_organizations() or body.endswith(org_suffixes())):
            end = mention.start + len(body)
            return [Mention(mention.start, end, ORGANIZATION, body, "nested", 0.9)]
    for end in range(len(surface) - 3, 2, -1):
        prefix, unit = surface[:end], surface[end:]
        if not unit.endswith(DEPARTMENT_SUFFIXES):
            return []
        if prefix in known_organizations() or prefix.endswith(org_suffixes()):
            return [
                Mention(mention.start, mention.start + end, ORGANIZATION, prefix, "nested", 0.9)
            ]
    return []
