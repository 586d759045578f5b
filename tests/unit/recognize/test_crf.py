"""CRF tagger: features, chunking, tag decoding and mentions on hand-written sentences."""

from __future__ import annotations

import os

import pytest

from kg.recognize.crf import chunks, crf_mentions, model_path, model_paths, spans_from_tags
from kg.recognize.features import (
    char_class,
    is_org_word,
    place_lexicon,
    sentence_features,
    short_place_name,
)
from kg.records import Mention

# Hand-written sentences (not from any corpus) and mentions the model must find.
FOUND_CASES = [
    (
        "国务院总理李克强昨天在北京会见了法国总统马克龙。",
        {("李克强", "Person"), ("北京", "Place"), ("法国", "Place"), ("马克龙", "Person")},
    ),
    (
        "湖北省委书记王建国来到武汉市中心医院看望医务人员。",
        {("王建国", "Person"), ("湖北省委", "Organization"), ("武汉市中心医院", "Organization")},
    ),
    (
        "浙江省人民政府发布通知，要求各街道做好防控工作。",
        {("浙江省人民政府", "Organization")},
    ),
    (
        "记者张小明从中国人民银行获悉，今年一季度贷款增长较快。",
        {("张小明", "Person"), ("中国人民银行", "Organization")},
    ),
    (
        "陈立华说，广东省和四川省的救援队已经抵达灾区。",
        {("陈立华", "Person"), ("广东省", "Place"), ("四川省", "Place")},
    ),
    (
        "清华大学教授刘振东在上海出席了研讨会。",
        {("清华大学", "Organization"), ("刘振东", "Person"), ("上海", "Place")},
    ),
]

# Sentences without any named entity: the tagger must stay silent.
EMPTY_CASES = [
    "今天天气很好，我们一起去散步吧。",
    "大家要勤洗手、戴口罩、少聚集。",
    "",
    "   \n\n  ",
]


def _found(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in crf_mentions(text)}


@pytest.mark.parametrize(("text", "expected"), FOUND_CASES)
def test_finds_entities_in_own_sentences(text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= _found(text)


@pytest.mark.parametrize("text", EMPTY_CASES)
def test_no_entities_in_plain_sentences(text: str) -> None:
    assert crf_mentions(text) == []


def test_mentions_have_consistent_offsets_scores_and_source() -> None:
    text = "第一段：张伟在南京市工作。\n\n第二段：李娜代表中国红十字会发言。"
    mentions = crf_mentions(text)
    assert mentions, "expected some mentions"
    for m in mentions:
        assert isinstance(m, Mention)
        assert text[m.start : m.end] == m.text
        assert m.source == "crf"
        assert 0.0 < m.score <= 1.0
        assert m.type in ("Person", "Place", "Organization")
    assert ("李娜", "Person") in {(m.text, m.type) for m in mentions}
    assert all(m.start > text.index("\n") for m in mentions if m.text == "李娜")


def test_mentions_never_start_or_end_with_whitespace() -> None:
    text = "\u3000\u3000南京市鼓楼区人民政府发布公告。\n  张伟在南京市工作  \n"
    mentions = crf_mentions(text)
    assert mentions
    for m in mentions:
        assert m.text == m.text.strip() and m.text
        assert text[m.start : m.end] == m.text


def test_long_text_is_tagged_in_chunks() -> None:
    sentence = "市长刘建国在江苏省南京市考察了当地的企业，并与工人们亲切交谈，"
    text = sentence * 60 + "。"  # one very long "sentence" of ~1,900 characters
    pieces = list(chunks(text))
    # Clause-sized pieces that tile the text: the tagger's cost stays linear in its length.
    assert len(pieces) > 1 and all(len(p) <= 160 for _, p in pieces)
    assert "".join(p for _, p in pieces) == text
    assert all(text.startswith(p, offset) for offset, p in pieces)
    mentions = crf_mentions(text)
    people = [m for m in mentions if m.text == "刘建国"]
    assert len(people) == 60
    assert all(text[m.start : m.end] == "刘建国" for m in people)


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PER", "I-PER", "E-PER", "O"], [(0, 3, "PER")]),
        (["S-LOC", "S-LOC", "O"], [(0, 1, "LOC"), (1, 2, "LOC")]),
        (["B-LOC", "E-LOC", "B-LOC", "E-LOC"], [(0, 2, "LOC"), (2, 4, "LOC")]),
        (["O", "I-ORG", "E-ORG"], [(1, 3, "ORG")]),  # an I without B still opens a span
        (["B-PER", "I-LOC", "O"], [(0, 1, "PER"), (1, 2, "LOC")]),  # type change closes a span
        (["B-ORG", "I-ORG"], [(0, 2, "ORG")]),  # BIO input, span open at the end
        (["O", "O"], []),
    ],
)
def test_spans_from_tags(tags: list[str], expected: list[tuple[int, int, str]]) -> None:
    assert spans_from_tags(tags) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甲说。乙说！", ["甲说。", "乙说！"]),
        ("第一行\n第二行", ["第一行", "第二行"]),
        ("\n\n  \n", []),
        ("没有句号的一行", ["没有句号的一行"]),
    ],
)
def test_chunks_split_sentences_and_lines(text: str, expected: list[str]) -> None:
    pieces = list(chunks(text))
    assert [p for _, p in pieces] == expected
    assert all(text[o : o + len(p)] == p for o, p in pieces)


def test_chunks_cut_very_long_sentences_at_clauses() -> None:
    text = "，".join(["这是一个比较长的分句"] * 60) + "。"
    pieces = list(chunks(text))
    assert len(pieces) > 1
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 170 for _, p in pieces)


@pytest.mark.parametrize(
    ("char", "expected"),
    [("5", "D"), ("三", "N"), ("a", "L"), ("，", "P"), ("中", "C"), (" ", "S")],
)
def test_char_class(char: str, expected: str) -> None:
    assert char_class(char) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("湖北省", "湖北"), ("内蒙古自治区", "内蒙古"), ("武汉市", "武汉"), ("沙市", "沙市")],
)
def test_short_place_name(name: str, expected: str) -> None:
    assert short_place_name(name) == expected


def test_place_lexicon_has_full_and_short_names() -> None:
    lexicon = place_lexicon()
    assert {"湖北省", "湖北", "武汉市", "武汉"} <= lexicon


@pytest.mark.parametrize(
    ("text", "index", "feature"),
    [
        ("王小明来了", 0, "sur"),
        ("欧阳修", 0, "sur2"),
        ("书记王小明", 2, "cue-1"),
        ("武汉市很大", 0, "pl=B"),
        ("武汉市很大", 2, "pl=E"),
        ("市公安局", 3, "org=3"),
        ("他在北京", 3, "c-1=北"),
        ("他们去湖", 3, "pl=O"),  # a lexicon prefix cut off by the end of the text
        ("访问美国", 2, "wp=B"),
        ("访问美国", 3, "wp=E"),
        ("市公安局长", 0, "orgnext"),
        ("中美关系", 1, "abbr2"),
        ("访华", 1, "abbr"),
        ("他在北京大学读书", 1, "c+3=大"),
        ("他在北京大学读书", 3, "c-3=他"),
        ("他去教育局办事", 2, "word_org"),
        ("他去教育局办事", 2, "orgahead=2-3"),
        ("国家卫生健康委员会主任", 0, "orgahead=4-8"),
        ("他在北京工作", 2, "pw|w=在|北京"),
        ("他在北京工作", 3, "w|nw=北京|工作"),
        ("他在北京大学读书", 0, "c+4=大"),
        ("他在北京大学读书", 5, "c-4=在"),
        ("他在北京大学读书", 3, "c-1c0c+1=北京大"),
        ("他在北京大学读书", 3, "c-2c-1c0=在北京"),
        ("他在北京大学读书", 3, "c0c+1c+2=京大学"),
        ("记者王小明报道", 3, "name1nr"),
        ("记者王小明报道", 4, "name2E"),
    ],
)
def test_sentence_features(text: str, index: int, feature: str) -> None:
    features = sentence_features(text)
    assert len(features) == len(text)
    assert feature in features[index]


@pytest.mark.parametrize(
    ("text", "index", "feature"),
    [
        ("全社会要顾全大局", 2, "word_org"),  # 社会 is an ordinary word, not a body's suffix
        ("全社会要顾全大局", 7, "word_org"),
        ("全社会要顾全大局", 0, "orgahead=2-3"),
        ("这里，外交部", 0, "orgahead=4-8"),  # the look-ahead stops at punctuation
    ],
)
def test_sentence_features_absent(text: str, index: int, feature: str) -> None:
    assert feature not in sentence_features(text)[index]


@pytest.mark.parametrize(
    ("word", "pos", "expected"),
    [("外交部", "nt", True), ("教育局", "n", True), ("委员会", "n", True), ("大局", "n", False),
     ("全社会", "new", False), ("伦敦峰会", "new", False), ("工作", "vn", False)],
)
def test_is_org_word(word: str, pos: str, expected: bool) -> None:
    assert is_org_word(word, pos) is expected


def test_model_paths_override_lists_several_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_NER_MODEL", os.pathsep.join(["/x/a.crfsuite", "/x/b.crfsuite"]))
    assert [p.name for p in model_paths()] == ["a.crfsuite", "b.crfsuite"]
    assert model_path().name == "a.crfsuite"


def test_shipped_models_exist() -> None:
    names = ["ner_msra.crfsuite", "ner.crfsuite"]
    assert [p.name for p in model_paths()] == names
    assert all(p.is_file() for p in model_paths())


# Hand-written inputs where jieba-rs and jieba could part: digit/letter runs with hyphens and
# decimals, dictionary words mixing letters and characters, spaces, full-width digits.
CUT_CASES = [
    "本届2003-04赛季的比赛在北京举行。",
    "游戏更新到版本6.71B，玩家很多。",
    "他穿着T恤参加了rs-12m型导弹的发布会。",
    "价格在70-80美元之间 波动，涨幅5.5%。",
    "１９９８年１月，张三丰来到上海市。",
    "Hello World 与 中文 混排\t测试\r\n第二行",
]


@pytest.mark.parametrize("text", CUT_CASES)
def test_cut_matches_jieba(text: str) -> None:
    import jieba

    from kg.recognize.features import cut

    tokenizer = jieba.Tokenizer()
    assert cut(text) == list(tokenizer.cut(text, HMM=True))


@pytest.mark.parametrize(
    ("surface", "kind", "score", "kept"),
    [
        ("茅忠谨", "Person", 0.82, True),  # a surname and a given name: one model is enough
        ("武斌", "Person", 0.75, True),
        ("茅忠谨", "Person", 0.6, False),
        ("齐塞克", "Person", 0.82, False),  # transliteration characters: a foreign name cut short
        ("忠谨", "Person", 0.82, False),  # no known surname
        ("茅忠谨某某", "Person", 0.82, False),  # too long for a Chinese full name
        ("长沙", "Place", 0.82, False),  # other types keep the 0.9 bar
        ("长沙", "Place", 0.95, True),
    ],
)
def test_a_span_one_model_sees(surface: str, kind: str, score: float, kept: bool) -> None:
    from kg.recognize.crf import pool

    lone = Mention(0, len(surface), kind, surface, "crf", score)
    assert (pool([lone]) == [lone]) is kept
