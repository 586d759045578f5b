"""Organizations the press names by convention: the bare 党 (the Communist Party of China, only
where it stands as its own word) and international bodies by their full names."""

from __future__ import annotations

import pytest

from kg.recognize import recognize
from kg.recognize.party import party_mentions
from kg.resolve import resolve


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("始终坚持党的全面领导。", ["党"]),
        ("全党同志要牢记初心。", ["党"]),
        ("这是我党的优良传统。", ["党"]),
        ("党和国家事业取得新成就。", ["党"]),
        ("党和人民的信任。", ["党"]),
        # 党 ending another word, or some other party, is not the Party.
        ("民进党的候选人落选。", []),
        ("执政党的责任重大。", []),
        ("英国工党的政策。", []),
        ("两党的关系有所改善。", []),
        ("该党的主席辞职。", []),
        ("入党的誓言。", []),
        # The Party's own bodies are organizations of their own, not a bare 党.
        ("党中央高度重视。", []),
        ("党员干部冲在前面。", []),
        ("社区党委书记说。", []),
    ],
)
def test_bare_party(text: str, expected: list[str]) -> None:
    assert [m.text for m in party_mentions(text)] == expected


def test_bare_party_resolves_to_its_full_name_with_the_alias() -> None:
    text = "坚持党的领导。中国共产党成立一百年来，全党团结奋斗。"
    entities, _ = resolve(text, recognize(text))
    orgs = [e for e in entities if e.name == "中国共产党"]
    assert len(orgs) == 1 and "党" in orgs[0].aliases
    # 中国共产党 names the party; the two bare 党 refer to it (kept apart, as references)
    assert orgs[0].mentions == [(7, 12)] and orgs[0].references == [(2, 3), (20, 21)]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("世界知识产权组织总干事来华访问。", "世界知识产权组织"),
        ("伊斯兰合作组织秘书长表示欢迎。", "伊斯兰合作组织"),
        ("安理会通过了决议。", "联合国安全理事会"),
        ("教科文组织将其列入名录。", "联合国教科文组织"),
        ("中非合作论坛部长级会议开幕。", "中非合作论坛"),
    ],
)
def test_international_bodies_take_their_full_names(text: str, canonical: str) -> None:
    entities, _ = resolve(text, recognize(text))
    assert canonical in {e.name for e in entities if e.type == "Organization"}
