"""SENT (people dispatched somewhere) and DONATED (goods or money given).

SENT is anchored on a group of people (医疗队, 党员干部, 指导组) with a dispatch verb before it
(派出, 选派, 抽调…) or a movement verb after it (驰援, 赶赴, 下沉…); the sender is the place
or body that heads the clause.  DONATED is anchored on 捐赠/捐献/调拨…, one fact per item
(捐赠口罩1.8万个、手套8375副 → two facts), quantities kept apart from the goods.  An organ the
recognizer missed after a place (``某省应急管理厅调拨…``) is the actor, never the place alone;
``集团还…`` / ``医管局会派出…`` name the body written before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.bodies import GENERIC_ORGAN_NOUNS, abbreviation_of, generic_organ
from kg.extract.coref import PRONOUN_WINDOW, clause_prefix_is_nominal, doc_index
from kg.extract.patterns import (
    CLAUSE_BREAKS,
    ORGAN_SUFFIXES,
    SENTENCE_ENDS,
    Local,
    clause_end,
    clause_start,
    confident,
    continues_subject,
    date_before,
    is_subject_position,
    last_of_chain,
    local_mentions,
    make_fact,
    name_before_organ,
    organ_after,
    organ_word_after,
    title_follows,
)
from kg.records import (
    GROUP,
    ORGANIZATION,
    PERSON,
    PLACE,
    RESOURCE,
    DocContext,
    Fact,
    NodeRef,
    Sentence,
)

GROUP_NOUNS = (
    "医疗队", "医护人员", "医务人员", "医务工作者", "党员干部", "机关干部", "干部", "在职党员",
    "党员", "指导组", "督导组", "工作组", "专家组", "检查组", "巡视组", "调查组", "志愿者",
    "救援队", "消防员", "官兵", "民警", "警力", "医生", "护士", "专家", "队员", "工作人员",
    "部队", "救援人员", "防控小组", "小分队", "突击队", "服务队", "维和人员", "医疗专家",
    "护理人员", "技术人员", "专业人员", "疾控人员", "流调人员", "检测人员", "指战员", "消防指战员",
    "干警", "特警", "民兵", "工作队", "驻村工作队", "扶贫干部", "教师", "医疗小分队", "救援力量",
    "援建人员", "技术骨干", "青年突击队", "工作专班", "救援队伍", "医疗队伍", "队伍", "力量",
)
_GROUP_RE = re.compile("|".join(sorted(GROUP_NOUNS, key=len, reverse=True)))
# Verbs whose object is the group (派出指导组); the first set needs a movement after it.
_DISPATCH_RE = re.compile(r"(?:派出|选派|派遣|抽调|调派|调集|增派|出动)了?")
# A team counted by its units (6支医疗防疫队, 3个督查小组): a group whatever its kind.
_TEAM_RE = re.compile(
    r"(?<=[\d一二三四五六七八九十两百千万][支个批])[\u4e00-\u9fff]{1,6}?(?:队伍|分队|小组|队|组)"
    r"(?![长员])"
)
_ORGANIZE_RE = re.compile(r"(?:组织|动员|发动|推动|带领|安排|引导)了?")
_MOVE_AFTER_RE = re.compile(
    r"^[已先后正将分别紧急连夜]{0,4}"
    r"(驰援|支援|赶赴|奔赴|开赴|赴(?!任)|下沉(?:到)?|下到|前往|进驻|出征|增援|到(?=[^，。]{1,12}报到))"
)
# 第二批 is which batch, not how many: a number right after 第 is no count.
_COUNT_RE = re.compile(
    r"(?:首批|第[一二三四五六七八九十\d]+批)?(?:近|约|超过|逾)?"
    r"(?<!第)[\d.一二三四五六七八九十两百千万]+(?:余|多)?[万千]?(?:余|多)?(?:名|人|个|支|批|路)"
)
_BATCH_RE = re.compile(r"首批|第[一二三四五六七八九十\d]+批")
_TOTAL_RE = re.compile(r"(?:共计|总计|合计|共)?")
# 组织力量开展抢险救援: people organized for a rescue are sent, even with no destination.
_RESCUE_AFTER_RE = re.compile(
    r"(?:开展|投入|进行|参与|全力)[^，。]{0,6}?(?:抢险|救援|救灾|搜救|搜寻)"
)
_PURPOSE_RE = re.compile(r"报到|参与|参加|开展|协助|帮助|支援|工作|值守")
_DEST_STOP = "，,。；;：:、的"

# 接受捐赠 is receiving, not giving.
DONATE_RE = re.compile(
    r"(?<!接受)(?<!接收)(?<!收到)(?:捐赠|捐献|捐助|捐款|捐出|赠送|调拨|提供)了?(?!仪式|活动|大会)"
)
# Where a list of goods ends: what happens to them next (运往火场 / 交给家长 / 用于…).
_GOODS_END_RE = re.compile(
    r"支援|援助|驰援|运往|送往|送到|运到|运抵|发往|用于|用来|交给|转交|资助|帮助|支持|在|给"
)
# Where the goods go, written after them.
_ONWARD_RE = re.compile(r"支援|援助|驰援|运往|送往|发往|运抵|送到|运到")
RESOURCE_NOUNS = (
    "口罩", "防护服", "防护用品", "物资", "药品", "蔬菜", "食品", "手套", "消毒液", "酒精",
    "资金", "善款", "设备", "呼吸机", "护目镜", "帐篷", "粮食", "大米", "衣物", "棉被", "款物",
)
_QUANTITY_RE = re.compile(
    r"(?:价值|共计|总计|合计|约|近|超过|逾)?(?:\d[\d.]*|[一二三四五六七八九十两][一二三四五六七八九十两百千]*)"
    r"(?:余|多)?[万亿千]?(?:余|多)?(?:万元|元|美元|吨|斤|公斤|千克|个|只|副|件|套|台|箱|瓶|双|份|袋"
    r"|批|辆|顶|盒|包|支|张|桶|册|本|头|株|架|枚|剂|人份|床|条|块|部|吨)"
)
# 甲、乙等救灾物资: the kind of goods a list of examples stands for.
_CATEGORY_RE = re.compile(
    r"等([\u4e00-\u9fff]{0,6}?(?:物资|用品|款物|设备|药品|食品|器材|生活用品))"
)
_NOT_SUBJECT_BEFORE = ("援助", "支援", "驰援", "到", "赴", "为", "通过", "经由")


def _sender(
    sentence: Sentence, ctx: DocContext, mentions: list[Local], pos: int, types: tuple[str, ...]
) -> NodeRef | None:
    """The place or body heading the clause that ends at ``pos``; an organ written right after
    a place (江西省 + 应急管理厅) is the actor, and a clause opening with a bare organ noun
    (集团还…) means the body of that kind named before."""
    text = sentence.text
    found = _sender_mention(text, mentions, pos, types)
    if found is not None:
        organ = organ_after(text, found.end, pos)
        if organ is not None and not title_follows(text, found.end + len(organ)):
            return NodeRef(name_before_organ(found, organ) + organ, ORGANIZATION)
        if found.type == PLACE and organ_word_after(text, found.end, pos):
            return None  # 某省各级救援机构…: the place alone is not the actor
        return found.node()
    begin = clause_start(text, pos)
    if begin > 0 and text[begin - 1] in "：:":
        return None  # after a colon: a list or a quote, not the clause of an actor
    tail = re.split(r"[向为给对]|通过", text[begin:pos], maxsplit=1)[0].rstrip(_TRAILING_ADVERBS)
    tail = _TRAILING_TIME_RE.sub("", tail).rstrip(_TRAILING_ADVERBS)  # 该委21日派出
    if (demonstrated := _DEMONSTRATED_RE.fullmatch(tail)) is not None:
        return _body_ending(ctx, demonstrated.group(1), sentence.start + begin)
    generic = tail.removeprefix("该").removeprefix("这家")
    if generic in GENERIC_ORGAN_NOUNS:  # 集团还向…捐赠: the group named before
        return generic_organ(ctx, generic, sentence.start + begin)
    for size in range(min(6, len(tail)), 1, -1):  # …，并指医管局会派出: an abbreviated body
        word = tail[-size:]
        if word.endswith(ORGAN_SUFFIXES) and (full := abbreviation_of(ctx, word)) is not None:
            return full
    return None


_TRAILING_ADVERBS = "还也又已将会共先都再均"
# A day or time written between the actor and its verb (该委21日派出, 该局当天调拨).
_TRAILING_TIME_RE = re.compile(
    r"(?:\d{1,2}[日号]|[上下]午|晚上?|当天|当日|今天|昨天|连夜|紧急|迅速|第一时间)+$"
)
# 该委 / 该局 / 该厅: the body of that kind named before (an organ's last character).
_DEMONSTRATED_RE = re.compile(r"该([委局厅部办署])")


def _body_ending(ctx: DocContext, char: str, pos: int) -> NodeRef | None:
    """The organization last named before document offset ``pos`` whose name ends in
    ``char`` (该委 → 某省卫生计生委), if it is within the window of a pronoun."""
    best = None
    for m in doc_index(ctx).mentions:
        if m.end > pos:
            break
        if m.type == ORGANIZATION and (m.name.endswith(char) or m.surface.endswith(char)):
            best = m
    if best is None or pos - best.end > PRONOUN_WINDOW:
        return None
    return NodeRef(best.name, ORGANIZATION)


def _with_co_actors(
    text: str, mentions: list[Local], actor: NodeRef | None, pos: int
) -> list[NodeRef]:
    """The actor and the places or bodies listed with it (浙江省、江苏省分别派出 → both)."""
    if actor is None:
        return []
    out = [actor]
    head = next((m for m in mentions if m.name == actor.name and m.end <= pos), None)
    if head is not None and text.startswith("等", head.end):
        return out  # 甲、乙、丙等地: examples of a larger group, kept as the text's one actor
    while head is not None:
        before = next((m for m in mentions if m.end < head.start and m.type == head.type
                       and text[m.end : head.start] in ("、", "和", "及", "与")), None)
        if before is None or before.name in {a.name for a in out}:
            break
        out.insert(0, before.node())
        head = before
    return out


def _sender_mention(
    text: str, mentions: list[Local], pos: int, types: tuple[str, ...]
) -> Local | None:
    before = [m for m in mentions if m.end <= pos and m.type in types]
    for m in sorted(before, key=lambda m: -m.end):
        gap = text[m.end : pos]
        if any(ch in SENTENCE_ENDS for ch in gap) or "说" in gap:
            return None
        if not is_subject_position(text, m) or _after_toward(text, m.start, pos):
            continue  # 帮助某某 / 向索马里邻国吉布提派出: an object or the destination
        if text[: m.start].endswith(_NOT_SUBJECT_BEFORE) or text.startswith("的", m.end):
            continue
        if title_follows(text, m.end):  # 中国工程院院士: the members, not the body
            continue
        own = text[clause_start(text, pos) : pos]
        if any(ch in CLAUSE_BREAKS for ch in gap) and not (
            continues_subject(own) and clause_prefix_is_nominal(text, m.start, mentions)
        ):
            continue
        return m
    return None


def _named_in(mentions: list[Local], start: int, end: int, text: str) -> str:
    """The first named place or body in a span (受灾的邻省南江省 → 南江省), else the text."""
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.type != PERSON]
    # 向云南省怒江州捐赠: the most specific place of an address
    return last_of_chain(inside, text)[0].name if inside else text


def _after_toward(text: str, start: int, pos: int) -> bool:
    """Whether ``start`` lies between a 向 and ``pos`` in one clause (向…派出 / 向…捐赠)."""
    toward = text.rfind("向", clause_start(text, pos), pos)
    return 0 <= toward < start


def _affected_place(ctx: DocContext, pos: int, dest: str | None) -> str | None:
    """灾区/震区 (the stricken area) → the most specific place the article says was struck,
    in the first sentence that names a disaster; else the words as written."""
    if dest not in _STRICKEN_AREAS:
        return dest
    for sentence in ctx.sentences:
        if sentence.start >= pos:
            break
        if not _DISASTER_RE.search(sentence.text):
            continue
        places = [m for m in local_mentions(sentence) if m.type == PLACE]
        if places:
            return last_of_chain(places, sentence.text)[0].name
    return dest


_STRICKEN_AREAS = frozenset({"灾区", "震区", "疫区", "受灾地区", "灾区一线", "震中"})
_DISASTER_RE = re.compile(r"地震|洪灾|洪水|洪涝|暴雨|台风|泥石流|山体滑坡|火灾|雪灾|旱灾|疫情|受灾")


def _destination(text: str, mentions: list[Local], start: int) -> str | None:
    """Where the group goes: the first named place after the movement verb, else the words
    up to what the group does there (到社区报到 → 社区)."""
    end = clause_end(text, start)
    purpose = _PURPOSE_RE.search(text, start, end)
    end = purpose.start() if purpose else end
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.type != PERSON]
    if inside:
        return inside[0].name
    dest = re.split(f"[{_DEST_STOP}]", text[start:end], maxsplit=1)[0]
    return dest[:12] or None


def _sent(sentence: Sentence, ctx: DocContext, mentions: list[Local]) -> Iterator[Fact]:
    text = sentence.text
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for group in _groups(text):
        if group.start() in covered:
            continue
        head = text[max(0, group.start() - 16) : group.start()]
        head = re.split(r"[，,。；;：:“”]", head)[-1]
        dispatch = list(_DISPATCH_RE.finditer(head)) or list(_ORGANIZE_RE.finditer(head))
        # 派出救援队伍1500余人赶赴…: the count may follow the group
        trailing = _COUNT_RE.match(text, _TOTAL_RE.match(text, group.end()).end())
        after_group = _list_end(text, trailing.end() if trailing else group.end())
        move_after = _MOVE_AFTER_RE.match(text[after_group:])
        relative = re.search(r"(?:下沉到|派到|派往)([^，。的]{1,12})的[^，。]{0,4}$", head)
        if (dispatch and _ORGANIZE_RE.fullmatch(dispatch[-1].group(0)) and not move_after
                and not _RESCUE_AFTER_RE.match(text, after_group)):
            continue
        if not (dispatch or move_after or relative):
            continue
        anchor = group.start() - len(head) + dispatch[-1].start() if dispatch else group.start()
        if relative:
            anchor = group.start() - len(head) + relative.start()
        sender = _sender(sentence, ctx, mentions, anchor, (PLACE, ORGANIZATION))
        senders = _with_co_actors(text, mentions, sender, anchor)
        if sender is None:
            continue
        count = _COUNT_RE.findall(head) + ([trailing.group(0)] if trailing else [])
        if relative:
            dest = relative.group(1)
        elif move_after:
            dest = _destination(text, mentions, after_group + move_after.end())
        elif (onward := _MOVE_AFTER_RE.match(text[after_group + 1 :])) and text[
                after_group : after_group + 1] in "，,":
            # 出动官兵1200余人，赶赴某区: the movement in the next clause
            dest = _destination(text, mentions, after_group + 1 + onward.end())
        else:
            offset = group.start() - len(head)
            toward = re.search(r"向([^，。]{1,16}?)(?:等|派|选|$)", head)
            dest = _named_in(mentions, offset + toward.start(1), offset + toward.end(1),
                             toward.group(1)) if toward else None
        named = next((m.name for m in mentions if m.surface == dest), dest)
        named = _affected_place(ctx, sentence.start, named)
        batch = _BATCH_RE.findall(head)
        attrs = {"to": named, "count": count[-1] if count else None,
                 "batch": batch[-1] if batch else None,
                 "date": date_before(text, group.start(), ctx)}
        for one in senders:
            yield make_fact(sentence, one, "SENT", NodeRef(group.group(0), GROUP), attrs,
                            0.7, "aid.sent")


def _list_end(text: str, pos: int) -> int:
    """Where a list of groups that starts before ``pos`` ends (医疗队30支、医务人员600余名赶赴…:
    the movement after the list is every group's)."""
    while text.startswith("、", pos):
        at = pos + 1
        if (before := _COUNT_RE.match(text, at)) is not None:
            at = before.end()
        group = _GROUP_RE.match(text, at)
        if group is None:
            break
        after = _COUNT_RE.match(text, _TOTAL_RE.match(text, group.end()).end())
        pos = after.end() if after else group.end()
    return pos


def _groups(text: str) -> list[re.Match[str]]:
    """The groups of people named in ``text``: the known nouns, and teams counted by units."""
    known = list(_GROUP_RE.finditer(text))
    teams = [t for t in _TEAM_RE.finditer(text)
             if not any(g.start() < t.end() and t.start() < g.end() for g in known)]
    return sorted(known + teams, key=lambda m: m.start())


def _items(text: str) -> Iterator[tuple[str, str | None]]:
    """(goods, quantity) pairs of a 、-separated list (口罩1.8万个、消毒酒精2306斤)."""
    for part in re.split(r"以及|[、和及]", text.replace("《", "").replace("》", "")):
        part = _GOODS_END_RE.split(part, maxsplit=1)[0]
        quantity = "".join(q for q in _QUANTITY_RE.findall(part) if q)
        goods = _QUANTITY_RE.sub("", part)
        goods = re.sub(r"[^\u4e00-\u9fff]", "", goods).split("的")[-1].lstrip("了共计")
        if not goods and quantity and quantity.endswith("元"):
            goods = quantity  # money given as an amount: the amount is the resource
        if 2 <= len(goods) <= 10:
            yield goods, quantity or None


def _donated(sentence: Sentence, ctx: DocContext, mentions: list[Local]) -> Iterator[Fact]:
    text = sentence.text
    for verb in DONATE_RE.finditer(text):
        end = clause_end(text, verb.end())
        named = [m for m in mentions if verb.end() <= m.start < end]
        # goods are not the places or bodies given to (捐助山西代县、…)
        items = [(g, q) for g, q in _items(text[verb.end() : end])
                 if not any(m.surface in g or g in m.surface for m in named)]
        if verb.group(0).startswith("提供"):
            items = [(g, q) for g, q in items if g.endswith(RESOURCE_NOUNS)]
        category = _CATEGORY_RE.search(text, verb.end(), end)
        if category is not None and not any(q for _, q in items):
            # 帐篷、折叠床、棉被等救灾物资: the examples stand for the goods named after 等
            items = [(category.group(1), None)]
        if not items:
            continue
        donor = _sender(sentence, ctx, mentions, verb.start(), (PERSON, PLACE, ORGANIZATION))
        if donor is None:
            continue
        toward = re.search(r"向([^，。]{1,12}?)(?:捐|赠|调拨|提供)", text[: verb.end()])
        recipient = _named_in(mentions, toward.start(1), toward.end(1),
                              toward.group(1)) if toward else None
        onward = _ONWARD_RE.search(text, verb.end(), end)
        if recipient is None and onward is not None:  # 调拨帐篷…支援某县 / 运往某地
            recipient = _named_in(mentions, onward.end(), end, "") or None
        recipient = _affected_place(ctx, sentence.start, recipient)
        for goods, quantity in items:
            when = date_before(text, verb.start(), ctx)
            attrs = {"to": recipient, "quantity": quantity, "date": when}
            conf = 0.6 if verb.group(0).startswith("提供") else 0.8
            for one in _with_co_actors(text, mentions, donor, verb.start()):
                yield make_fact(sentence, one, "DONATED", NodeRef(goods, RESOURCE), attrs,
                                conf, "aid.donated")


# 对加沙紧急物资和现汇援助 / 向某国提供粮食援助: goods named as aid to a place or body.
_AID_TO_RE = re.compile(r"[对向](?P<rest>[^，。；]{2,40}?)(?:援助|捐助)")


def _aid_nouns(sentence: Sentence, ctx: DocContext, mentions: list[Local]) -> Iterator[Fact]:
    text = sentence.text
    for match in _AID_TO_RE.finditer(text):
        to = next((m for m in mentions if m.start == match.start("rest")
                   and m.type in (PLACE, ORGANIZATION)), None)
        to_name, to_end = (to.name, to.end) if to is not None else _entity_at(
            ctx, text, match.start("rest"))
        if to_name is None:
            continue
        goods_text = text[to_end : match.end("rest")].removeprefix("的").removeprefix("提供")
        goods = [g for g in re.split(r"[、和及]", goods_text) if g]
        if not goods or not all(g.endswith(_AID_GOODS) and len(g) >= 2 for g in goods):
            continue
        donor = _sender(sentence, ctx, mentions, match.start(), (PLACE, ORGANIZATION))
        lead = mentions[0] if mentions and mentions[0].start == 0 else None
        if donor is None and lead is not None and lead.type in (PLACE, ORGANIZATION):
            donor = lead.node()  # 中方…深表关切，正在推进对某地…援助: the sentence's subject
        if donor is None or donor.name == to_name:
            continue
        when = date_before(text, match.start(), ctx)
        for item in goods:
            yield make_fact(sentence, donor, "DONATED", NodeRef(item, RESOURCE),
                            {"to": to_name, "date": when}, 0.65, "aid.aid_noun")


def _entity_at(ctx: DocContext, text: str, pos: int) -> tuple[str | None, int]:
    """A place or body of the document written at ``pos`` where the recognizer tagged only
    another occurrence (对加沙紧急物资…援助 after 加沙 was named): (name, end) or (None, pos)."""
    best: tuple[str | None, int] = (None, pos)
    for entity in ctx.entities:
        if entity.type not in (PLACE, ORGANIZATION):
            continue
        for form in (entity.name, *entity.aliases):
            if len(form) >= 2 and text.startswith(form, pos) and pos + len(form) > best[1]:
                best = (entity.name, pos + len(form))
    return best


_AID_GOODS = (*RESOURCE_NOUNS, "现汇", "援款", "疫苗", "医疗物资")


def _extract(sentence: Sentence, ctx: DocContext) -> Iterator[Fact]:
    mentions = local_mentions(sentence)
    yield from _sent(sentence, ctx, mentions)
    yield from _donated(sentence, ctx, mentions)
    yield from _aid_nouns(sentence, ctx, mentions)


def extract(
    sentence: Sentence,
    ctx: DocContext,
    *,
    predicates: tuple[str, ...] = ("SENT", "DONATED"),
    min_confidence: float = 0.0,
) -> Iterator[Fact]:
    """SENT and DONATED facts of one sentence.

    ``predicates`` picks some of them; facts below ``min_confidence`` are dropped.
    """
    wanted = (fact for fact in _extract(sentence, ctx) if fact.predicate in predicates)
    return confident(wanted, min_confidence)
