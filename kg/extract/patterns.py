"""Lexicons and span helpers shared by the fact extractors.

Everything here works on one :class:`~kg.records.Sentence`: offsets called *local* index
``sentence.text``; mentions carry document offsets, so :func:`local_mentions` shifts them.
The lexicons are deliberately about the *language* of news (speech verbs, titles, movement
verbs), never about the entities of any particular article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

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

CLAUSE_BREAKS = frozenset("，,；;：:。！？!?")
SENTENCE_ENDS = frozenset("。！？!?")
OPEN_QUOTES = "“「『"
CLOSE_QUOTES = "”」』"
ACTOR_TYPES = (PERSON, ORGANIZATION)

# A mention right after one of these is an object or an adverbial, not the subject of the
# verb that follows (对习近平说 / 向湖北派出 / 以…为核心 / 在党中央领导下).
OBJECT_MARKERS = frozenset("对向为同与跟给让令把被以在将到从自由据经")

# A mention right after one of these verbs is their object (出席亚太经合组织…会议时指出).
OBJECT_VERBS = (
    "出席", "参加", "列席", "陪同", "会见", "会晤", "接见", "看望", "慰问", "来到", "考察", "视察",
    "访问", "离开", "主持", "召开", "成立", "了", "帮助", "通知", "支持", "要求", "邀请", "鼓励",
)

# Third-person pronouns that refer back to the person named just before.
PRONOUNS = ("他", "她")

# Heads that end a title or position (书记, 常务副局长, 驻马来西亚大使, 全科医生).  A title is
# any short run of Chinese characters ending in one of these.
TITLE_HEADS = (
    "书记", "主任", "局长", "部长", "厅长", "处长", "科长", "省长", "市长", "县长", "区长",
    "州长", "镇长", "乡长", "村长", "主席", "总理", "总统", "首相", "国务委员", "委员", "常委",
    "秘书长", "秘书", "院长", "校长", "会长", "理事长", "董事长", "总经理", "经理", "总裁",
    "总监", "工程师", "医生", "医师", "护士长", "民警", "警官", "队长", "干部", "网格员",
    "总指挥", "指挥长", "组长", "大使", "公使", "参赞", "总领事", "领事", "总干事", "发言人",
    "国王", "女王", "司令员", "司令", "政委", "参谋长", "社长", "台长", "主编", "总编辑",
    "站长", "所长", "检察长", "行长", "负责人", "教授", "研究员", "支书", "党组成员", "主管",
    "专员", "巡视员", "馆长", "团长", "军长", "师长", "庭长", "首席执行官", "特使", "议长",
    "总督", "副手", "部长助理", "主任委员", "董事", "监事", "总工", "院士", "司长", "署长",
    "委员长", "审判长", "审判员", "法官", "检察官", "大臣", "议员", "特首", "行政长官", "主委",
    "成员",
    # assistants of any head (局长助理, 市长助理) and short ministers of foreign states (外长, 防长)
    "助理", "外长", "防长", "财长",
)
_TITLE_HEAD_RE = "|".join(sorted(TITLE_HEADS, key=len, reverse=True))
# A split-off title is a head with at most a rank before it (副校长, 常务副局长, 总工程师).
PLAIN_TITLE_RE = re.compile(
    rf"^(?:常务副|副|常务|总|首席|执行|专职|名誉|高级|代理|党组|第一)?(?:{'|'.join(TITLE_HEADS)})$"
)
# Characters that never occur inside a title (verbs of the sentence, particles, digits).
_NOT_IN_TITLE = "的是在了和与及对向为把被说称到来去就都也还又曾已将从"
_COUNTED = ("一位", "一名", "一个", "几位", "多名", "多位", "两位", "某")
TITLE_RE = re.compile(rf"^[\u4e00-\u9fff]{{0,10}}?(?:{_TITLE_HEAD_RE})$")

# Titles held by one person at a time whose body need not be written (习近平总书记 → 党中央).
SINGLE_HOLDER_TITLES: Mapping[str, tuple[str, str, float]] = {
    "总书记": ("党中央", ORGANIZATION, 0.9),
    "国家主席": ("中国", PLACE, 0.8),
    "国家副主席": ("中国", PLACE, 0.8),
}
# 胡锦涛主席: after a full name in an article about China, 主席 is the head of state (any
# other chair is written with its body: 全国政协主席, 委员会主席).
CHAIRMAN_AFTER_NAME = ("主席", "中国", PLACE, 0.5)

# Generic heads that stand for the nearest body of that kind named before (公司总工程师 →
# the company of the previous sentence; 村党支部书记 → the village just named).
GENERIC_BODY_HEADS = ("社区", "街道", "村", "乡", "镇", "公司", "医院", "学校", "大学")

EVENT_HEADS = (
    "会议", "仪式", "典礼", "峰会", "论坛", "会谈", "会晤", "会见", "宴会", "开幕式", "闭幕式",
    "大会", "座谈会", "研讨会", "博览会", "晚会", "招待会", "发布会", "庆典", "活动", "考察",
    "调研", "视察", "年会", "全会", "例会", "运动会", "比赛", "展览", "报告会", "联欢会", "茶话会",
    "见面会", "交流会", "推进会", "调度会", "动员会", "表彰会", "现场会", "培训会", "纪念会",
    "欢迎会", "新闻发布会", "记者会", "音乐会", "展览会", "洽谈会", "演讲", "集体学习", "团拜会",
    "恳谈会", "对话会", "吹风会", "文艺演出", "开幕会", "闭幕会", "部署会", "协调会", "慰问",
)
_EVENT_HEAD_RE = "|".join(sorted(set(EVENT_HEADS), key=len, reverse=True))
EVENT_HEAD_RE = re.compile(rf"(?:{_EVENT_HEAD_RE})")

_CN_DIGITS = "零〇一二两三四五六七八九十百千万"
# Date expressions as news write them; resolved by kg.dates.
DATE_RE = re.compile(
    rf"(?:(?:\d{{4}}|[{_CN_DIGITS}]{{4}})年)?(?:\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})月"
    rf"(?:\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})[日号]"
    rf"|(?<![\d月年])(?:\d{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日"
)


@dataclass(frozen=True, slots=True)
class Local:
    """A mention with sentence-local offsets."""

    start: int
    end: int
    mention: ResolvedMention

    @property
    def type(self) -> str:
        return self.mention.type

    @property
    def name(self) -> str:
        return self.mention.name

    @property
    def surface(self) -> str:
        return self.mention.surface

    def node(self) -> NodeRef:
        return NodeRef(self.mention.name, self.mention.type)


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a CJK unified ideograph (the basic block)."""
    return "\u4e00" <= ch <= "\u9fff"


def cjk_suffix(text: str) -> str:
    """The run of CJK characters that ends ``text`` ("" if it ends otherwise).

    >>> cjk_suffix("2023年国务院总理"), cjk_suffix("G20总理"), cjk_suffix("总理 ")
    ('年国务院总理', '总理', '')
    """
    i = len(text)
    while i > 0 and is_cjk(text[i - 1]):
        i -= 1
    return text[i:]


def local_mentions(sentence: Sentence) -> list[Local]:
    """The sentence's mentions, in order, with offsets into ``sentence.text``."""
    out = [
        Local(m.start - sentence.start, m.end - sentence.start, m)
        for m in sentence.mentions
        if sentence.start <= m.start and m.end <= sentence.end
    ]
    return sorted(out, key=lambda x: x.start)


def clause_start(text: str, pos: int) -> int:
    """Start of the clause that contains ``pos`` (after the previous ，；：。)."""
    i = pos
    while i > 0 and text[i - 1] not in CLAUSE_BREAKS:
        i -= 1
    return i


def clause_end(text: str, pos: int) -> int:
    """End (exclusive) of the clause that contains ``pos``."""
    i = pos
    while i < len(text) and text[i] not in CLAUSE_BREAKS:
        i += 1
    return i


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Top-level “…” spans as (open index, close index); unbalanced quotes are ignored."""
    spans: list[tuple[int, int]] = []
    depth, opened = 0, -1
    for i, ch in enumerate(text):
        if ch in OPEN_QUOTES:
            if depth == 0:
                opened = i
            depth += 1
        elif ch in CLOSE_QUOTES and depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, i))
    return spans


def is_title(text: str) -> bool:
    """Whether ``text`` reads as a title or position (常务副局长, 村支书, 驻马来西亚大使)."""
    if not text or len(text) > 12 or any(ch in _NOT_IN_TITLE for ch in text.lstrip("驻")):
        return False
    if any(word in text for word in _COUNTED):  # 一位干部: someone unnamed, not a title
        return False
    if _VERB_IN_TITLE_RE.search(text):  # 会见某论坛主席: the verb of the sentence
        return False
    return bool(TITLE_RE.match(text))


# Verbs of meeting and greeting that never stand inside a title.
_VERB_IN_TITLE_RE = re.compile(
    r"会见|会晤|接见|看望|出席|参加|考察|视察|会谈|致电|致信|祝贺|陪同|邀请|欢迎|慰问|听取"
)


def title_follows(text: str, pos: int) -> bool:
    """Whether a title starts at ``pos`` (某足协常务副主席…: the body of a person's title)."""
    return any(is_title(text[pos : pos + k]) and not text.startswith("国", pos + k)
               for k in range(2, 11))  # 成员国 is a member state, not a title


def title_head(text: str) -> str:
    """The head of a title: 常务副局长 → 局长."""
    match = re.search(rf"(?:{_TITLE_HEAD_RE})$", text)
    return match.group(0) if match else text


def is_subject_position(text: str, m: Local) -> bool:
    """False when the mention is an object, a possessor or part of an adverbial."""
    before = text[m.start - 1] if m.start else ""
    after = text[m.end : m.end + 1]
    if before in OBJECT_MARKERS or (after and after in "的们"):
        return False
    return not text[: m.start].endswith(OBJECT_VERBS)


# Characters of the adverbs that may open a clause continuing the previous clause's subject
# (…，还特别强调 / …，明确要求 / …，先后捐赠).
_ADVERB_CHARS = frozenset(
    "还也又并同时随后再次进一步特别明确多次都就则曾已正将"
    "专门反复一再首先最后此外另外因此为此同样更当即先积极主动共分别陆续 "
)


# Words that open a clause without a subject of its own: prepositions, plans, manner.
_CLAUSE_OPENERS = (
    "向", "为", "对", "给", "把", "将", "在", "从", "以", "与", "同", "跟", "计划", "准备", "决定",
    "继续", "开始", "负责", "通过", "利用", "按照", "根据", "坚持", "努力", "及时", "迅速", "紧急",
    "逐户", "逐一", "耐心", "贴心", "认真", "全力", "全面", "亲自", "当场", "现场", "一起", "共同",
    "深入", "实地", "再", "仍", "组织",
)
# Verbs whose object is the subject of the next verb (鼓励商人向农民提供…).
_CAUSATIVES = ("鼓励", "要求", "号召", "动员", "引导", "帮助", "让", "使", "请", "组织群众")


def continues_subject(clause_prefix: str) -> bool:
    """Whether a clause opening with ``clause_prefix`` (the text before its verb) has no
    subject of its own, so the subject of an earlier clause carries over."""
    if all(ch in _ADVERB_CHARS for ch in clause_prefix):
        return True
    text = clause_prefix.lstrip("".join(_ADVERB_CHARS))
    return text.startswith(_CLAUSE_OPENERS) and not text.startswith(_CAUSATIVES)


# 将赴 / 将于11月17日至19日 / 即将 / 拟: what follows in the clause is a plan, not an act.
_PLANNED_RE = re.compile(
    r"将(?=于|在|赴|前往|来到|到|访问|出访|出席|参加|对|同|与|[\d一二三四五六七八九十])|即将|拟于?"
)


def planned(text: str, pos: int) -> bool:
    """Whether the clause before local offset ``pos`` announces the act at ``pos`` (某某将于…
    赴某国出席…), so it has not happened yet."""
    start = clause_start(text, pos)
    return any(m.start() < pos for m in _PLANNED_RE.finditer(text, start, pos + 3))


def date_before(text: str, pos: int, ctx: DocContext) -> str | None:
    """The date written last before ``pos`` (the one a verb at ``pos`` refers to); of a range
    (8月15日至16日) the day it starts."""
    found = _dates(text[:pos], ctx)
    if len(found) >= 2 and text[found[-2][1] : found[-1][0]] in _RANGE_JOINERS:
        return found[-2][2]
    return found[-1][2] if found else None


_RANGE_JOINERS = frozenset({"至", "到", "-", "—", "～", "~"})


def _dates(text: str, ctx: DocContext) -> list[tuple[int, int, str]]:
    try:
        from kg.dates import find_dates
    except ImportError:  # the date stage may be absent in partial checkouts
        return []
    try:
        reference = date.fromisoformat(ctx.date) if ctx.date else None
    except ValueError:
        reference = None
    found = find_dates(text, reference=reference, default_year=ctx.year)
    if reference is None and found:
        # no publication date: a full date written earlier (a glued dateline) anchors the
        # year of a later 6月19日, which alone would not resolve
        found = find_dates(text, reference=date.fromisoformat(found[0][2]))
    return found


def make_fact(
    sentence: Sentence,
    subject: NodeRef,
    predicate: str,
    obj: NodeRef,
    attrs: Mapping[str, Any],
    confidence: float,
    extractor: str,
) -> Fact:
    """A fact whose evidence is the whole sentence; empty attrs are dropped."""
    clean = {k: v for k, v in attrs.items() if v not in (None, "")}
    return Fact(
        subject,
        predicate,
        obj,
        clean,
        (sentence.start, sentence.end),
        max(0.0, min(1.0, confidence)),
        extractor,
    )


def last_of_chain(mentions: list[Local], text: str) -> list[Local]:
    """Collapse adjacent place mentions that form one address (内蒙古满洲里市 → 满洲里市)."""
    out: list[Local] = []
    for m in mentions:
        if out and out[-1].end == m.start and out[-1].type == PLACE:
            out[-1] = m
        else:
            out.append(m)
    return out


def canonical_event(name: str, ctx: DocContext) -> str:
    """An event name with the organizations in it written canonically (上合组织… →
    上海合作组织…), so that one meeting named two ways compares equal."""
    pairs = sorted(
        ((a, e.name) for e in ctx.entities for a in e.aliases if len(a) >= 2 and a != e.name),
        key=lambda p: -len(p[0]),
    )
    for alias, canonical in pairs:
        if alias in name and canonical not in name:
            name = name.replace(alias, canonical)
    return name


# Endings of organ names (监委, 应急管理厅, 消防救援总队, 慈善总会, 专业合作社, 计算机系).
ORGAN_SUFFIXES = (
    "委", "部", "局", "厅", "院", "校", "大学", "会", "办", "室", "中心", "站", "所", "队", "公司",
    "集团", "政府", "医院", "指挥部", "小组", "处", "社", "台", "馆", "团", "支部", "党委",
    "党总支", "工委", "银行", "法院", "检察院", "协会", "基金会", "司", "署", "系", "合作社",
    "军区", "战区", "军分区", "警备区",
)
# Some prefix of 2+ characters of a word ends in an organ suffix: a suffix of 2+ characters
# anywhere, or a one-character suffix after at least one character.
_ORGAN_SUFFIX_INSIDE_RE = re.compile(
    "|".join(re.escape(s) for s in ORGAN_SUFFIXES if len(s) > 1)
    + "|.[" + "".join(re.escape(s) for s in ORGAN_SUFFIXES if len(s) == 1) + "]"
)
# What may stand between an actor and its verb: adverbs and times (紧急调拨, 当天派出, 13日).
_ADVERBIAL_RE = re.compile(
    r"^(?:\d{1,2}[日号]|紧急|当天|当日|连夜|近日|日前|今天|昨天|随即|立即|迅速|第一时间|已经|已"
    r"|还|也|又|再次|先后|分别|共|累计|正式|积极|主动|专门|特别|同时|会|将|都|均|率先|火速|及时"
    r"|再|此前|此次|先|一次性|向社会|日)*$"
)
# Verbs that never stand inside the name of a body (赴香港参加…演唱会).
_VERB_IN_NAME_RE = re.compile(
    r"参加|出席|举行|召开|进行|开展|参观|考察|调研|看望|慰问|[在到把被的了]"
)
# Times that end the name of an actor (某某总会当天启动…).
_TIME_RE = re.compile(r"^(?:\d{1,2}[日号]|当天|当日|连夜|近日|日前|今天|昨天|此前|随即)")
# Words that open a prepositional phrase between an actor and its verb (向灾区捐赠).
_PREPOSITION_RE = re.compile(r"[向为给对在于从与同和跟]")
_MAX_ORGAN = 14
# Words that open no name: particles, and quantifiers of unnamed bodies (各地应急管理局).
_NOT_A_NAME = ("的", "是", "把", "被", "将", "各", "全", "有关", "相关", "部分", "所有", "多家",
               "一些", "该", "其", "下属", "所属")


_LEVEL_SUFFIXES = frozenset(
    {"省", "市", "县", "区", "州", "自治区", "自治州", "自治县", "镇", "乡"}
)


_MILITARY_ORGANS = ("军区", "战区", "军分区", "警备区")


def name_before_organ(mention: ResolvedMention | Local, organ: str = "") -> str:
    """How a place or body is written as the start of an organ's name: the canonical name when
    it only adds the level (江西 → 江西省应急管理厅), else as written (香港 → 香港医学会); a
    military region keeps the city as written (成都 + 军区 → 成都军区)."""
    name, surface = mention.name, mention.surface
    if organ.startswith(_MILITARY_ORGANS) and surface:
        return surface
    if name.startswith(surface) and name[len(surface) :] in _LEVEL_SUFFIXES:
        return name
    return surface or name


def organ_after(text: str, start: int, limit: int) -> str | None:
    """The organ name written from ``start`` that the words up to ``limit`` leave as the actor
    (``应急管理厅`` in ``江西省应急管理厅紧急调拨``); None when no organ ends there."""
    limit = min(limit, len(text))
    if _PREPOSITION_RE.match(text, start) or text.startswith(_NOT_A_NAME, start):
        return None  # 某集团向红十字会捐赠: what follows is the recipient, not the actor's name
    best = None
    for k in range(start + 2, min(limit, start + _MAX_ORGAN) + 1):
        name = text[start:k]
        if not all(is_cjk(ch) for ch in name):
            break
        if not name.endswith(ORGAN_SUFFIXES) or EVENT_HEAD_RE.search(name[-3:]):
            continue  # 某某演唱会 is an event, not a body
        if _VERB_IN_NAME_RE.search(name):
            break  # 参加…: the words after the place are a verb phrase
        rest = text[k:limit]
        prep = _PREPOSITION_RE.search(rest)
        if _ADVERBIAL_RE.match(rest[: prep.start()] if prep else rest) or _TIME_RE.match(rest):
            best = name
    return best


def organ_word_after(text: str, start: int, limit: int) -> bool:
    """Whether the words from ``start`` up to ``limit`` contain a word ending in an organ suffix
    (the place before it heads an unrecognized body, so the place is not the actor)."""
    run = re.match(r"[\u4e00-\u9fff]{2,14}", text[start:limit])
    if run is None:
        return False
    word = re.split(r"[在到把被对向是了的和与推组动号发开]", run.group(0), maxsplit=1)[0][:10]
    return _ORGAN_SUFFIX_INSIDE_RE.search(word) is not None


def confident(facts: Iterable[Fact], min_confidence: float) -> Iterator[Fact]:
    """The facts whose confidence reaches ``min_confidence``: every extractor's last filter."""
    return (fact for fact in facts if fact.confidence >= min_confidence)


# 以外交部部长王某为团长的中国代表团: the body (or team) headed by the person written after 以.
HEADED_BY_RE = re.compile(
    r"以(?P<who>[^，。；：:“”为以]{2,30}?)为(?P<title>[\u4e00-\u9fff]{1,8}?)的"
    r"(?P<what>[^，。；：:“”的]{2,24}?(?:代表团|访问团|考察团|工作组|小组|委员会|主席团|团|组))"
)


@dataclass(frozen=True, slots=True)
class Headed:
    """One ``以X为Y的Z``: the person X, the title Y and the span of Z (local offsets)."""

    person: Local
    title: str
    what: tuple[int, int]


def headed_by(text: str, mentions: list[Local]) -> list[Headed]:
    """The ``以X为Y的Z`` phrases of a sentence whose X ends in a named person and whose Y is
    a title (以某某为首 / 以某某为核心 name no post)."""
    out: list[Headed] = []
    for match in HEADED_BY_RE.finditer(text):
        person = next((m for m in mentions if m.end == match.end("who") and m.type == PERSON),
                      None)
        if person is None or not is_title(match.group("title")):
            continue
        out.append(Headed(person, match.group("title"), match.span("what")))
    return out
