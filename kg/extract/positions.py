"""HOLDS_POSITION: the titles written next to a named person.

* ``通辽市委书记冯玉臻`` → (冯玉臻, 通辽市委, 市委书记): body + title right before the name;
* ``中共中央政治局委员、中央书记处书记、中宣部部长刘云山`` → one fact per title;
* ``中国驻马来西亚大使刘健`` → the sending country is the body;
* ``公司总工程师陈祥峰`` → the company named just before (generic body noun);
* ``习近平总书记`` / ``胡锦涛主席`` → a single-holder title after the name;
* ``免去张钦省红十字会党组成员、专职副会长职务`` → titles after the name;
* ``某某当选市妇联主席，甲、乙当选副主席`` → titles taken up after the names;
* ``四川省委副书记、省长某某`` / ``省委常委、秘书长某某`` → a bare title stacked after another
  takes that title's body or place; ``副市长某某`` → the document's city
  (:mod:`kg.extract.bodies`); ``国务院副总理甲、乙`` → one title shared by the list.

A title without a body the article names (``市委书记带头…`` in an article naming no city)
gives nothing, and so does a bare organ noun (``集团董事长``) with no such body named before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.bodies import (
    GENERIC_ORGAN_NOUNS,
    bare_title_body,
    committee_department,
    generic_organ,
    level_place,
    same_post_before,
    secretariat_post,
)
from kg.extract.coref import entity_named, generic_body
from kg.extract.patterns import (
    CHAIRMAN_AFTER_NAME,
    GENERIC_BODY_HEADS,
    HEADED_BY_RE,
    ORGAN_SUFFIXES,
    PLAIN_TITLE_RE,
    SINGLE_HOLDER_TITLES,
    TITLE_HEADS,
    Local,
    cjk_suffix,
    confident,
    is_cjk,
    is_title,
    local_mentions,
    make_fact,
    name_before_organ,
    title_head,
)
from kg.recognize.lexicon import known_organizations
from kg.records import (
    ORGANIZATION,
    PERSON,
    PLACE,
    DocContext,
    Fact,
    NodeRef,
    ResolvedMention,
    Sentence,
)

# Organ names that say nothing about whose organ it is (市委书记 of which city?).
_GENERIC_ORGANS = frozenset({
    "省委", "市委", "县委", "区委", "州委", "镇委", "乡委", "村委", "村委会", "居委会", "支部",
    "办事处", "街道办", "工委", "公司", "医院", "学校", "中心", "部", "局", "院", "会",
    "政府", "省政府", "市政府", "县政府", "区政府", "州政府", "人大", "政协",
})
# Committee words that a party post keeps in its title (guidelines §4.5: 政治局常委, 书记处书记,
# 纪委书记, 省委书记, 社区党委书记): the body's last word when it is one of these.
_COMMITTEE = (r"(?:(?:社区|街道|村|镇|乡)?(?:党支部|党总支|党工委|党委|工委)"
              r"|纪委|监委|书记处|政治局|军委|党组|[省市县区州镇乡村]委)")
_ORGAN_TYPE_RE = re.compile(_COMMITTEE + "$")
_COMMITTEE_START_RE = re.compile("^" + _COMMITTEE)
# The kind of place whose name a committee word keeps (光明社区 + 党委书记 → 社区党委书记).
_PLACE_KINDS = ("社区", "街道", "村", "镇", "乡")
# Organs written right after a place name, which together name a body (市 + 委 → 市委).
_PLACE_ORGAN_RE = re.compile(
    r"^(?:委|[省市县区州镇乡]?(?:党委|党工委|党总支|党支部|纪委|监委|委|政府|人大|政协)"
    r"|居委会|村委会)"
)
_PLAIN_TITLE_RE = PLAIN_TITLE_RE
# Party committees and governments named by their level only (省委常委 → the 省委 named before).
_GENERIC_COMMITTEES = (
    "省委", "市委", "县委", "区委", "州委", "省政府", "市政府", "县政府", "区政府",
)
_DEMONSTRATIVES = ("该", "本", "此", "这")
# Generic heads that are bodies, not places (医院管理局 is not a hospital's).
_ORGAN_HEADS = ("公司", "医院", "学校", "大学")
_CONJUNCTION_RE = re.compile(r"[^\W\d_]{2}[及和与][^\W\d_]{2}")
# An organ whose name holds a place of its own (东湖新城社区党委) needs no place before it.
_NAMES_A_PLACE_RE = re.compile(r"社区|街道|村|镇|乡")
# Ranks and eras are no organ (副部级干部, 原北京某学院顾问).
_RANK_PREFIXES = ("副", "正", "原", "前", "老", "新", "一级", "二级")
_INDEFINITE = ("一家", "一个", "一所", "一位", "某", "该", "这家", "那家", "此")
_LEADING_DATE_RE = re.compile(r"^\d+[年月日号]?")
# A title that begins with a party's name (左翼党主席, 社民党前主席): the body is that party,
# which the recognizer did not find, not the place written before it (欧洲左翼党主席). The
# party's own organs (党组书记, 党委书记, 党支部书记) are titles at a place or body.
_PARTY_LED_TITLE_RE = re.compile(r"^[\u4e00-\u9fff]+?党(?!组|委|支|总支|工委|小组|员)")
_DELIMITERS = "、，,。；;：:（）()“”‘’《》 —兼"
# Verbs after which a name takes up a title (当选市妇联主席, 出任总经理).
_APPOINTED_RE = re.compile(
    r"^(?:(?:总书记|主席|总理|总统|首相|同志))?(?:当选为?|担任|出任|升任|兼任|继任|连任|就任"
    r"|(?:被)?任命为)"
)
# 任命某某为… / 选举某某为…: the appointing verb right before the names.
_APPOINTING_BEFORE_RE = re.compile(r"(?:任命|选举|推选|聘任|增补|补选)(?:[\u4e00-\u9fff]{2,4}、)*$")
_APPOINTED_AS_RE = re.compile(r"(?:、[\u4e00-\u9fff]{2,4})*为(?=[\u4e00-\u9fff])")
_AFTER_NAME_TITLES = ("总书记", "国家主席", "主席", "总理", "总统", "首相")
_DISMISSAL_RE = re.compile(
    r"^((?:[\u4e00-\u9fff]{1,12}、)*[\u4e00-\u9fff]{1,12}?)(?:职务|一职|等职)"
)


def _body_for_title(
    sentence: Sentence, ctx: DocContext, body: Local | None, title: str, pos: int
) -> tuple[NodeRef, str, float] | None:
    """(body node, title as written, confidence) for a title at local offset ``pos``."""
    if body is not None and (post := secretariat_post(ctx, body.name, title)) is not None:
        return post
    if body is not None:
        node = body.node()
        if body.surface in _GENERIC_COMMITTEES and not body.name.endswith(body.surface[1:]):
            # 市政府 resolved to something else: the government of the document's city
            place = level_place(ctx, body.surface[0], sentence.start + pos)
            if place is None:
                return None
            organ = "人民政府" if body.surface.endswith("政府") else body.surface[1:]
            node = NodeRef(place.name + organ, ORGANIZATION)
        inner = _unrecognized_body(ctx, title, sentence.start + pos, generic_ok=False)
        if inner is not None and inner[0].name.startswith(_INDEFINITE):
            return None  # 上海一家小型公司负责人: an unnamed company
        if inner is not None:  # 武汉 + 某某社区党委书记: the organ written in the title
            organ, rest, conf = inner
            if body.type == ORGANIZATION:  # 某大学 + 某研究中心主任: the centre of that university
                organ = _organ_of(body, organ)
            elif not _NAMES_A_PLACE_RE.search(organ.name):
                # 四川省 + 消防救援总队总队长: the place is part of the organ's name
                full = name_before_organ(body) + organ.name
                organ = NodeRef(*(entity_named(ctx, full) or (full, ORGANIZATION)))
            return organ, rest, conf
        place_organ = _PLACE_ORGAN_RE.match(title) if body.type == PLACE else None
        if place_organ and title_head(title) != place_organ.group(0):
            # 通辽市 + 委书记 → 通辽市委; 某某社区 + 党委书记 → 某某社区党委;
            # 湖北 + 省委书记 → 湖北省委; 俄罗斯 + 政府总理 → 俄罗斯政府
            organ = place_organ.group(0).lstrip("省市县区州镇乡")
            node = NodeRef(body.name + organ, ORGANIZATION)
            if place_organ.group(0) == "委":
                title = body.surface[-1] + title
            elif organ.endswith(("政府", "人大", "政协")):  # 俄罗斯 + 政府总理 → 总理
                title = title[len(place_organ.group(0)) :] if organ == "政府" else title
            elif (kind := next((k for k in _PLACE_KINDS if body.surface.endswith(k)), None)):
                title = kind + title  # 光明社区 + 党委书记 → 社区党委书记
        elif len(title) == 1:  # 商务部长 → 部长
            title = body.surface[-1] + title
        elif (organ := _ORGAN_TYPE_RE.search(body.surface)) and not _COMMITTEE_START_RE.match(
            title
        ):
            title = organ.group(0) + title  # 市委书记, 纪委书记, 政治局常委, 军委主席
        return node, title, 0.85
    for head in (*GENERIC_BODY_HEADS, *_GENERIC_COMMITTEES):
        if title.startswith(head) and len(title) > len(head):
            found = generic_body(ctx, head, sentence.start + pos) or _place_inside_body(
                ctx, head, sentence.start + pos)
            if found is None and head in _ORGAN_HEADS:
                break  # 医院管理局主席: a longer body that starts with the generic noun
            if found is None:
                return None
            organ = title[len(head) : len(title) - len(title_head(title))]
            organ = re.sub(r"(?:常务副|副|常务|总|代理|执行|专职)$", "", organ)
            named = entity_named(ctx, found.name + organ) if organ else None
            node = NodeRef(*named) if named else NodeRef(found.name, found.type)
            return node, _without_generic_body(title, head), 0.6
    if title in SINGLE_HOLDER_TITLES:
        return implied_body(ctx, title)
    return _unrecognized_body(ctx, title, sentence.start + pos)


def implied_body(ctx: DocContext, title: str) -> tuple[NodeRef, str, float]:
    """The body of a single-holder title (总书记 → 党中央), as the document writes that body
    (中共中央 when the article names it so, guidelines §4.1)."""
    name, kind, conf = SINGLE_HOLDER_TITLES[title]
    table = known_organizations()
    written = next((e.name for e in ctx.entities if e.type == kind and e.name != name
                    and table.get(e.name) == name), None)
    return NodeRef(written or name, kind), title, conf


def _without_generic_body(title: str, head: str) -> str:
    """The post without the generic body noun it was written with (公司总工程师 → 总工程师,
    街道办事处副主任 → 副主任); a party post keeps its committee word (村党支部书记)."""
    if _COMMITTEE_START_RE.match(title):
        return title
    rest = title[len(head) :]
    if _COMMITTEE_START_RE.match(rest):
        return title
    return next((rest[k:] for k in range(len(rest)) if _PLAIN_TITLE_RE.match(rest[k:])), title)


def _place_inside_body(ctx: DocContext, head: str, pos: int) -> ResolvedMention | None:
    """社区民警 after 光华社区党委: the place of that kind inside the body named before."""
    if head not in ("社区", "街道", "村", "乡", "镇"):
        return None
    body = generic_organ(ctx, head, pos)
    if body is None:
        return None
    place = body.name[: body.name.rindex(head) + len(head)]
    return ResolvedMention(pos, pos, PLACE, place, place) if len(place) > len(head) else None


def _organ_of(body: Local, organ: NodeRef) -> NodeRef:
    """An organ of a body: a university's centre is named with it (某大学某中心), a
    government's bureau by itself (某政府 + 食物及卫生局)."""
    if body.name.endswith("政府"):
        return organ
    return NodeRef(body.name + organ.name, ORGANIZATION)


def _unrecognized_body(
    ctx: DocContext, text: str, pos: int, *, generic_ok: bool = True
) -> tuple[NodeRef, str, float] | None:
    """南医大附属逸夫医院院长 with no mention: split off the body by its organ suffix.  A bare
    organ noun (集团董事长) is the body of that kind named before ``pos``, else nothing."""
    for cut in range(len(text) - 1, 1, -1):
        body, title = text[:cut], text[cut:]
        if _PLAIN_TITLE_RE.match(title) and body in GENERIC_ORGAN_NOUNS:
            found = generic_organ(ctx, body, pos) if generic_ok else None
            return (found, title, 0.55) if found is not None else None
        if _PLAIN_TITLE_RE.match(title) and body.startswith(_DEMONSTRATIVES) and len(body) <= 4:
            # 该院院长: the body of that kind named before
            found = generic_organ(ctx, body[1:], pos) if generic_ok else None
            return (found, title, 0.55) if found is not None else None
        if (
            _PLAIN_TITLE_RE.match(title)
            and body.endswith(ORGAN_SUFFIXES)
            and not body.startswith(_RANK_PREFIXES)
            and body not in GENERIC_BODY_HEADS
            and body not in _GENERIC_ORGANS
            and len(body) > 2
            and not body.startswith("党")
            and not body.endswith(TITLE_HEADS)
        ):
            named = entity_named(ctx, body)
            organ = _ORGAN_TYPE_RE.search(body)
            if organ and not _COMMITTEE_START_RE.match(title):
                title = organ.group(0) + title  # 中共中央政治局 + 常委 → 政治局常委
            return NodeRef(*(named or (body, ORGANIZATION))), title, 0.5
    return None


def _titles_before(
    sentence: Sentence, ctx: DocContext, mentions: list[Local], person: Local
) -> Iterator[tuple[NodeRef, str, float]]:
    text = sentence.text
    pos = person.start
    if text[pos - 1 : pos] == "·":  # 总理叶尔兰·努尔别科夫: the title stands before the given name
        for size in range(1, 9):
            at = pos - 1 - size
            if at < 0 or not is_cjk(text[at]):
                break
            if any(m.end == at for m in mentions) or any(
                is_title(text[at - k : at]) for k in range(2, min(at, 10) + 1)
            ):
                pos = at
                break
    stack: list[tuple[str, tuple[NodeRef, str, float] | None, int]] = []
    while pos > 0:
        prev = max((m for m in mentions if m.end <= pos), key=lambda m: m.end, default=None)
        delim = max((i for i in range(pos) if text[i] in _DELIMITERS), default=-1)
        seg_start = max(prev.end if prev else 0, delim + 1)
        # 以某省委书记某某为团长的…: 以 opens the phrase, it is no part of the body
        seg_start = max([seg_start] + [m.start("who") for m in HEADED_BY_RE.finditer(text)
                                       if m.start("who") <= pos <= m.end("who")])
        title = cjk_suffix(_LEADING_DATE_RE.sub("", text[seg_start:pos]))
        adjacent = prev if prev and prev.end == pos - len(title) and prev.type != PERSON else None
        if adjacent is not None and title == "代表" and adjacent.type == ORGANIZATION:
            title = adjacent.surface + title  # 全国人大代表: a deputy to that congress
        elif (
            not title and adjacent is not None and adjacent.type == ORGANIZATION
            and (split := _unrecognized_body(ctx, adjacent.surface, sentence.start + pos))
        ):
            # the recognizer took the title into the body (某某政治局常委): split it off
            stack.append((split[1], split, sentence.start + pos))
            pos = adjacent.start - 1
            if pos < 0 or text[pos] != "、":
                break
            continue
        elif (
            not is_title(title) and _CONJUNCTION_RE.search(title)
            and (split := _unrecognized_body(ctx, title, sentence.start + pos))
        ):
            # 食物及卫生局局长 / 住房和城乡建设部部长: a body whose name holds a conjunction
            body_node = split[0]
            if adjacent is not None and adjacent.type == ORGANIZATION:
                body_node = _organ_of(adjacent, body_node)
            elif adjacent is not None:  # 中国 + 房地产及住宅研究会
                body_node = NodeRef(name_before_organ(adjacent) + body_node.name, ORGANIZATION)
            stack.append((split[1], (body_node, split[1], split[2]), sentence.start + pos))
            break
        elif not (is_title(title) or (adjacent and is_title(adjacent.surface[-1] + title))):
            # 全国人大代表、某县蔬菜种植户某某: a descriptor next to the name, titles before it
            start = _descriptor_start(text, mentions, pos - len(title)) if not stack else -1
            if pos == person.start and start > 0 and text[start - 1] == "、" and title:
                pos = start - 1
                continue
            break  # 商务部长: the body's last character belongs to the title
        body = adjacent
        if body is not None and body.start and text[body.start - 1] == "驻":
            sender = next((m for m in mentions if m.end == body.start - 1), None)
            if sender is not None:
                title, body = "驻" + body.surface + title, sender
        stack.append((title, _body_for_title(sentence, ctx, body, title, pos - len(title)),
                      sentence.start + pos))
        nxt = (body.start if body else pos - len(title)) - 1
        while body is not None and (chain := _place_before(mentions, body)) is not None:
            body, nxt = chain, chain.start - 1  # 甘肃省定西市市长: the address ends at 定西市
        if nxt < 0 or text[nxt] not in "、兼":  # 副总理兼财政部长: two titles
            break
        before = next((m for m in mentions if m.end == nxt), None)
        if before is not None and before.type == PERSON:
            break  # a list of people, each with their own titles
        pos = nxt
    # a title without a body of its own takes the body of the title written before it
    # (省委常委、秘书长; 省委副书记、省长 → the province), else the document's
    resolved: list[tuple[NodeRef, str, float] | None] = []
    for i, (title, found, at) in enumerate(stack):
        if found is None:
            left = next((f for _, f, _ in stack[i + 1 :] if f is not None), None)
            bare = bare_title_body(ctx, title, at, left[0] if left else None)
            if bare is None and left is None:
                bare = same_post_before(sentence.text, mentions, title, at - sentence.start)
            found = (bare[0], title, bare[1]) if bare is not None else None
        resolved.append(found)
    for i, found in enumerate(resolved):
        if found is not None:  # 长沙市委常委、组织部部长: the department of that committee
            left = next((f for f in resolved[i + 1 :] if f is not None), None)
            yield committee_department(found[0], left[0] if left else None), *found[1:]


def _descriptor_start(text: str, mentions: list[Local], pos: int) -> int:
    """Where the address before ``pos`` starts (山东省寿光市 + 蔬菜种植户 → 山东省)."""
    while (place := next((m for m in mentions if m.end == pos and m.type == PLACE), None)):
        pos = place.start
    return pos


def _place_before(mentions: list[Local], body: Local) -> Local | None:
    """The place written right before a place (甘肃省 before 定西市), if any."""
    if body.type != PLACE:
        return None
    return next((m for m in mentions if m.end == body.start and m.type == PLACE), None)


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
        return implied_body(ctx, title)
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


def _appointed(
    sentence: Sentence, ctx: DocContext, mentions: list[Local], person: Local,
    neighbour: NodeRef | None,
) -> list[tuple[NodeRef, str, float]]:
    """王某当选市妇联主席 / 张某、李某当选副主席: a title taken up after the name; a bare one
    belongs to the body of the appointment written before it in the sentence."""
    text = sentence.text
    end = person.end
    while end < len(text) and text[end] in "、和":  # the verb after a list of names
        nxt = next((m for m in mentions if m.start == end + 1 and m.type == PERSON), None)
        if nxt is None:
            break
        end = nxt.end
    verb = _APPOINTED_RE.match(text[end:])
    if verb is None and _APPOINTING_BEFORE_RE.search(text, 0, person.start):
        # 任命王某为某院检察长 / 任命甲、乙、丙为…: the verb before the names, whether or not
        # each name of the list was recognized
        end = person.end
        verb = _APPOINTED_AS_RE.match(text[end:])
    if verb is None:
        return []
    out: list[tuple[NodeRef, str, float]] = []
    start = end + verb.end()
    while True:  # 连任甲总书记和乙国家主席: each post of the list
        body = next((m for m in mentions if m.start == start
                     and m.type in (ORGANIZATION, PLACE)), None)
        run = re.match(r"[\u4e00-\u9fff]{1,12}", text[body.end if body else start :])
        title = re.split(r"[和及与、]", run.group(0), maxsplit=1)[0] if run else ""
        if not is_title(title):
            break
        if body is not None:
            found = _body_for_title(sentence, ctx, body, title, body.end)
        elif title in SINGLE_HOLDER_TITLES:
            found = implied_body(ctx, title)
        else:
            found = (neighbour, title, 0.6) if neighbour is not None else None
        if found is not None:
            out.append(found)
        start = (body.end if body else start) + len(title)
        if not text.startswith(("和", "、", "及"), start):
            break
        start += 1
    return out


def _extract(sentence: Sentence, ctx: DocContext) -> Iterator[Fact]:
    mentions = local_mentions(sentence)
    text = sentence.text
    before_titles: list[tuple[NodeRef, str, float]] = []
    previous: Local | None = None
    appointed_body: NodeRef | None = None
    for person in (m for m in mentions if m.type == PERSON):
        # stacked titles in reading order (县委副书记、县长某某: 县委副书记 first)
        found = list(_titles_before(sentence, ctx, mentions, person))[::-1]
        if not found and previous is not None and text[previous.end : person.start] == "、":
            found = list(before_titles)  # 国务院副总理甲、乙: one title shared by the list
        before_titles, previous = list(found), person
        found += list(_dismissal(sentence, mentions, person))
        appointed = _appointed(sentence, ctx, mentions, person, appointed_body)
        if appointed:
            found += appointed
            appointed_body = appointed[0][0]
        after = _title_after(sentence, ctx, person)
        if after is not None:
            found.append(after)
        for body, title, conf in found:
            if body.type == PLACE and _PARTY_LED_TITLE_RE.match(title):
                continue
            yield make_fact(sentence, person.node(), "HOLDS_POSITION", body, {"title": title},
                            conf, "positions.title")


def extract(
    sentence: Sentence, ctx: DocContext, *, min_confidence: float = 0.0
) -> Iterator[Fact]:
    """HOLDS_POSITION facts of one sentence, those below ``min_confidence`` dropped."""
    return confident(_extract(sentence, ctx), min_confidence)


# The title grammar, for the extractors of titles shared by lists (kg.extract.title_lists).
body_for_title = _body_for_title
explicit_positions = _explicit_positions
