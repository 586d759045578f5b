"""The bare 党 of the Chinese press is the Communist Party of China, and only where it stands
as its own word."""

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
    assert len(orgs) == 1 and "党" in orgs[0].aliases and len(orgs[0].mentions) == 3
