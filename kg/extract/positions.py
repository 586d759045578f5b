"""HOLDS_POSITION: the titles written next to a named person.

* ``通辽市委书记冯玉臻`` → (冯玉臻, 通辽市委, 市委书记): body + title right before the name;
* ``中共中央政治局委员、中央书记处书记、中宣部部长刘云山`` → one fact per title;
* ``中国驻马来西亚大使刘健`` → the sending country is the body;
* ``公司总工程师陈祥峰`` → the company named just before (generic body noun);
* ``习近平总书记`` / ``胡锦涛主席`` → a single-holder title after the name;
* ``免去张钦省红十字会党组成员、专职副会长职务`` → titles after the name.

A title without a body the article names (``市委书记带头…``) gives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.coref import entity_named, generic_body
from kg.extract.patterns import (
    CHAIRMAN_AFTER_NAME,
    GENERIC_BODY_HEADS,
    SINGLE_HOLDER_TITLES,
    TITLE_HEADS,
    Local,
    is_title,
    local_mentions,
    make_fact,
    title_head,
)
from kg.records import ORGANIZATION, PERSON, PLACE, DocContext, Fact, NodeRef, Sentence

# Endings of organ names, to split 监委主任 into 监委 + 主任 when no mention covers the body.
ORGAN_SUFFIXES = (
    "委", "部", "局", "厅", "院", "校", "大学", "会", "办", "室", "中心", "站", "所", "队", "公司",
    "集团", "政府", "医院", "指挥部", "小组", "处", "社", "台", "馆", "团", "支部", "党委",
    "党总支", "工委", "银行", "法院", "检察院", "协会", "基金会",
)
# Organ names that say nothing about whose organ it is (市委书记 of which city?).
_GENERIC_ORGANS = frozenset({
    "省委", "市委", "县委", "区委", "州委", "镇委", "乡委", "村委", "村委会", "居委会", "支部",
    "办事处", "街道办", "工委", "公司", "医院", "学校", "中心", "部", "局", "院", "会",
    "政府", "省政府", "市政府", "县政府", "区政府", "州政府", "人大", "政协",
})
_ORGAN_TYPE_RE = re.compile(r"(?:党支部|党总支|党工委|党委|纪委|工委|书记处|[省市县区州镇乡村]委)$")
# Organs written right after a place name, which together name a body (市 + 委 → 市委).
_PLACE_ORGAN_RE = re.compile(
    r"^(?:委|[省市县区州镇乡]?(?:党委|党工委|党总支|党支部|纪委|监委|委|政府|人大|政协)"
    r"|居委会|村委会)"
)
# A split-off title is a head with at most a rank before it (副校长, 常务副局长, 总工程师).
_PLAIN_TITLE_RE = re.compile(
    rf"^(?:常务副|副|常务|总|首席|执行|专职|名誉|高级|代理|党组|第一)?(?:{'|'.join(TITLE_HEADS)})$"
)
# Ranks and eras are no organ (副部级干部, 原北京某学院顾问).
_RANK_PREFIXES = ("副", "正", "原", "前", "老", "新", "一级", "二级")
_INDEFINITE = ("一家", "一个", "一所", "一位", "某", "该", "这家", "那家", "此")
_LEADING_DATE_RE = re.compile(r"^\d+[年月日号]?")
_DELIMITERS = "、，,。；;：:（）()“”‘’《》 —"
_AFTER_NAME_TITLES = ("总书记", "国家主席", "主席", "总理", "总统", "首相")
_DISMISSAL_RE = re.compile(
    r"^((?:[\u4e00-\u9fff]{1,12}、)*[\u4e00-\u9fff]{1,12}?)(?:职务|一职|等职)"
)


def _cjk_suffix(text: str) -> str:
    i = len(text)
    while i > 0 and "\u4e00" <= text[i - 1] <= "\u9fff":
        i -= 1
    return text[i:]


def _body_for_title(
    sentence: Sentence, ctx: DocContext, body: Local | None, title: str, pos: int
) -> tuple[NodeRef, str, float] | None:
    """(body node, title as written, confidence) for a title at local offset ``pos``."""
    if body is not None:
        node = body.node()
        inner = _unrecognized_body(ctx, title)
        if inner is not None and inner[0].name.startswith(_INDEFINITE):
            return None  # 上海一家小型公司负责人: an unnamed company
        if inner is not None:  # 武汉 + 某某社区党委书记: the organ written in the title
            organ, rest, conf = inner
            if body.type == ORGANIZATION:  # 某大学 + 某研究中心主任: the centre of that university
                organ = NodeRef(body.name + organ.name, ORGANIZATION)
            return organ, rest, conf
        place_organ = _PLACE_ORGAN_RE.match(title) if body.type == PLACE else None
        if place_organ and title_head(title) != place_organ.group(0):
            # 通辽市 + 委书记 → 通辽市委; 某某社区 + 党委书记 → 某某社区党委;
            # 湖北 + 省委书记 → 湖北省委; 俄罗斯 + 政府总理 → 俄罗斯政府
            organ = place_organ.group(0).lstrip("省市县区州镇乡")
            node = NodeRef(body.name + organ, ORGANIZATION)
            if place_organ.group(0) == "委":
                title = body.surface[-1] + title
        elif len(title) == 1:  # 商务部长 → 部长
            title = body.surface[-1] + title
        elif title in ("书记", "副书记") and (organ := _ORGAN_TYPE_RE.search(body.surface)):
            title = organ.group(0) + title  # 市委书记, 纪委书记, 党支部书记
        return node, title, 0.85
    for head in GENERIC_BODY_HEADS:
        if title.startswith(head) and len(title) > len(head):
            found = generic_body(ctx, head, sentence.start + pos)
            if found is None:
                return None
            organ = title[len(head) : len(title) - len(title_head(title))]
            named = entity_named(ctx, found.name + organ) if organ else None
            node = NodeRef(*named) if named else NodeRef(found.name, found.type)
            return node, title, 0.6
    if title in SINGLE_HOLDER_TITLES:
        name, kind, conf = SINGLE_HOLDER_TITLES[title]
        return NodeRef(name, kind), title, conf
    return _unrecognized_body(ctx, title)


def _unrecognized_body(ctx: DocContext, text: str) -> tuple[NodeRef, str, float] | None:
    """南医大附属逸夫医院院长 with no mention: split off the body by its organ suffix."""
    for cut in range(len(text) - 1, 1, -1):
        body, title = text[:cut], text[cut:]
        if (
            _PLAIN_TITLE_RE.match(title)
            and body.endswith(ORGAN_SUFFIXES)
            and not body.startswith(_RANK_PREFIXES)
            and body not in GENERIC_BODY_HEADS
            and body not in _GENERIC_ORGANS
            and not body.startswith("党")
            and not body.endswith(TITLE_HEADS)
        ):
            named = entity_named(ctx, body)
            return NodeRef(*(named or (body, ORGANIZATION))), title, 0.5
    return None


def _titles_before(
    sentence: Sentence, ctx: DocContext, mentions: list[Local], person: Local
) -> Iterator[tuple[NodeRef, str, float]]:
    text = sentence.text
    pos = person.start
    while pos > 0:
        prev = max((m for m in mentions if m.end <= pos), key=lambda m: m.end, default=None)
        delim = max((i for i in range(pos) if text[i] in _DELIMITERS), default=-1)
        seg_start = max(prev.end if prev else 0, delim + 1)
        title = _cjk_suffix(_LEADING_DATE_RE.sub("", text[seg_start:pos]))
        adjacent = prev if prev and prev.end == pos - len(title) and prev.type != PERSON else None
        if not (is_title(title) or (adjacent and is_title(adjacent.surface[-1] + title))):
            return  # 商务部长: the body's last character belongs to the title
        body = adjacent
        if body is not None and body.start and text[body.start - 1] == "驻":
            sender = next((m for m in mentions if m.end == body.start - 1), None)
            if sender is not None:
                title, body = "驻" + body.surface + title, sender
        found = _body_for_title(sentence, ctx, body, title, pos - len(title))
        if found is None:
            return
        yield found
        nxt = (body.start if body else pos - len(title)) - 1
        if nxt < 0 or text[nxt] != "、":
            return
        before = next((m for m in mentions if m.end == nxt), None)
        if before is not None and before.type == PERSON:
            return  # a list of people, each with their own titles
        pos = nxt


def _title_after(
    sentence: Sentence, ctx: DocContext, person: Local
) -> tuple[NodeRef, str, float] | None:
    """习近平总书记 / 胡锦涛主席: a single-holder title written after the name."""
    m = person.mention
    suffix = m.surface[len(m.name) :] if m.surface.startswith(m.name) else ""
    after = suffix or sentence.text[person.end : person.end + 4]
    title = next((t for t in _AFTER_NAME_TITLES if after.startswith(t)), None)
    if title is None:
        return None
    known = _explicit_positions(ctx).get((m.name, title_head(title)))
    if known is not None:
        return known, title, 0.8
    if title in SINGLE_HOLDER_TITLES:
        name, kind, conf = SINGLE_HOLDER_TITLES[title]
        return NodeRef(name, kind), title, conf
    chair, country, kind, conf = CHAIRMAN_AFTER_NAME
    if title == chair and len(m.name) >= 2 and entity_named(ctx, country):
        return NodeRef(country, kind), title, conf
    return None


_explicit_cache: dict[int, tuple[DocContext, dict[tuple[str, str], NodeRef]]] = {}


def _explicit_positions(ctx: DocContext) -> dict[tuple[str, str], NodeRef]:
    """(person, title head) → body, for the titles written before names in the document."""
    hit = _explicit_cache.get(id(ctx))
    if hit is not None and hit[0] is ctx:
        return hit[1]
    found: dict[tuple[str, str], NodeRef] = {}
    for sentence in ctx.sentences:
        mentions = local_mentions(sentence)
        for person in (m for m in mentions if m.type == PERSON):
            for node, title, _ in _titles_before(sentence, ctx, mentions, person):
                found.setdefault((person.name, title_head(title)), node)
    if len(_explicit_cache) > 8:
        _explicit_cache.clear()
    _explicit_cache[id(ctx)] = (ctx, found)
    return found


def _dismissal(
    sentence: Sentence, mentions: list[Local], person: Local
) -> Iterator[tuple[NodeRef, str, float]]:
    """免去张钦省红十字会党组成员、专职副会长职务: body and titles after the name."""
    body = next((m for m in mentions if m.start == person.end), None)
    if body is None or body.type not in (ORGANIZATION, PLACE):
        return
    match = _DISMISSAL_RE.match(sentence.text[body.end :])
    if not match:
        return
    for title in match.group(1).split("、"):
        if is_title(title):
            yield body.node(), title, 0.8


def _extract(sentence: Sentence, ctx: DocContext) -> Iterator[Fact]:
    mentions = local_mentions(sentence)
    for person in (m for m in mentions if m.type == PERSON):
        found = list(_titles_before(sentence, ctx, mentions, person))
        found += list(_dismissal(sentence, mentions, person))
        after = _title_after(sentence, ctx, person)
        if after is not None:
            found.append(after)
        for body, title, conf in found:
            yield make_fact(sentence, person.node(), "HOLDS_POSITION", body, {"title": title},
                            conf, "positions.title")


def extract(
    sentence: Sentence, ctx: DocContext, *, min_confidence: float = 0.0
) -> Iterator[Fact]:
    """HOLDS_POSITION facts of one sentence.

    Facts below ``min_confidence`` are dropped.
    """
    for fact in _extract(sentence, ctx):
        if fact.confidence >= min_confidence:
            yield fact
