"""Bodies named only partly: organs after places, bare titles, organ nouns, abbreviations."""

from __future__ import annotations

import pytest

from kg.extract.bodies import abbreviation_of, bare_title_body, generic_organ, place_of
from kg.extract.patterns import organ_after
from kg.records import NodeRef
from tests.unit.extract._doc import doc


@pytest.mark.parametrize(
    ("text", "start", "verb", "expected"),
    [
        ("湖西省民政厅紧急调拨帐篷", 3, "调拨", "民政厅"),
        ("湖西省消防救援总队派出救援队", 3, "派出", "消防救援总队"),
        ("东海市慈善总会向灾区捐赠", 3, "捐赠", "慈善总会"),
        ("东海红十字会总会当天启动响应，选派", 6, "选派", "总会"),
        # the words after the place are the recipient or a title, not a name
        ("东方集团向红十字会捐赠", 4, "捐赠", None),
        ("湖西省消防救援总队总队长韩冰派出", 3, "派出", None),
        ("湖西省各地应急管理局紧急调拨", 3, "调拨", None),
        ("湖西省积极调拨", 3, "调拨", None),
        # an event or a verb phrase after the place is no body
        ("赴青州参加民乐演唱会", 3, "。", None),
        ("赴青州参加青州市民乐协会", 3, "。", None),
    ],
)
def test_organ_after(text: str, start: int, verb: str, expected: str | None) -> None:
    limit = text.index(verb) if verb in text else len(text)
    assert organ_after(text, start, limit) == expected


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        (NodeRef("江南省委", "Organization"), "江南省"),
        (NodeRef("青州市人民政府", "Organization"), "青州市"),
        (NodeRef("江南省委常委会", "Organization"), "江南省"),
        (NodeRef("青州市", "Place"), "青州市"),
        (NodeRef("国务院", "Organization"), None),
    ],
)
def test_place_of(node: NodeRef, expected: str | None) -> None:
    found = place_of(node)
    assert (found.name if found else None) == expected


def test_bare_titles() -> None:
    ctx = doc("新华社北京电 青州市委召开会议。审判长白露说。", {
        "新华社": "Organization", "北京": ("Place", "北京市"), "青州市委": "Organization",
        "青州市中级人民法院": "Organization"})
    end = len(ctx.text)
    # a stacked neighbour's place for a place leader, its body otherwise
    neighbour = NodeRef("江南省委", "Organization")
    assert bare_title_body(ctx, "省长", end, neighbour) == (NodeRef("江南省", "Place"), 0.7)
    assert bare_title_body(ctx, "秘书长", end, neighbour) == (neighbour, 0.7)
    # the document's city, never the dateline's
    assert bare_title_body(ctx, "副市长", end, None) == (NodeRef("青州市", "Place"), 0.6)
    assert bare_title_body(ctx, "省长", end, None) is None
    assert bare_title_body(ctx, "审判长", end, None) is None  # no court named before


def test_generic_organ_and_abbreviation() -> None:
    ctx = doc("远东实业集团有限公司和机场管理局签约。", {
        "远东实业集团有限公司": "Organization", "机场管理局": "Organization"})
    assert generic_organ(ctx, "集团", len(ctx.text)) == NodeRef("远东实业集团有限公司",
                                                              "Organization")
    assert generic_organ(ctx, "医院", len(ctx.text)) is None
    assert abbreviation_of(ctx, "机管局") == NodeRef("机场管理局", "Organization")
    assert abbreviation_of(ctx, "机场局长") is None
