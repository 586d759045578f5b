"""Resolve pronouns, bare titles and generic body nouns to the entity the article means.

Only links the article makes clear are made: ``他说`` → the person named just before (within a
short window), ``总书记`` → the person written with that title earlier, ``公司总工程师`` → the
company named just before.  When nothing fits, the functions return None and the extractors
refuse to emit a fact.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from kg.extract.patterns import (
    ACTOR_TYPES,
    CLAUSE_BREAKS,
    CLOSE_QUOTES,
    DATE_RE,
    OBJECT_MARKERS,
    OPEN_QUOTES,
    PRONOUNS,
    SENTENCE_ENDS,
    TITLE_HEADS,
    Local,
    clause_start,
    continues_subject,
    is_cjk,
    is_subject_position,
    is_title,
    name_before_organ,
    organ_after,
    title_follows,
)
from kg.records import ORGANIZATION, PERSON, PLACE, DocContext, NodeRef, ResolvedMention, Sentence

# 在…的讲话中指出: a 的 that belongs to the setting of the speech, not to another subject.
_SPEECH_SETTING_RE = re.compile(r"在.*的(?:讲话|致辞|发言|报告|演讲|谈话|采访|信|文章)中")
# 某某对会议的成功召开表示祝贺: a 的 inside the object of 对/就 before the verb.
_PREPOSITIONAL_GAP_RE = re.compile(
    r"^(?:\d{1,2}[日号]|[上下]午|晚|当天|还|也|又|并|再次|首先|特别|同时|均|都|分别|谨|深切|均)*[对就]"
)
_UNNAMED_OFFICER_RE = re.compile(
    r"^[^，。]{0,6}?(?:官员|人士|负责人|发言人|专家|工作人员|代表|高层|知情人)"
)
def _acts_on_behalf(text: str, mentions: list[Local], pos: int) -> bool:
    """Whether 代表 at ``pos`` is the verb "on behalf of": a person (with titles or adverbs
    after the name) or 我/他 stands right before it, not a body or a rank (特别代表)."""
    prefix = _BEHALF_FILLER_RE.sub("", text[clause_start(text, pos) : pos])
    if prefix.endswith(("我", "他", "她", "我们")):
        return True
    end = clause_start(text, pos) + len(prefix)
    return any(m.end == end and m.type == PERSON for m in mentions)


_BEHALF_FILLER_RE = re.compile(r"(?:首先|还|也|再次|谨|同时|特意|专门|委员|常委|同志|先生|女士)+$")
# 代表某某 / 在接受某某采访时: the person or outlet named there does not speak.
_ON_BEHALF = ("代表",)
_INTERVIEW_BEFORE_RE = re.compile(r"接受[^，。]{0,12}$")
# What an outlet does in 在接受某台专访时 / 接受某报书面采访时 / 接受某网连线时.
_INTERVIEW_RE = re.compile(r"采访|专访|访谈|问询|连线")
# A reporter credited in the byline is never what 他 in the story refers to.
_CREDIT_BEFORE_RE = re.compile(r"(?:记者|通讯员|摄影|编辑)\s*$")
# How far back (in characters of clean text) a pronoun may look for its antecedent.
PRONOUN_WINDOW = 400
GENERIC_BODY_WINDOW = 300


@dataclass(frozen=True, slots=True)
class DocIndex:
    """All mentions of a document in text order, and who holds which bare title."""

    mentions: tuple[ResolvedMention, ...]
    title_holders: tuple[tuple[int, str, ResolvedMention], ...]  # (end offset, title, person)
    sentence_at: dict[int, int]  # sentence start offset -> index in ctx.sentences


_cache: dict[int, tuple[DocContext, DocIndex]] = {}
# Bare titles that stand for the one person who holds them in the article.
_BARE_TITLES = ("总书记", "总统", "总理", "主席")


def doc_index(ctx: DocContext) -> DocIndex:
    """Build (once per document) the mention index used for coreference."""
    hit = _cache.get(id(ctx))
    if hit is not None and hit[0] is ctx:
        return hit[1]
    mentions = tuple(sorted({m for s in ctx.sentences for m in s.mentions}, key=lambda m: m.start))
    holders: list[tuple[int, str, ResolvedMention]] = []
    heads = sorted({*TITLE_HEADS, *_BARE_TITLES}, key=len, reverse=True)
    for m in mentions:
        if m.type != PERSON:
            continue
        suffix = m.surface[len(m.name) :] if m.surface.startswith(m.name) else ""
        after = suffix or ctx.text[m.end : m.end + 5]
        before = ctx.text[max(0, m.start - 5) : m.start]
        for head in heads:
            if after.startswith(head) or before.endswith(head):
                holders.append((m.end, head, m))
                break
    if len(_cache) > 8:
        _cache.clear()
    starts = {s.start: i for i, s in enumerate(ctx.sentences)}
    index = DocIndex(mentions, tuple(holders), starts)
    _cache[id(ctx)] = (ctx, index)
    return index


def antecedent_person(
    ctx: DocContext, pos: int, pronoun: str = "他"
) -> ResolvedMention | None:
    """The person a pronoun at document offset ``pos`` refers to: the last person before it who
    heads a clause (the subject, not 某某走进贫困户李明华家 's object), else the last person;
    None when the sentence before is about a titled person the recognizer could not name.
    For 她, a person already referred to as 他 is skipped."""
    candidates = [m for m in doc_index(ctx).mentions if m.end <= pos and m.type == PERSON
                  and pos - m.end <= PRONOUN_WINDOW
                  and not _CREDIT_BEFORE_RE.search(ctx.text, max(0, m.start - 4), m.start)]
    # a name that is also a place or body of the article is no person (塞罕坝); nor one inside
    # parentheses or quotes (a pronoun never points into them)
    other = {e.name for e in ctx.entities if e.type != PERSON}
    candidates = [m for m in candidates if m.name not in other
                  and not _enclosed(ctx.text, m.start, pos)]
    if pronoun == "她":
        male = _males(ctx, pos)
        candidates = [m for m in candidates if m.name not in male]
    titled = _bare_title_before(ctx, pos, candidates[-1].end if candidates else 0)
    if titled is not None:
        return titled  # 总书记来到…。他强调: the holder of the title written last
    if not candidates or _unnamed_subject_between(ctx, candidates[-1].end, pos):
        return None
    heads = [m for m in candidates if _heads_clause(ctx, m)]
    return heads[-1] if heads else candidates[-1]


def _enclosed(text: str, start: int, pos: int) -> bool:
    """Whether ``start`` lies inside parentheses or quotes opened and closed before ``pos``."""
    for opening, closing in (("（(", "）)"), (OPEN_QUOTES, CLOSE_QUOTES)):
        before = max(text.rfind(ch, 0, start) for ch in opening)
        if before >= 0 and max(text.rfind(ch, 0, start) for ch in closing) < before:
            after = min((i for ch in closing if (i := text.find(ch, start, pos)) >= 0),
                        default=-1)
            if after >= 0:
                return True
    return False


def _bare_title_before(ctx: DocContext, pos: int, after: int) -> ResolvedMention | None:
    """The holder of a bare title (总书记) heading a clause between ``after`` and ``pos``."""
    start = max(after, pos - PRONOUN_WINDOW)
    best: tuple[int, str] | None = None
    for title in _BARE_TITLES:
        at = ctx.text.rfind(title, start, pos)
        while at >= start and at > 0 and ctx.text[at - 1] not in CLAUSE_BREAKS:
            at = ctx.text.rfind(title, start, at)
        if at >= start and (best is None or at > best[0]):
            best = (at, title)
    if best is None or any(m.start <= best[0] < m.end for m in doc_index(ctx).mentions):
        return None
    return title_holder(ctx, best[1], best[0])


def _sentence_of(ctx: DocContext, pos: int) -> Sentence | None:
    return next((s for s in ctx.sentences if s.start <= pos < s.end), None)


def _heads_clause(ctx: DocContext, m: ResolvedMention) -> bool:
    """Whether a person mention is the subject of its clause (only names, titles or dates
    before it in the clause, and no verb or preposition governing it)."""
    sentence = _sentence_of(ctx, m.start)
    if sentence is None:
        return False
    local = [Local(x.start - sentence.start, x.end - sentence.start, x)
             for x in sentence.mentions]
    me = next((x for x in local if x.mention == m), None)
    if me is None:
        return False
    return is_subject_position(sentence.text, me) and clause_prefix_is_nominal(
        sentence.text, me.start, local)


def _males(ctx: DocContext, pos: int) -> set[str]:
    """People the text has called 他 (or 先生) before ``pos``."""
    out = {m.name for m in doc_index(ctx).mentions
           if m.type == PERSON and m.end < pos and ctx.text.startswith("先生", m.end)}
    for i in range(max(0, pos - 2 * PRONOUN_WINDOW), pos):  # only nearby people are candidates
        if ctx.text[i] == "他" and pronoun_at(ctx.text, i):
            found = antecedent_person(ctx, i)
            if found is not None:
                out.add(found.name)
    return out


def _unnamed_subject_between(ctx: DocContext, start: int, pos: int) -> bool:
    """Whether a sentence between ``start`` and ``pos`` opens with a title whose holder was
    not recognized (某州副州长某某代表州政府…。她说: 她 is that unnamed official)."""
    for sentence in ctx.sentences:
        if not (start <= sentence.start < pos) or sentence.end > pos:
            continue
        if any(m.type == PERSON for m in sentence.mentions):
            continue
        lead = sentence.start
        for m in sentence.mentions:  # skip the places and bodies the title belongs to
            if m.start == lead and m.type != PERSON:
                lead = m.end
        rest = ctx.text[lead : sentence.end]
        if any(is_title(rest[:k]) for k in range(2, 11)):
            return True
    return False


def pronoun_at(text: str, pos: int) -> bool:
    """Whether a third-person singular pronoun starts at ``pos`` (他, not 他们/其他)."""
    if pos >= len(text) or text[pos] not in PRONOUNS:
        return False
    nxt = text[pos + 1 : pos + 2]
    prev = text[pos - 1 : pos] if pos else ""
    return not (nxt and nxt in "们人的乡国") and not (prev and prev in "其吉利")


def title_holder(ctx: DocContext, title: str, pos: int) -> ResolvedMention | None:
    """The person last written with ``title`` before ``pos`` (总书记 → 习近平)."""
    best = None
    for end, head, person in doc_index(ctx).title_holders:
        if end > pos:
            break
        if head == title:
            best = person
    return best


def generic_body(ctx: DocContext, head: str, pos: int) -> ResolvedMention | None:
    """The body of kind ``head`` named last before ``pos`` (公司 → 江苏某某药业股份有限公司)."""
    best = None
    for m in doc_index(ctx).mentions:
        if m.end > pos:
            break
        near = pos - m.end <= GENERIC_BODY_WINDOW
        if near and m.type in (PLACE, ORGANIZATION) and m.name.endswith(head) and m.name != head:
            best = m
    return best


def entity_named(ctx: DocContext, name: str) -> tuple[str, str] | None:
    """(name, type) of the document entity with this canonical name or alias, if any."""
    for e in ctx.entities:
        if e.name == name or name in e.aliases:
            return e.name, e.type
    return None



def clause_prefix_is_nominal(text: str, start: int, mentions: list[Local]) -> bool:
    """True when only names, dates or a short adverbial precede ``start`` in its clause."""
    begin = clause_start(text, start)
    covered = set()
    for m in mentions:
        if m.start >= begin and m.end <= start:
            covered.update(range(m.start, m.end))
    rest = "".join(text[i] for i in range(begin, start) if i not in covered)
    rest = DATE_RE.sub("", rest)
    if "的" in rest:
        return False
    # stacked titles of the names (副书记、省长) are part of the subject
    parts = [p for p in re.split(r"[、 ]", rest.strip(" —-")) if p]
    return len("".join(parts)) <= 4 or all(is_title(p) or len(p) <= 2 for p in parts)


def find_actor(
    sentence: Sentence,
    ctx: DocContext,
    mentions: list[Local],
    verb_pos: int,
    *,
    floor: int = 0,
    types: tuple[str, ...] = ACTOR_TYPES,
    ignore_markers: bool = False,
) -> NodeRef | None:
    """The subject of the verb at local offset ``verb_pos``: the closest name, pronoun or bare
    title before it that stands in subject position; None when the sentence does not say."""
    text = sentence.text
    # the verb's own clause names another subject (…，邻居感动地说): no earlier clause's name
    own = text[clause_start(text, verb_pos) : verb_pos]
    cross_clause_ok = continues_subject(own)
    candidates: list[tuple[int, int, NodeRef | None, Local | None]] = []
    for m in mentions:
        organ = (organ_after(text, m.end, verb_pos)
                 if ORGANIZATION in types and m.type in (PLACE, ORGANIZATION) else None)
        if m.start >= floor and organ is not None:
            # 某省应急管理厅表示: the organ the recognizer missed, not its place, speaks
            name, end = name_before_organ(m, organ) + organ, m.end + len(organ)
            whole = ResolvedMention(m.start + sentence.start, end + sentence.start,
                                    ORGANIZATION, name, m.surface + organ)
            candidates.append((m.start, end, NodeRef(name, ORGANIZATION),
                               Local(m.start, end, whole)))
        elif m.start >= floor and m.end <= verb_pos and m.type in types:
            candidates.append((m.start, m.end, m.node(), m))
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for i in range(floor, verb_pos):
        if i in covered:
            continue
        if PERSON in types and pronoun_at(text, i):
            ante = antecedent_person(ctx, sentence.start + i, text[i])
            candidates.append((i, i + 1, NodeRef(ante.name, PERSON) if ante else None, None))
        for title in _BARE_TITLES:
            if PERSON in types and text.startswith(title, i) and i + len(title) <= verb_pos:
                # only a title heading its clause stands for its holder (not 越南总理)
                if i and text[i - 1] not in CLAUSE_BREAKS and text[i - 1] not in "还也又":
                    continue
                holder = title_holder(ctx, title, sentence.start + i)
                node = NodeRef(holder.name, PERSON) if holder else None
                candidates.append((i, i + len(title), node, None))
    for start, end, node, local in sorted(candidates, key=lambda c: -c[1]):
        if node is None:
            continue
        gap = text[end:verb_pos]
        if any(ch in SENTENCE_ENDS for ch in gap) or inside_quote(text, end, verb_pos):
            continue
        if local is not None and not ignore_markers and not is_subject_position(text, local):
            continue
        if local is not None and local.type != PERSON and (
            title_follows(text, end) or _UNNAMED_OFFICER_RE.match(gap)
        ):
            continue  # 某委员会主席指出 / 某市政府有关负责人表示: an unnamed officer spoke
        same_clause = not any(ch in CLAUSE_BREAKS for ch in gap)
        if (same_clause and "的" in gap and not _SPEECH_SETTING_RE.search(gap)
                and not _PREPOSITIONAL_GAP_RE.match(gap)):
            continue  # 由某某签署的命令说: the name sits in a clause describing the speaker
        if local is None and not ignore_markers and start and text[start - 1] in OBJECT_MARKERS:
            continue
        on_behalf = text[:start].endswith(_ON_BEHALF) and _acts_on_behalf(
            text, mentions, start - 2)  # not 驻阿盟代表某某 / 特别代表某某: a title
        if text.startswith(("消息", "讯"), end) and local is not None:
            continue  # 某网消息: the credit line names no speaker
        if on_behalf or (
            _INTERVIEW_BEFORE_RE.search(text, clause_start(text, start), start)
            and _INTERVIEW_RE.search(gap)
        ):
            continue  # 代表某某…表示 / 在接受某某采访时说: 某某 is not the speaker
        if any(ch in CLAUSE_BREAKS for ch in gap) and not (
            cross_clause_ok and clause_prefix_is_nominal(text, start, mentions)
        ):
            continue
        return node
    return None


def inside_quote(text: str, start: int, end: int) -> bool:
    """Whether a quote opens or closes between ``start`` and ``end``."""
    return any(ch in OPEN_QUOTES or ch in CLOSE_QUOTES for ch in text[start:end])


# What may follow a two-character personal name found again (说, 表示, 、, 的, 在 …).
_AFTER_SHORT_NAME = frozenset(
    "说表指强认介透坦告回笑称等和与及、的在是也还对曾已将就又都则向同给被把先女书总主副部"
)


# Shortest name that is looked up again where the recognizer missed it, per entity type.
_MIN_PROPAGATED = {PERSON: 2, ORGANIZATION: 3}


_TITLE_AFTER_NAME = ("总书记", "主席", "总理", "总统", "同志", "首相")


def _without_names_after_titles(ctx: DocContext) -> tuple[DocContext, set[str]]:
    sentences = []
    dropped: set[str] = set()
    for s in ctx.sentences:
        people = {m.end: m for m in s.mentions if m.type == PERSON}
        kept = tuple(
            m for m in s.mentions
            if not (m.type == PERSON and any(
                ctx.text.startswith(t, m.start - len(t)) and (m.start - len(t)) in people
                for t in _TITLE_AFTER_NAME))
        )
        dropped |= {m.name for m in s.mentions if m not in kept}
        sentences.append(dataclasses.replace(s, mentions=kept) if len(kept) != len(s.mentions)
                         else s)
    if not dropped:
        return ctx, dropped
    return dataclasses.replace(ctx, sentences=tuple(sentences)), dropped


def with_missed_mentions(ctx: DocContext) -> DocContext:
    """The context with every further occurrence of a recognized person or body added as a
    mention (the recognizer found 李德平 once; the facts may sit in a sentence where it did
    not).  Only names of entities already in the document are used: nothing is guessed.
    A "person" written right after another person's title (习近平总书记高度重…) is the start
    of the verb, not a name, and is dropped."""
    ctx, dropped = _without_names_after_titles(ctx)
    forms: dict[str, tuple[str, str]] = {}
    for e in ctx.entities:
        least = _MIN_PROPAGATED.get(e.type)
        if least is None or (e.type == PERSON and e.name in dropped):
            continue
        for form in (e.name, *e.aliases):
            # a person's bare title (总理) is no name: it may stand for anyone
            named = e.type != PERSON or form.startswith(e.name) or form.endswith(e.name)
            if len(form) >= least and named:
                forms.setdefault(form, (e.name, e.type))
    if not forms:
        return ctx
    pattern = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))
    sentences = []
    for s in ctx.sentences:
        taken = [(m.start, m.end) for m in s.mentions]
        extra = []
        for match in pattern.finditer(s.text):
            start, end = s.start + match.start(), s.start + match.end()
            if any(a < end and start < b for a, b in taken):
                continue
            name, kind = forms[match.group(0)]
            after = s.text[match.end() : match.end() + 1]
            if kind == PERSON and len(match.group(0)) == 2 and after and (
                is_cjk(after) and after not in _AFTER_SHORT_NAME
            ):
                continue  # a two-character name inside a word (高峰 in 返程高峰期)
            extra.append(ResolvedMention(start, end, kind, name, match.group(0)))
            taken.append((start, end))
        if extra:
            merged = tuple(sorted((*s.mentions, *extra), key=lambda m: m.start))
            s = dataclasses.replace(s, mentions=merged)
        sentences.append(s)
    return dataclasses.replace(ctx, sentences=tuple(sentences))


def coordinated(
    sentence: Sentence, mentions: list[Local], actor: NodeRef, verb_pos: int
) -> list[NodeRef]:
    """``actor`` and the people listed with it before the verb (李鹏和夫人朱琳会见… /
    习近平、李克强来到…): several subjects sharing one verb each get their own fact."""
    text = sentence.text
    people = [m for m in mentions if m.type == PERSON and m.end <= verb_pos]
    head = next((m for m in reversed(people) if m.name == actor.name), None)
    if head is None:
        return [actor]
    out = [actor]
    current = head
    for m in reversed([p for p in people if p.end <= head.start]):
        gap = _strip_mentions(text, m.end, current.start, mentions)
        joiner, rest = gap[:1], gap[1:]
        if joiner not in "、和及" or not joiner:
            break
        if rest and rest not in ("夫人", "先生") and not is_title(rest):
            break
        out.insert(0, m.node())
        current = m
    return out


def _strip_mentions(text: str, start: int, end: int, mentions: list[Local]) -> str:
    """The text between ``start`` and ``end`` without the mentions inside it."""
    covered = {i for m in mentions if start <= m.start and m.end <= end
               for i in range(m.start, m.end)}
    return "".join(text[i] for i in range(start, end) if i not in covered)
