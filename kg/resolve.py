"""In-document entity resolution: one ``Entity`` per real-world entity of a document.

* Places resolve through the gazetteer to their official name (湖北 → 湖北省) and carry adcode,
  level, parent, lat, lon; country abbreviations in pairs (中, 马方) resolve to the country.
* Organizations resolve through the table of well-known bodies (中宣部 → 中共中央宣传部) and,
  inside the document, a shorter form that is the tail of exactly one longer name found in the
  same document (省红十字会 → 湖北省红十字会, 东湖风景区管委会 → 武汉东湖风景区管委会).
* Persons: a shorter name contained in exactly one longer name of the document is the same
  person; a name + title (习近平总书记) and a bare title used for exactly one named holder
  (总书记) become aliases.
The canonical name is the fullest form; every other surface form is an alias. Places that begin
an organization name (湖北省 in 湖北省委) become Place entities too (guidelines §1).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.gazetteer import (
    COUNTRY,
    WORLD_CITY,
    Place,
    city_short_form,
    is_full_name,
    lookup_place,
    place_abbreviation,
    unique_county_city,
)
from kg.recognize import nested_organizations, nested_places
from kg.recognize.addressed import SOURCE as ADDRESSED_SOURCE
from kg.recognize.addressed import addressed_form, addressed_surname
from kg.recognize.lexicon import known_organizations, org_suffixes
from kg.recognize.orgs import BARE_ORGAN_SOURCE
from kg.recognize.party import PARTY_NAME, PARTY_SOURCE
from kg.recognize.places import COUNTRY_SELF_SOURCE
from kg.recognize.regions import REGION_SOURCE, region_abbreviation
from kg.recognize.sites import COUNTY_CITY_SOURCE
from kg.records import ORGANIZATION, PERSON, PLACE, Entity, Mention, ResolvedMention

# Titles after a name that make an alias of the name (习近平总书记, 温家宝总理, 梅德韦杰夫总统).
_NAME_TITLES = ("总书记", "同志", "总理", "主席", "总统", "首相", "书记", "部长", "省长", "市长")
_HONORIFIC_BARE_TITLES = ("总书记", "总理", "总统", "首相")


@dataclass(slots=True)
class _Group:
    name: str
    type: str
    surfaces: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    references: list[tuple[int, int]] = field(default_factory=list)
    place: Place | None = None


# Mentions that refer to an entity without naming it (Entity.references): 我国 → 中国, the bare
# 党 → 中国共产党. A bare organ (省委 → 湖北省委) stays a mention: a level word and an organ
# is how the news names the body of its place, and the NER corpora mark it so.
REFERENCE_SOURCES = frozenset((COUNTRY_SELF_SOURCE, PARTY_SOURCE))


def resolve(text: str, mentions: Sequence[Mention]) -> tuple[list[Entity], list[ResolvedMention]]:
    """Group ``mentions`` of ``text`` into entities and link each mention to its entity."""
    all_mentions = list(mentions)
    for mention in mentions:
        all_mentions += nested_places(text, mention)
        all_mentions += nested_organizations(text, mention)
    canonical = {m: _canonical(text, m) for m in all_mentions}
    _complete_bare_organs(text, all_mentions, canonical)
    _keep_the_party_of_a_post_list(text, all_mentions, canonical)
    canonical = _link_short_forms(all_mentions, canonical)
    groups: dict[tuple[str, str], _Group] = {}
    for mention in sorted(all_mentions, key=lambda m: (m.start, m.end)):
        name, place = canonical[mention]
        group = groups.setdefault((mention.type, name), _Group(name, mention.type, place=place))
        span = (mention.start, mention.end)
        if span not in group.spans and span not in group.references:
            kept = group.references if mention.source in REFERENCE_SOURCES else group.spans
            kept.append(span)
            group.surfaces.append(mention.text)
            if mention.source == ADDRESSED_SOURCE:  # 肖 of 肖大哥: the address is a form too
                group.surfaces.append(addressed_form(text, mention))
    _add_title_aliases(text, groups)
    _name_as_written(groups)
    entities = [_entity(group) for group in groups.values()]
    renamed = {(g.type, key): g.name for (t, key), g in groups.items() if g.name != key}
    resolved = [
        ResolvedMention(m.start, m.end, m.type,
                        renamed.get((m.type, canonical[m][0]), canonical[m][0]), m.text)
        for m in sorted(mentions, key=lambda m: (m.start, m.end))
    ]
    return entities, resolved


def _canonical(text: str, mention: Mention) -> tuple[str, Place | None]:
    surface = mention.text
    if mention.type == PLACE:
        if mention.source == REGION_SOURCE:  # 京, 津, 冀 of 京津冀
            province = region_abbreviation(surface)
            return (province.name, province) if province else (surface, None)
        if mention.source.startswith("country"):
            country = place_abbreviation(surface[0])
            return (country.name, country) if country else (surface, None)
        # Short forms are read in their local context, as the recognizer accepted them: a county
        # short form is only that county right after its city or province (or in a counted
        # list such as 宁蒗、永胜两县, which the recognizer checked against the whole text).
        whole = is_full_name(surface) or mention.source == "listed"
        local = text if whole else text[max(0, mention.start - 12) : mention.start]
        place = lookup_place(surface, context=local)
        if place is None:
            # The document writes the full name elsewhere (满洲里市 … 满洲里电台): same place.
            place = lookup_place(surface, context=text)
            place = place if place is not None and place.name in text else None
        if place is None and mention.source == COUNTY_CITY_SOURCE:
            place = unique_county_city(surface)  # 曲阜 of 曲阜孔子研究院
        if place is None and mention.source == "crf":
            place = city_short_form(surface)  # 自贡: the tagger found the city jieba mis-tags
        return (place.name, place) if place else (surface, None)
    if mention.source == PARTY_SOURCE:
        return PARTY_NAME, None
    if mention.source == ADDRESSED_SOURCE:  # 吴 of 吴先生: the name is the address as written
        return addressed_form(text, mention), None
    if mention.type == ORGANIZATION:
        name = _ORDINAL_TERM.sub("", surface)  # 第十三届全国人民代表大会 → 全国人民代表大会
        return known_organizations().get(name, name if len(name) >= 2 else surface), None
    return surface, None


# A term or session number before a body's name: 第十三届, 十三届, 六届.
_ORDINAL_TERM = re.compile(r"^第?[一二三四五六七八九十百零〇\d]+届")


_LEVEL_WORDS = ("自治区", "省", "市", "县", "区", "州")
# A dateline near the top: 新华社武汉2月3日电, 本报长沙讯, 通辽日报3月1日讯 (the place is one of
# the document's place mentions inside it). Its place outweighs any count of mentions.
_DATELINE = re.compile(
    r"(?:^|[\n（(】\s])(?:[^\n。，,；]{0,16}?(?:\d{1,4}年)?\d{1,2}月\d{1,2}日\s*(?:电|讯)"
    r"|(?:本报|新华社|中新社|中新网|人民网|央视网)[^\n。，,；]{0,10}?(?:电|讯))"
)
_DATELINE_REACH, _DATELINE_WEIGHT = 160, 1000


def _complete_bare_organs(
    text: str, mentions: list[Mention], canonical: dict[Mention, tuple[str, Place | None]]
) -> None:
    """省委 → 湖北省委: a bare organ belongs to the place the article is written from — its
    dateline's (本报长沙2月3日讯 → 长沙市委) — else to its most-mentioned place that has the same
    level word (省 → 湖北省, 自治区 → 内蒙古自治区): a city named in passing does not own the
    市委 of a story filed elsewhere. 市政府 becomes 广州市人民政府 when the article writes that
    full name, else 广州市政府 as written."""
    counts: dict[str, int] = {}
    dateline = _DATELINE.search(text[:_DATELINE_REACH])
    for mention in mentions:
        name, place = canonical[mention]
        if mention.type == PLACE and place is not None and place.adcode is not None:
            counts[name] = counts.get(name, 0) + 1
            if dateline and dateline.start() <= mention.start < mention.end <= dateline.end():
                counts[name] += _DATELINE_WEIGHT
    for mention in mentions:
        if mention.source != BARE_ORGAN_SOURCE:
            continue
        level_word = next(w for w in _LEVEL_WORDS if mention.text.startswith(w))
        candidates = [name for name in counts if name.endswith(level_word)]
        if not candidates:
            continue
        best = max(candidates, key=lambda name: counts[name])
        organ = mention.text[len(level_word) :]
        if organ == "政府" and best + "人民政府" in text:
            organ = "人民政府"
        canonical[mention] = (best + organ, None)


# What may stand between two bodies of one list of posts: title words and 、 (越共中央政治局委员、
# 中央书记处书记), no clause break.
_POST_LIST_GAP = re.compile(r"[\u4e00-\u9fff]{0,8}、")
_CENTRAL = "中央"
_CPC_CENTRAL = "中共中央"
_CPC = frozenset(("中共", "党", PARTY_NAME))  # 中共中央政治局, 党中央, 中国共产党中央委员会


def _keep_the_party_of_a_post_list(
    text: str, mentions: list[Mention], canonical: dict[Mention, tuple[str, Place | None]]
) -> None:
    """中央书记处 is the secretariat of the party whose central organ heads the list of posts it
    stands in (越共中央政治局委员、中央书记处书记 → 越共中央书记处), not the table's 中共中央书记处:
    the table reads a bare 中央 as the Chinese party's, which holds only where nothing else
    says whose it is."""
    organizations = sorted((m for m in mentions if m.type == ORGANIZATION),
                           key=lambda m: m.start)
    for index, mention in enumerate(organizations):
        name, _ = canonical[mention]
        if not (mention.text.startswith(_CENTRAL) and name.startswith(_CPC_CENTRAL)):
            continue
        for before in reversed(organizations[:index]):
            if before.end > mention.start:
                continue
            head = canonical[before][0]
            party = head[: head.find(_CENTRAL)] if _CENTRAL in head[1:] else ""
            if not party or not _POST_LIST_GAP.fullmatch(text[before.end : mention.start]):
                break
            if party not in _CPC:
                canonical[mention] = (party + mention.text, None)
            break


def _link_short_forms(
    mentions: list[Mention], canonical: dict[Mention, tuple[str, Place | None]]
) -> dict[Mention, tuple[str, Place | None]]:
    """Map a short in-document form to the single longer name that ends or contains it."""
    names_by_type: dict[str, set[str]] = {}
    for mention in mentions:
        names_by_type.setdefault(mention.type, set()).add(canonical[mention][0])
    linked = dict(canonical)
    # Per distinct (type, name): a name is mentioned many times, its longer forms are the same.
    longer_by_name: dict[tuple[str, str], list[str]] = {}
    for mention in mentions:
        name, place = canonical[mention]
        if place is not None or mention.type == PLACE:
            continue
        key = (mention.type, name)
        if key not in longer_by_name:
            longer_by_name[key] = [
                other
                for other in names_by_type.get(mention.type, ())
                if other != name and _is_short_form(name, other, mention.type)
            ]
        longer = longer_by_name[key]
        if len(longer) == 1:
            linked[mention] = (longer[0], None)
    return linked


def _is_short_form(short: str, full: str, entity_type: str) -> bool:
    if entity_type == PERSON:
        surname = _addressed_surname(short)
        if surname:
            # 老肖 is 肖景光, not 肖大哥: another address of the same surname names no one new.
            return (full.startswith(surname) and 2 <= len(full) <= 4
                    and _addressed_surname(full) is None)
        if "·" in full:  # 帕斯特拉纳 for 安德烈斯·帕斯特拉纳: one part of a foreign name
            return short in full.split("·")
        # A given name used alone (振华 for 李振华); 张伟 is not 张伟明, who is someone else.
        return len(short) == 2 and len(full) in (3, 4) and full.endswith(short)
    if entity_type == ORGANIZATION:
        if len(short) >= 3 and full.endswith(short):
            # 省红十字会 / 湖北省红十字会; but 外交部 is not 白俄罗斯外交部: a foreign prefix
            # names another country's body.
            return not _foreign_prefix(full[: -len(short)])
        # 北京公安 / 北京市公安局: same head, organ abbreviated. A name that is a whole prefix
        # of the other is the body a unit belongs to (复旦大学 / 复旦大学物理系, 广东省委 /
        # 广东省委常委会): another entity.
        if full.startswith(short) and short.endswith(org_suffixes()):
            return False
        if short in known_organizations():
            return False
        if len(short) < 4 or not _abbreviates(short, full):
            return False
        # 北京公安 abbreviates 北京市公安局, but 湖北省委 is not 湖北省纪委监委: the organ word
        # of the short form must appear as such in the full name.
        organ = next((s for s in org_suffixes() if short.endswith(s)), "")
        return organ in full or _abbreviated_organ(short, full, organ)
    return False


def _abbreviated_organ(short: str, full: str, organ: str) -> bool:
    """四川省卫健委 / 四川省卫生健康委员会: the same head, and the short form's organ word
    abbreviates the one listed organ word the full name ends with (卫健委 / 卫生健康委员会, its
    first character and the rest in order). 湖北省委 is still not 湖北省纪委监委: 省纪委监委
    is no single organ word."""
    head = short[: len(short) - len(organ)]
    rest = full[len(head):]
    return (bool(organ) and full.startswith(head) and rest in org_suffixes()
            and len(organ) < len(rest) and _abbreviates(organ, rest, shared=1))


def _foreign_prefix(prefix: str) -> bool:
    """Whether ``prefix`` is a place outside China (a country other than 中国, a world city)."""
    place = lookup_place(prefix.removesuffix("驻"))
    if place is None:
        return False
    return (place.level == COUNTRY and place.name != "中国") or place.level == WORLD_CITY


_FAMILIAR = re.compile(
    r"^(?:老|小)(?P<a>[\u4e00-\u9fff])$"
    r"|^(?P<b>[\u4e00-\u9fff])(?:大哥|大姐|师傅|老师|阿姨|大爷|大妈|大叔|老|总)$"
)


# Memoized: short-form linking asks it of every pair of person names in a document.
@functools.lru_cache(maxsize=65_536)
def _addressed_surname(surface: str) -> str | None:
    """老肖, 肖大哥, 温总理: a surname plus a familiar or official form of address."""
    match = _FAMILIAR.match(surface)
    if match:
        return match.group("a") or match.group("b")
    if addressed := addressed_surname(surface):
        return addressed
    for title in _NAME_TITLES:
        if len(surface) == len(title) + 1 and surface.endswith(title):
            return surface[0]
    return None


def _abbreviates(short: str, full: str, shared: int = 2) -> bool:
    """Whether ``short``'s characters appear in order in ``full``, sharing the first
    ``shared``."""
    if short[:shared] != full[:shared] or len(short) >= len(full):
        return False
    position = 0
    for char in short:
        position = full.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _add_title_aliases(text: str, groups: dict[tuple[str, str], _Group]) -> None:
    """习近平总书记 → alias of 习近平; a bare 总书记 → alias when only one person holds it."""
    holders: dict[str, list[_Group]] = {}
    for (entity_type, name), group in groups.items():
        if entity_type != PERSON:
            continue
        for title in _NAME_TITLES:
            surface = name + title
            if surface not in text:
                continue
            if surface not in group.surfaces:
                group.surfaces.append(surface)
            holders.setdefault(title, [])
            if group not in holders[title]:
                holders[title].append(group)
    for title in _HONORIFIC_BARE_TITLES:
        if len(holders.get(title, [])) != 1:
            continue
        group = holders[title][0]
        if re.search(f"(?<!{re.escape(group.name)}){title}", text) and title not in group.surfaces:
            group.surfaces.append(title)


# How much longer than the table's name a written alias may be and still name the body
# (中共中央 for 党中央; not 中华人民共和国国务院 for 国务院).
_AS_WRITTEN_SLACK = 1


def _name_as_written(groups: dict[tuple[str, str], _Group]) -> None:
    """A well-known body written only in another form of the same standing (中共中央, never
    党中央) takes the form the article writes (guidelines §4.1: the entity is 中共中央)."""
    table = known_organizations()
    for (entity_type, name), group in groups.items():
        if entity_type != ORGANIZATION or name in group.surfaces:
            continue
        written = [s for s in group.surfaces if table.get(s) == name
                   and len(name) <= len(s) <= len(name) + _AS_WRITTEN_SLACK]
        if written:
            group.name = max(written, key=len)


def _entity(group: _Group) -> Entity:
    aliases: list[str] = []
    for surface in group.surfaces:
        if surface != group.name and surface not in aliases:
            aliases.append(surface)
    props: dict[str, object] = {}
    if group.place is not None:
        place = group.place
        props = {
            "adcode": place.adcode,
            "level": place.level,
            "parent": place.parent,
            "lat": place.lat,
            "lon": place.lon,
        }
    return Entity(group.name, group.type, aliases, sorted(group.spans), props,
                  sorted(group.references))
