"""SAID: direct quotes (“…”某某说 / 某某说：“…”) and reported speech (某某强调，…).

One statement per speech verb: the reported clause runs to the end of the sentence, so later
speech verbs inside it (…，表示…) do not start a new statement.  A quote followed by
``某某说，…`` gives two statements, the quote (direct) and the reported rest (indirect).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.coref import doc_index, find_actor
from kg.extract.meeting_refs import LOOKBACK_SENTENCES, meeting_body
from kg.extract.meetings import previous_meeting_parties
from kg.extract.patterns import (
    OPEN_QUOTES,
    SENTENCE_ENDS,
    Local,
    clause_start,
    confident,
    date_before,
    local_mentions,
    make_fact,
    quote_spans,
)
from kg.records import ORGANIZATION, PERSON, STATEMENT, DocContext, Fact, NodeRef, Sentence

# Verbs that introduce what someone said.  说 excludes the words it starts or ends that are
# not speech (说服, 说明, 小说, 据说, 听说).
SPEECH_VERB_RE = re.compile(
    r"表示|指出|强调|认为|要求|呼吁|建议|希望|阐述了?|提出|介绍|透露|宣布|坦言|谈到|说道"
    r"|重申|警告|敦促|承诺|直言|坦承|告诉(?:本报)?记者|作出(?:重要)?[指批]示"
    r"|[称讲](?=[，：,:])|(?<![听据小传游解演劝虽再胡学])说(?![服明法话客书唱哑破完尽笑不出])"
)
# Verbs that only report speech when punctuation follows them (提出明确要求 is not a quote).
_NEEDS_PUNCT = frozenset({"提出", "介绍", "透露", "宣布", "谈到", "作出指示", "作出批示",
                          "作出重要指示", "作出重要批示"})
# 提出重大论断：… / 介绍了有关情况：…: a short object of the verb, then the words after a colon.
_OBJECT_THEN_COLON_RE = re.compile(r"了?[\u4e00-\u9fff]{0,8}[：:]")
# 宣布 + a clause (辞去…, 将…, 暂停…), not a ceremony (宣布大会开幕) nor a noun (宣布的).
_ANNOUNCED_RE = re.compile(
    r"(?![了的])[\u4e00-\u9fff][^。！？]*?(?<!开幕|闭幕|开始|结束|成立)[。！？]?$"
)
# 宣布上述决定后，…: the announcement only dates the main clause.
_SUBORDINATE_RE = re.compile(r"[^，。]*?(?:后|时|之后|以来|之际)[，,]")
# 根据某某要求 / 按照会议部署: the noun of an instruction, not a speech verb.
_GOVERNED_RE = re.compile(r"(?:根据|按照|遵照|依照|依据|落实|贯彻)[^，。]*$")
# Speech verbs that are also nouns: after 的 / 指示 / 和 they name what was said.
_NOUN_VERBS = frozenset({"要求", "提出", "建议", "希望", "强调"})
_NOUN_BEFORE_RE = re.compile(r"(?:的|指示|批示|部署|和|及|与)$")
# Words that say only that something was said (提出明确要求。), not what.
_EMPTY_STATEMENT_RE = re.compile(r"^(?:提出|作出|做出)[^，。]{0,8}(?:要求|部署|指示|批示)[。！]?$")
# 文章指出 / 社论强调: the article introduced before says it (guidelines §4.3).
_ARTICLE_SPEECH_RE = re.compile(
    r"^(?:文章|社论|评论员文章|署名文章|评论)(?:指出|强调|认为|表示|提出|要求|说)[，,：:]"
)
_PUBLISHED_RE = re.compile(
    r"(?:发表|刊发|刊登|刊载|播发)了?(?P<what>[^。]{0,60}?)(?:评论员文章|署名文章|文章|社论|评论)"
)
# 在某某看来，… reports someone's view; 据某某介绍，… someone's account.
_VIEW_RE = re.compile(
    r"(?:在(?P<view>[^，。“”]{1,40}?)看来|据(?P<source>[^，。“”]{1,30}?)(?:介绍|透露|称|说|表示))[，,]"
)
# 会议指出 / 按照会议要求: the body that held the meeting said it.
_MEETING_SPEECH_RE = re.compile(r"(?:会议|会上)(?:指出|强调|要求|认为|确定|提出|号召)[，,：:]?")
# What may stand between a body and 会议 in the name of its own meeting (国务院常务会议).
_MEETING_KIND_RE = re.compile(
    r"(?:常务|全体|常委|党组|办公|专题|工作|扩大|第[一二三四五六七八九十\d]+次)*"
)
# 双方 / 两国领导人 after talks: both parties said it.
_BOTH_PARTIES_RE = re.compile(r"^[^，。]{0,6}?(?:双方|两国领导人|两国元首)")
# 双方(一致)表示，…: a speech verb of both parties, then the words they said.
_LEADING_VERB_RE = re.compile(r"(?:一致|均|都|共同|还)?([\u4e00-\u9fff]{1,4}?)[，,：:]")
_AGREEMENT_RE = re.compile(r"表示|认为|同意|一致|强调|指出|重申|愿|宣布")
# “…”某某在…上的重要讲话: a quote credited to a speech rather than a speech verb.
_NOMINAL_CREDIT_RE = re.compile(r"^[^，。“”]{0,40}?(?:讲话|指示|批示|贺信|致辞)")
MIN_STATEMENT = 6
_LEADING_JUNK = "，,：: "
# What may stand before a speech verb whose subject is the previous sentence's speaker.
_CARRY_FILLER = " ，,、还并也又同时此外"


def _statement(text: str) -> str:
    """The reported words up to the sentence end, without a leading speech verb."""
    text = text.strip(_LEADING_JUNK)
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch in "“") - (ch in "”")
        if ch in SENTENCE_ENDS and depth <= 0:
            text = text[: i + 1]
            break
    match = SPEECH_VERB_RE.match(text)
    if match and match.group(0) not in _NEEDS_PUNCT:
        text = text[match.end() :].strip(_LEADING_JUNK)
    return text


def _long_enough(text: str) -> bool:
    return len(re.sub(r"[\W_]", "", text)) >= MIN_STATEMENT and not _EMPTY_STATEMENT_RE.match(
        text)


def _said(
    sentence: Sentence,
    ctx: DocContext,
    who: NodeRef,
    words: str,
    mode: str,
    conf: float,
    rule: str,
    pos: int = 0,
) -> Fact:
    attrs = {"mode": mode, "date": date_before(sentence.text, pos, ctx) if pos else None}
    return make_fact(
        sentence, who, "SAID", NodeRef(words, STATEMENT), attrs, conf, f"quotes.{rule}"
    )


def _sentence_facts(
    sentence: Sentence, ctx: DocContext, *, carry: NodeRef | None
) -> Iterator[Fact]:
    text = sentence.text
    mentions = local_mentions(sentence)
    quotes = [(a, b) for a, b in quote_spans(text) if _long_enough(text[a + 1 : b])]
    used_quotes: set[tuple[int, int]] = set()
    view = _VIEW_RE.search(text)
    pos = 0
    while pos < len(text):
        verb = _next_verb(text, pos, quotes, view)
        if verb is None:
            break
        vstart, vend = verb
        floor = max([b + 1 for a, b in quotes if b < vstart] + [0])
        ignore_markers = text.startswith("的", vend)
        who = find_actor(
            sentence, ctx, mentions, vstart, floor=floor, ignore_markers=ignore_markers
        )
        if who is None and view and vstart == _view_span(view)[1]:
            who = find_actor(sentence, ctx, mentions, vstart, floor=_view_span(view)[0],
                             ignore_markers=True)
        if who is None and carry is not None and not text[floor:vstart].strip(_CARRY_FILLER):
            who = carry  # zero subject: the sentence continues the previous speaker
        if who is None:
            pos = vend
            continue
        # quotes right before the attribution (“…”某某说)
        run = [q for q in quotes if q not in used_quotes and floor - 2 <= q[1] < vstart]
        if run and not any(ch in SENTENCE_ENDS for ch in text[run[-1][1] + 1 : vstart]):
            for q in _quote_run(text, quotes, run[-1]):
                used_quotes.add(q)
                yield _said(sentence, ctx, who, text[q[0] + 1 : q[1]], "direct", 0.9, "direct",
                            vstart)
        if ignore_markers:  # 某某说的这句话: no reported clause follows
            pos = vend
            continue
        after = vend
        while after < len(text) and text[after] in _LEADING_JUNK:
            after += 1
        opening = next((q for q in quotes if q[0] == after), None)
        colon = any(ch in "：:" for ch in text[vend:after])
        if opening is not None and not colon and not _quote_is_complete(text, opening):
            opening = None  # 看来，“某某广场”成功的意义…: a quoted name inside the statement
        if opening is not None:
            used_quotes.add(opening)
            yield _said(sentence, ctx, who, text[opening[0] + 1 : opening[1]], "direct", 0.9,
                        "direct", vstart)
            pos = opening[1] + 1
            continue
        words = _statement(text[vend:])
        stance = _stance_start(text, mentions, who, vstart)
        if stance is not None:  # 某某对X表示欢迎: the stance with what it is about
            words = _statement(text[stance:])
        if _long_enough(words) and not words.startswith(("的", "了")):
            for one in _co_speakers(text, mentions, who, vstart):
                yield _said(sentence, ctx, one, words, "indirect", 0.75, "indirect", vstart)
            return  # the reported clause runs to the end of the sentence
        pos = vend
    yield from _credited_quotes(sentence, ctx, mentions, quotes, used_quotes)
    yield from _unattributed_quotes(sentence, ctx, mentions, quotes, used_quotes)


# 某某(再次)对X表示Y / 就X表示Y: the object of the stance, written between speaker and verb.
_STANCE_GAP_RE = re.compile(
    r"(?:\d{1,2}[日号]|[上下]午|晚|当天|还|也|又|并|再次|首先|特别|同时|均|都|谨|分别)*"
    r"(?P<about>[对就][^，。；：:“”]{1,60})"
)


def _stance_start(text: str, mentions: list[Local], who: NodeRef, verb: int) -> int | None:
    """Where the 对/就 phrase of ``某某对X表示Y`` opens, so the statement keeps what the stance
    is about (表示欢迎 alone says nothing); None for other verbs and subjects."""
    if not text.startswith("表示", verb) or text[verb + 2 : verb + 3] in ("，", ",", "：", ":"):
        return None  # 对媒体表示，…: 对 names whom the words were addressed to
    named = [m for m in mentions if m.name == who.name and m.end <= verb]
    if not named:
        return None
    gap = _STANCE_GAP_RE.fullmatch(text, named[-1].end, verb)
    if gap is None or gap.group("about") in _ANAPHORIC_ABOUT:
        return None  # 对此表示，…: what the stance is about was said before
    return gap.start("about")


_ANAPHORIC_ABOUT = frozenset({"对此", "就此", "对此事", "就此事", "对此次", "对这", "对这些"})


# What may stand between coordinated speakers and their verb (甲与乙都表示 / 甲和乙一致认为).
_SHARED_VERB_RE = re.compile(r"(?:都|均|一致|共同|也|同时|分别|纷纷)*")
_SPEAKER_JOINERS = frozenset({"、", "和", "与", "及", "同"})


def _co_speakers(text: str, mentions: list[Local], who: NodeRef, verb: int) -> list[NodeRef]:
    """The speaker and the people coordinated with it right before the verb (甲与乙都表示):
    one statement for each named speaker."""
    head = next((m for m in reversed(mentions) if m.end <= verb), None)
    if head is None or head.type != PERSON or not _SHARED_VERB_RE.fullmatch(text[head.end : verb]):
        return [who]
    out = [head.node()]
    current = head
    for m in reversed([m for m in mentions if m.end <= current.start]):
        if m.type != PERSON or text[m.end : current.start] not in _SPEAKER_JOINERS:
            break
        out.insert(0, m.node())
        current = m
    return out if who in out else [who]


def _credited_quotes(
    sentence: Sentence,
    ctx: DocContext,
    mentions: list[Local],
    quotes: list[tuple[int, int]],
    used: set[tuple[int, int]],
) -> Iterator[Fact]:
    """“…”习近平总书记在…会议上的重要讲话…: the person whose speech is credited."""
    text = sentence.text
    for a, b in quotes:
        if (a, b) in used:
            continue
        credit = _NOMINAL_CREDIT_RE.match(text[b + 1 :])
        first = next((m for m in mentions if m.start == b + 1), None)
        if credit and first is not None and first.type == PERSON:
            used.add((a, b))
            yield _said(sentence, ctx, first.node(), text[a + 1 : b], "direct", 0.75, "credit")


def _quote_is_complete(text: str, quote: tuple[int, int]) -> bool:
    """Whether the quote is the whole object of the verb (nothing but punctuation follows)."""
    rest = text[quote[1] + 1 : quote[1] + 2]
    return rest == "" or rest in "。！？!?，,；;：:“"


def _next_verb(
    text: str, pos: int, quotes: list[tuple[int, int]], view: re.Match[str] | None
) -> tuple[int, int] | None:
    """The next speech verb at or after ``pos`` outside quotes, as (start, end)."""
    for match in SPEECH_VERB_RE.finditer(text, pos):
        start, end = match.span()
        if any(a < start < b for a, b in quotes):
            continue
        if _GOVERNED_RE.search(text, clause_start(text, start), start) or (
            match.group(0) in _NOUN_VERBS and _NOUN_BEFORE_RE.search(text, 0, start)
        ):
            continue  # 根据某某要求 / 总书记的指示要求: a noun
        if match.group(0) in _NEEDS_PUNCT and (end >= len(text) or text[end] not in "，：,:"):
            if end < len(text) and text[end] in OPEN_QUOTES:
                return start, end  # 提出“…”: the quote is the object
            if (match.group(0) == "宣布" and _ANNOUNCED_RE.match(text, end)
                    and not _SUBORDINATE_RE.match(text, end)
                    and not re.search(r"(?:将|即将|拟|计划|未|没有|不|尚未)$", text[:start])):
                return start, end  # 宣布辞去… / 宣布将两国关系提升为…: the clause announced
            colon = _OBJECT_THEN_COLON_RE.match(text, end)
            if colon is None:
                continue
            return start, colon.end()
        return start, end
    if view and view.end() > pos:
        return _view_span(view)[1], view.end()
    return None


def _view_span(view: re.Match[str]) -> tuple[int, int]:
    """Where the holder of the view or the source of the account is written."""
    group = "view" if view.group("view") is not None else "source"
    return view.start(group), view.end(group)


def _quote_run(
    text: str, quotes: list[tuple[int, int]], last: tuple[int, int]
) -> list[tuple[int, int]]:
    """The quote ``last`` and the quotes chained before it by ，/、 (“…”，“…”，这是…说的话)."""
    run = [last]
    for q in reversed([q for q in quotes if q[1] < last[0]]):
        if text[q[1] + 1 : run[0][0]].strip("，、,") == "":
            run.insert(0, q)
        else:
            break
    return run


def _unattributed_quotes(
    sentence: Sentence,
    ctx: DocContext,
    mentions: list[Local],
    quotes: list[tuple[int, int]],
    used: set[tuple[int, int]],
) -> Iterator[Fact]:
    """A clause-final quote with no speech verb, spoken by the person the sentence is about
    (某某是…的一员，…，“我是武汉人…”。)."""
    text = sentence.text
    for a, b in quotes:
        if (a, b) in used or a == 0 or text[a - 1] not in "，,：:":
            continue
        if SPEECH_VERB_RE.search(text[max(0, a - 4) : a]):  # 群众感动地说，“…”: unnamed speaker
            continue
        if text[b + 1 :].strip("。！？!?") != "":
            continue
        people = [m for m in mentions if m.end <= a and m.type == PERSON]
        if len({m.name for m in people}) != 1 or people[0].start > 30:
            continue
        yield _said(sentence, ctx, people[0].node(), text[a + 1 : b], "direct", 0.6, "topic")


def _previous_speaker(ctx: DocContext, index: int) -> NodeRef | None:
    """The speaker of the previous sentence of the same paragraph, if it reported speech."""
    if index == 0:
        return None
    prev, cur = ctx.sentences[index - 1], ctx.sentences[index]
    if "\n" in ctx.text[prev.end : cur.start]:
        return None
    facts = list(_sentence_facts(prev, ctx, carry=None))
    return facts[-1].subject if facts else None


def _only_quotes(text: str, quotes: list[tuple[int, int]]) -> bool:
    """Whether the sentence is nothing but quotes (and punctuation between them)."""
    rest, last = [], 0
    for a, b in quotes:
        rest.append(text[last:a])
        last = b + 1
    rest.append(text[last:])
    return "".join(rest).strip("。！？!?，, ") == ""


def _next_speaker(ctx: DocContext, index: int) -> NodeRef | None:
    """The person who opens the next sentence of the paragraph and speaks in it."""
    if index + 1 >= len(ctx.sentences):
        return None
    cur, nxt = ctx.sentences[index], ctx.sentences[index + 1]
    if "\n" in ctx.text[cur.end : nxt.start]:
        return None
    first = next(iter(local_mentions(nxt)), None)
    if first is None or first.type != PERSON or first.start > 2:
        return None
    facts = list(_sentence_facts(nxt, ctx, carry=None))
    return first.node() if any(f.subject.name == first.name for f in facts) else None


def _meeting_statements(sentence: Sentence, ctx: DocContext) -> Iterator[Fact]:
    """会议指出/强调/要求… → SAID by the body that held the meeting, when the text names it."""
    match = _MEETING_SPEECH_RE.search(sentence.text)
    if not match:
        return
    body = _body_of_named_meeting(sentence, match.start())
    if body is None:
        body = meeting_body(ctx, sentence.start + match.start())
    words = _statement(sentence.text[match.end() :])
    if body is not None and _long_enough(words):
        yield _said(sentence, ctx, body, words, "indirect", 0.7, "meeting", match.start())


def _body_of_named_meeting(sentence: Sentence, pos: int) -> NodeRef | None:
    """国务院常务会议指出: the body named right before 会议 in the same clause."""
    if not sentence.text.startswith("会议", pos):
        return None
    for m in reversed(local_mentions(sentence)):
        if m.end <= pos and m.type == ORGANIZATION:
            return m.node() if _MEETING_KIND_RE.fullmatch(sentence.text[m.end : pos]) else None
    return None


def _both_parties(sentence: Sentence, ctx: DocContext) -> Iterator[Fact]:
    """双方…表示满意 right after talks: each party of those talks said it."""
    match = _BOTH_PARTIES_RE.match(sentence.text)
    if not match:
        return
    words = sentence.text[match.end() :].strip(_LEADING_JUNK)
    if not _long_enough(words) or not _AGREEMENT_RE.search(words):
        return
    lead = _LEADING_VERB_RE.match(words)
    if lead is not None and SPEECH_VERB_RE.fullmatch(lead.group(1)):
        words = words[lead.end() :].strip(_LEADING_JUNK)  # 双方一致认为，… → the clause after
    for party in previous_meeting_parties(ctx, sentence.start):
        yield _said(sentence, ctx, party, words, "indirect", 0.6, "both_parties")


def _is_headline(sentence: Sentence, ctx: DocContext) -> bool:
    """The first line of a story of several lines, without a sentence end (a headline)."""
    if sentence.text.rstrip()[-1:] in SENTENCE_ENDS or "\n" not in ctx.text.strip():
        return False
    return not ctx.text[: sentence.start].strip()


def _article_statements(sentence: Sentence, ctx: DocContext) -> Iterator[Fact]:
    """文章指出，… → SAID by the author of the article introduced before (某某的重要文章), else
    by the outlet that published it (某报发表评论员文章)."""
    match = _ARTICLE_SPEECH_RE.match(sentence.text)
    if not match:
        return
    author = _article_author(ctx, sentence.start)
    words = _statement(sentence.text[match.end() :])
    if author is not None and _long_enough(words):
        yield _said(sentence, ctx, author, words, "indirect", 0.7, "article", match.start())


def _article_author(ctx: DocContext, pos: int) -> NodeRef | None:
    before = [s for s in ctx.sentences if s.start < pos][-LOOKBACK_SENTENCES:]
    for sentence in reversed(before):
        published = _PUBLISHED_RE.search(sentence.text)
        if published is None:
            continue
        mentions = local_mentions(sentence)
        what = published.span("what")
        people = [m for m in mentions if what[0] <= m.start and m.end <= what[1]
                  and m.type == PERSON and sentence.text.startswith("的", m.end)]
        if people:
            return people[-1].node()
        return find_actor(sentence, ctx, mentions, published.start(), types=(ORGANIZATION,),
                          ignore_markers=True)
    return None


def _extract(sentence: Sentence, ctx: DocContext) -> Iterator[Fact]:
    index = doc_index(ctx).sentence_at.get(sentence.start, 0)
    text = sentence.text
    whole = quote_spans(text)
    if whole and whole[0][0] == 0 and text[whole[0][1] + 1 :].strip("。！？!? ") == "":
        speaker = _previous_speaker(ctx, index)
        if speaker is not None and _long_enough(text[1 : whole[0][1]]):
            yield _said(sentence, ctx, speaker, text[1 : whole[0][1]], "direct", 0.6, "follow")
            return
    if whole and whole[0][0] == 0 and _only_quotes(text, whole):
        # “…”“…” alone, then 某某…指出…: the quotes open the paragraph of their speaker
        speaker = _next_speaker(ctx, index)
        for a, b in whole if speaker is not None else ():
            if _long_enough(text[a + 1 : b]):
                yield _said(sentence, ctx, speaker, text[a + 1 : b], "direct", 0.6, "lead")
        return
    if _is_headline(sentence, ctx):
        return  # a headline restates what the story reports
    facts = (list(_meeting_statements(sentence, ctx)) or list(_both_parties(sentence, ctx))
             or list(_article_statements(sentence, ctx)))
    if facts:
        yield from facts
        return
    starts_with_verb = bool(SPEECH_VERB_RE.match(text.lstrip(_CARRY_FILLER)))
    carry = _previous_speaker(ctx, index) if starts_with_verb else None
    yield from _sentence_facts(sentence, ctx, carry=carry)


def extract(
    sentence: Sentence, ctx: DocContext, *, min_confidence: float = 0.0
) -> Iterator[Fact]:
    """All SAID facts of one sentence, those below ``min_confidence`` dropped."""
    return confident(_extract(sentence, ctx), min_confidence)
