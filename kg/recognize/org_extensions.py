"""Organization rules that build on other mentions: departments of a body (外交部新闻司,
复旦大学物理系), longer official forms (中国红十字会总会), news outlets named in datelines and
credits (河南日报, 法治网), sports teams named by their place (巴西队, 四川男排) and a
country's armed forces by its one-character abbreviation (俄军, 乌军).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from kg.dictionary import pos_tags
from kg.gazetteer import COUNTRY, WORLD_CITY, country_abbreviation, lookup_place
from kg.recognize.lexicon import CJK_CLASS, common_word, dictionary_tags, single_surnames
from kg.records import ORGANIZATION, PLACE, Mention

# Units inside a body: ministries have 司/局, universities 系/学院, academies 研究所.
DEPARTMENT_SUFFIXES = (
    "研究所",
    "研究院",
    "研究中心",
    "办公厅",
    "办公室",
    "医学部",
    "学院",
    "分院",
    "司",
    "系",
    "局",
)
# Characters that cannot occur inside a department's name (function words, verbs of speech).
_NOT_IN_DEPARTMENT = set("的了是在和与及对把将向从为到并个各们这那其此有无不也都就已被让给之说副")
# Words that start a title, not a department (教育部部长助理, 大学教授).
_TITLE_STARTS = ("部长", "副部", "司长", "局长", "主任", "院长", "校长", "教授", "党组", "新闻发言")


# Party cells of a body (国家统计局党组, 某大学党委); followed by a title they are part of it
# (党组书记, 党委副书记, 党组成员).
PARTY_CELLS = ("党组", "党委", "党工委")
CELL_TITLES = ("书记", "副书记", "成员", "委员", "常委")


def _party_cell(text: str, end: int) -> str | None:
    cell = next((c for c in PARTY_CELLS if text.startswith(c, end)), None)
    if cell is None or text.startswith(CELL_TITLES, end + len(cell)):
        return None
    return cell


def department_mentions(text: str, bodies: Iterable[Mention]) -> Iterator[Mention]:
    """A body followed by a unit of it: 外交部新闻司, 复旦大学物理系, 中国科学院物理研究所;
    or by its party cell: 国家统计局党组 (not 国家统计局党组书记, a title)."""
    for body in bodies:
        if body.type != ORGANIZATION:
            continue
        cell = _party_cell(text, body.end)
        if cell is not None and body.text[-1] not in "党":
            end = body.end + len(cell)
            yield Mention(body.start, end, ORGANIZATION, text[body.start : end], "department", 0.9)
            continue
        if text.startswith(_TITLE_STARTS, body.end):
            continue
        for gap in range(2, 7):
            piece = text[body.end : body.end + gap]
            if len(piece) < gap or not _clean(piece):
                break
            suffix = next(
                (s for s in DEPARTMENT_SUFFIXES if text.startswith(s, body.end + gap)), None
            )
            if suffix is None:
                continue
            end = body.end + gap + len(suffix)
            # 关系, 公司, 大局 / 系统, 局面, 司机: the one-character unit word ends or starts
            # another word.
            if len(suffix) == 1 and (
                common_word(text[end - 2 : end]) or common_word(text[end - 1 : end + 1])
            ):
                continue
            yield Mention(body.start, end, ORGANIZATION, text[body.start : end], "department", 0.9)
            break


def _clean(piece: str) -> bool:
    if piece[0] == "等":
        return False  # 教育部等部门: a list, not a unit (高等教育司 keeps its 等)
    return all(re.match(CJK_CLASS, c) and c not in _NOT_IN_DEPARTMENT for c in piece)


# Higher bodies whose name adds a word to a lower one's: 中国红十字会 + 总会; and the named
# units of an army (中国人民解放军仪仗队, 三军仪仗队).
ARMY_UNITS = ("三军仪仗队", "仪仗队", "军乐团")
_HEAD_OFFICE_WORDS = ("总会", "总部", "总队", "总公司", "总社", *ARMY_UNITS)


_TERM_BEFORE = re.compile(r"第?[一二三四五六七八九十百零〇\d]+届$")


def longer_form_mentions(text: str, orgs: Iterable[Mention]) -> Iterator[Mention]:
    """中国红十字会总会, not 中国红十字会: an organization name followed by a head-office word
    is the longer, fuller name (总会 only after a name ending in 会, where it cannot be the
    adverb 总会); a term before a body (第十三届全国人民代表大会) belongs to its mention."""
    for org in orgs:
        if org.type != ORGANIZATION:
            continue
        term = _TERM_BEFORE.search(text, max(0, org.start - 8), org.start)
        if term is not None:
            # 第十三届全国人民代表大会: the surface keeps its term; resolution drops it again.
            surface = text[term.start() : org.end]
            yield Mention(term.start(), org.end, ORGANIZATION, surface, "longer-form", 0.95)
        word = next((w for w in _HEAD_OFFICE_WORDS if text.startswith(w, org.end)), None)
        if word is None or (word == "总会" and not org.text.endswith("会")):
            continue
        if org.text.endswith(word) or text.startswith(word + "长", org.end):
            continue  # XX总队总队长: the title of the body's head, not a longer name
        end = org.end + len(word)
        yield Mention(org.start, end, ORGANIZATION, text[org.start : end], "longer-form", 0.95)


# Outlets: a name of two to five characters + a paper or web word, in a dateline or a credit
# (河南日报郑州5月3日讯, 法治网记者, 人民网北京1月2日电, 据XX晚报报道).
_OUTLET = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,6}?(?:日报|晚报|早报|时报|商报|青年报|法制报|网))"
    r"(?=记者|讯|消息|报道|评论员|客户端|》|[\u4e00-\u9fff]{2,4}\d{1,4}年?\d{0,2}月?\d{0,2}日?[电讯])"
)
_OUTLET_MODIFIER_TAGS = frozenset(("n", "nz", "ns", "nt", "j", "nr", "a", "b"))


def outlet_mentions(text: str) -> Iterator[Mention]:
    """News outlets in datelines and credits: the modifier before 日报/网 must be a place or
    a word of its own (河南日报, 光明日报, 法治网), which also cuts glued headlines off."""
    for match in _OUTLET.finditer(text):
        name_start, end = match.span("name")
        word = next(
            w
            for w in ("青年报", "法制报", "日报", "晚报", "早报", "时报", "商报", "网")
            if match.group("name").endswith(w)
        )
        head_end = end - len(word)
        for start in range(name_start, head_end - 1):
            modifier = text[start:head_end]
            if _outlet_modifier(modifier):
                yield Mention(start, end, ORGANIZATION, text[start:end], "outlet", 0.85)
                break


_STATES_LED = re.compile(r"[\u4e00-\u9fff]{2,6}?国家")
_NAME_TAGS = frozenset(("nr", "nrt", "ns", "nz"))


def coordinated_mentions(text: str, orgs: Iterable[Mention]) -> Iterator[Mention]:
    """阿拉伯、伊斯兰国家外长联合代表团: a body of a group of states whose name begins with a
    coordination (X、Y国家…) starts at the first name of the list, not at 伊斯兰."""
    from kg.dictionary import dictionary_cut

    for org in orgs:
        if org.type != ORGANIZATION or not _STATES_LED.match(org.text):
            continue
        if org.start < 3 or text[org.start - 1] != "、":
            continue
        window_start = max(0, org.start - 13)
        tokens = dictionary_cut(text[window_start : org.start - 1])
        name = tokens[-1] if tokens else ""
        if len(name) < 2 or dictionary_tags().get(name) not in _NAME_TAGS:
            continue
        start = org.start - 1 - len(name)
        yield Mention(start, org.end, ORGANIZATION, text[start : org.end], "coordinated", 0.85)


# A periodical named in title marks: 《求是》杂志, 《XX》周刊 (the name is the body).
_PERIODICAL = re.compile(r"《(?P<name>[\u4e00-\u9fff]{2,8})》(?:杂志|周刊|月刊|半月刊|期刊|画报)")


def periodical_mentions(text: str) -> Iterator[Mention]:
    """《求是》杂志 → 求是: a periodical that publishes (发表, 刊发) is an organization."""
    for match in _PERIODICAL.finditer(text):
        start, end = match.span("name")
        yield Mention(start, end, ORGANIZATION, match.group("name"), "outlet", 0.85)


def _outlet_modifier(modifier: str) -> bool:
    if lookup_place(modifier) is not None:
        return True
    return dictionary_tags().get(modifier) in _OUTLET_MODIFIER_TAGS


# Teams named by a country or province: 巴西队, 中国女排, 四川男篮.
_TEAM_WORDS = ("国家队", "男排", "女排", "男篮", "女篮", "男足", "女足", "队")
_NOT_AFTER_TEAM = set("员伍长友内里")


def team_mentions(text: str, places: Iterable[Mention]) -> Iterator[Mention]:
    """A place directly followed by 队/男排/女足... is a sports team (巴西队, 江苏女排)."""
    for place in places:
        if place.type != PLACE or place.source.startswith("country"):
            continue
        word = next((w for w in _TEAM_WORDS if text.startswith(w, place.end)), None)
        if word is None:
            continue
        end = place.end + len(word)
        if end < len(text) and text[end] in _NOT_AFTER_TEAM:
            continue  # 中国队员, 国家队伍
        yield Mention(place.start, end, ORGANIZATION, text[place.start : end], "team", 0.85)


def foreign_body_mentions(
    text: str, places: Iterable[Mention], orgs: Iterable[Mention]
) -> Iterator[Mention]:
    """A foreign country or city right before a national body's name is that country's body
    (美国国防部, 白俄罗斯外交部); Chinese bodies keep their own name (外交部)."""
    starts = {org.start: org for org in orgs if org.type == ORGANIZATION}
    for place in places:
        org = starts.get(place.end)
        if org is None or place.type != PLACE:
            continue
        found = lookup_place(place.text)
        if found is None or found.level not in (COUNTRY, WORLD_CITY) or found.name == "中国":
            continue
        yield Mention(place.start, org.end, ORGANIZATION, text[place.start : org.end], "organ", 0.9)


_ARMY = re.compile("[\u4e00-\u9fff](?=军)")


def army_mentions(text: str) -> Iterator[Mention]:
    """A country's armed forces named by its abbreviation and 军: 俄军, 乌军, 以军 (news of wars
    writes them hundreds of times; the tagger takes some for people). The abbreviation must start
    a word (可以军民 is 可以 + 军民) and 军 must not begin one (美军舰 is 美 + 军舰).

    >>> [m.text for m in army_mentions("乌军称，俄军舰艇可以军民两用。姜新军向乌军致意。")]
    ['乌军', '乌军']
    """
    for match in _ARMY.finditer(text):
        start = match.start()
        if country_abbreviation(text[start]) is None:
            continue
        if start > 0 and (common_word(text[start - 1 : start + 1])
                          or _surname_before(text[start - 1])):
            continue  # 可以|军民; 姜新军 is a name
        end = start + 2
        if end < len(text) and common_word(text[start + 1 : end + 1]):
            continue
        yield Mention(start, end, ORGANIZATION, text[start:end], "army", 0.8)


_FUNCTION_TAGS = frozenset(("p", "c", "d", "u", "r"))


def _surname_before(char: str) -> bool:
    """A surname right before the abbreviation (姜 of 姜新军) makes the three a name; a surname
    character that is a function word (向乌军提供, 对俄军) does not."""
    return char in single_surnames() and pos_tags().get(char, "") not in _FUNCTION_TAGS
