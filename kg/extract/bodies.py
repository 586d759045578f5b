"""The bodies that titles and actors name only partly, completed from the sentence or document.

* ``江西省`` + ``应急管理厅紧急调拨…``: an organ the recognizer missed, written right after a
  place or body, is the actor (:func:`organ_after`), never the place alone;
* ``省长贺家树`` / ``副市长孙某``: a place leader's title without a place is the document's place
  of that level (:func:`level_place`); ``审判长周某`` the court named before;
* ``四川省委副书记、省长某某``: a bare title stacked after another takes that title's body or,
  for a place leader, its place (:func:`bare_title_body`);
* ``集团董事长某某`` / ``集团还向…捐赠``: a bare organ noun is the body named before that
  contains it (:func:`generic_organ`), else nothing;
* ``常委会主任甲主持，副主任乙出席``: a deputy takes the body of the same post written before
  (:func:`same_post_before`); ``某市委常委、组织部部长``: the department is that committee's
  (:func:`committee_department`); ``某特区政府经济财政司司长``: the post is the government's
  (:func:`secretariat_post`).
"""

from __future__ import annotations

import re

from kg.extract.coref import doc_index, entity_named
from kg.extract.patterns import ORGAN_SUFFIXES, PLAIN_TITLE_RE, Local, title_head
from kg.recognize.org_extensions import CELL_TITLES, PARTY_CELLS
from kg.records import ORGANIZATION, PLACE, DocContext, NodeRef

# Nouns that name a kind of body, not one body: alone they stand for the one named before.
GENERIC_ORGAN_NOUNS = (
    "集团", "公司", "企业", "医院", "学校", "大学", "协会", "商会", "基金会", "总会", "银行",
    "法院", "检察院", "合作社", "委员会", "研究院", "研究所", "领导小组", "小组", "工作组",
    "指挥部", "代表团", "常委会",
)
# A place leader: 省长, 副市长, 常务副县长, 州长 → the place of that level.
_PLACE_LEADER_RE = re.compile(r"^(?:常务副|副|代)?([省市县区州镇乡村])长$")
# A title of a party committee or government named by its level (市委书记, 县政府秘书长).
_LEVEL_ORGAN_RE = re.compile(r"^([省市县区州])(委|政府|纪委)")
# Bare titles of a kind of body (审判长 → the court named before).
_TITLE_ORGANS = (
    (("审判长", "审判员", "庭长", "法官"), "法院"),
    (("检察长", "检察官"), "检察院"),
    (("董事长", "总经理", "总裁"), "公司"),
)
# Organs written after a place in the name of its party committee or government (湖南省委).
_PLACE_ORGAN_RE = re.compile(r"^(\S{1,10}?[省市县区州镇乡村])(?:委|人民政府|政府|人大|政协|纪委)")
# A mention inside a dateline (北京2017年6月8日电) places the agency, not the story.
_DATELINE_AFTER_RE = re.compile(
    r"^(?:\d{4}|[〇零一二三四五六七八九]{4})年|^\d{1,2}月\d{1,2}日[电讯]|^[电讯]"
)


def place_of(node: NodeRef) -> NodeRef | None:
    """The place a body belongs to (四川省委 → 四川省), or the place itself."""
    if node.type == PLACE:
        return node
    match = _PLACE_ORGAN_RE.match(node.name)
    return NodeRef(match.group(1), PLACE) if match else None


# Heads of posts in a state's government, never in a party (总理, 外长, 部长).
_STATE_HEADS = frozenset({"总理", "总统", "首相", "外长", "防长", "财长", "部长", "大臣"})


def _state_post(title: str) -> bool:
    return title.lstrip("前").startswith("政府") or title_head(title) in _STATE_HEADS


def _country_of(ctx: DocContext, party: NodeRef) -> NodeRef | None:
    """The place a party's name starts with (东山国工党 → 东山国), if the article names it."""
    places = [e.name for e in ctx.entities if e.type == PLACE and len(e.name) < len(party.name)]
    found = max((n for n in places if party.name.startswith(n)), key=len, default=None)
    return NodeRef(found, PLACE) if found is not None else None


def level_place(ctx: DocContext, level: str, pos: int) -> NodeRef | None:
    """The place of administrative ``level`` (省, 市, 县…) last named before document offset
    ``pos``, directly or as the place of its party committee or government."""
    best = None
    for m in doc_index(ctx).mentions:
        if m.end > pos:
            break
        if _DATELINE_AFTER_RE.match(ctx.text[m.end : m.end + 12]):
            continue
        place = place_of(NodeRef(m.name, m.type)) if m.type in (PLACE, ORGANIZATION) else None
        if place is not None and place.name.endswith(level) and len(place.name) > 2:
            best = place
    return best


def generic_organ(ctx: DocContext, noun: str, pos: int) -> NodeRef | None:
    """The body containing ``noun`` (集团, 法院…) last named before document offset ``pos``."""
    best = None
    for m in doc_index(ctx).mentions:
        if m.end > pos:
            break
        if m.type == ORGANIZATION and noun in (m.name + m.surface) and m.name != noun:
            best = NodeRef(m.name, ORGANIZATION)
    return best


def bare_title_body(
    ctx: DocContext, title: str, pos: int, neighbour: NodeRef | None
) -> tuple[NodeRef, float] | None:
    """The body of a title written without one, at document offset ``pos``: a stacked
    ``neighbour`` title's body (or its place, for a place leader), the document's place of the
    leader's level, or the body of the kind the title belongs to (审判长 → 法院)."""
    leader = _PLACE_LEADER_RE.match(title)
    if leader:
        level = leader.group(1)
        near = place_of(neighbour) if neighbour is not None else None
        if near is not None and near.name.endswith(level):
            return near, 0.7
        found = level_place(ctx, level, pos)
        return (found, 0.6) if found is not None else None
    organ = title[: len(title) - len(title_head(title))].rstrip("副常务代理")
    if neighbour is not None and organ.endswith(ORGAN_SUFFIXES) and len(organ) <= 3:
        place = place_of(neighbour)  # 某区纪委书记、监委主任 → 某区监委
        if place is not None and not neighbour.name.endswith(organ):
            return NodeRef(place.name + organ, ORGANIZATION), 0.6
    if neighbour is not None and neighbour.name.endswith("党") and _state_post(title):
        # 某国工党前主席、前政府副总理兼外长: the state posts are the country's, not the party's
        country = _country_of(ctx, neighbour)
        return (country, 0.6) if country is not None else None
    if neighbour is not None:
        # 党组书记、局长: both of the body written first, or of the body whose party group
        # that is (某委员会党组书记、委员长 → the committee)
        return _body_of_party_cell(ctx, neighbour, title) or neighbour, 0.7
    committee = _LEVEL_ORGAN_RE.match(title)
    if committee and (place := level_place(ctx, committee.group(1), pos)) is not None:
        organ = "人民政府" if committee.group(2) == "政府" else committee.group(2)
        return NodeRef(place.name + organ, ORGANIZATION), 0.55  # 市委书记 → 某市委
    head = title_head(title)
    for heads, organ in _TITLE_ORGANS:
        if head in heads and (found := generic_organ(ctx, organ, pos)) is not None:
            return found, 0.55
    return None


def abbreviation_of(ctx: DocContext, word: str) -> NodeRef | None:
    """The organization whose name ``word`` abbreviates (医管局 → 医院管理局): same first and
    last character, the others in order."""
    if len(word) < 2:
        return None
    for e in ctx.entities:
        name = e.name
        if e.type != ORGANIZATION or len(name) <= len(word) or name[0] != word[0]:
            continue
        if name[-1] != word[-1]:
            continue
        it = iter(name)
        if all(ch in it for ch in word):
            return NodeRef(name, ORGANIZATION)
    return None


def same_post_before(
    text: str, mentions: list[Local], title: str, pos: int
) -> tuple[NodeRef, float] | None:
    """常委会主任甲主持会议，副主任乙、丙出席: a deputy's title (ending at ``pos`` of the sentence
    ``text``) that opens a clause takes the body of the same post written before it in the
    sentence (the body right before the head, nothing between)."""
    head = title_head(title)
    opens = pos - len(title)
    if title == head or not PLAIN_TITLE_RE.match(title) or (
            opens > 0 and text[opens - 1] not in "，,；;"):
        return None  # a head alone (主任乙), or a title inside a list (总统甲、副总理乙)
    for body in sorted((m for m in mentions if m.end <= opens and m.type == ORGANIZATION),
                       key=lambda m: -m.end):
        written = next((text[body.end : body.end + k] for k in range(len(head), 8)
                        if text[body.end : body.end + k].endswith(head)), None)
        if written is not None and PLAIN_TITLE_RE.match(written):
            return body.node(), 0.55
    return None


# Departments that every party committee has, named by the committee they belong to.
_PARTY_DEPARTMENTS = frozenset({"组织部", "宣传部", "统战部", "政法委", "办公厅", "政策研究室"})


def committee_department(body: NodeRef, left: NodeRef | None) -> NodeRef:
    """长沙市委常委、组织部部长: a party department alone, stacked after a title of a committee
    (``left``), is that committee's (长沙市委组织部); any other body stays."""
    if body.name in _PARTY_DEPARTMENTS and left is not None and left.name.endswith("委"):
        return NodeRef(left.name + body.name, ORGANIZATION)
    return body


# A secretariat of a government written as one body with it (澳门特区政府经济财政司 + 司长):
# the post is the government's, named with its secretariat (经济财政司司长, as 政务司司长).
_SECRETARIAT_RE = re.compile(r"^(\S+政府)(\S{2,6}司)$")


def secretariat_post(
    ctx: DocContext, body: str, title: str
) -> tuple[NodeRef, str, float] | None:
    """(government, 经济财政司司长, confidence) for 司长 after 某特区政府经济财政司, else None."""
    office = _SECRETARIAT_RE.match(body)
    if office is None or not title.endswith("司长"):
        return None
    government = office.group(1)
    node = NodeRef(*(entity_named(ctx, government) or (government, ORGANIZATION)))
    return node, office.group(2) + title, 0.8




def _body_of_party_cell(ctx: DocContext, cell_body: NodeRef, title: str) -> NodeRef | None:
    """全国人大常委会党组书记、委员长: 委员长 is a post of the standing committee, not of its
    party group. The body whose party cell ``cell_body`` is, when the title is not one of the
    cell's own and the document has that body as an entity."""
    post = title.lstrip("副常务")
    if cell_body.type != ORGANIZATION or post in CELL_TITLES or post.startswith(PARTY_CELLS):
        return None
    cell = next((c for c in PARTY_CELLS if cell_body.name.endswith(c)), None)
    if cell is None:
        return None
    found = entity_named(ctx, cell_body.name[: -len(cell)])
    return NodeRef(*found) if found is not None and found[1] == ORGANIZATION else None
