"""kg.normalize: clean text and the clean→original offset map."""

from __future__ import annotations

import pathlib
import random
import re

import pytest

from kg.normalize import _PINYIN, SIMPLIFIED, TRADITIONAL, normalize, to_simplified


@pytest.mark.parametrize(
    ("original", "clean"),
    [
        # pinyin after characters goes, real parentheses stay
        ("發(fā)布會(huì)議", "发布会议"),
        ("負(fù)責(zé)人", "负责人"),
        ("的(de)時候", "的时候"),
        ("世界卫生组织(WHO)称", "世界卫生组织(WHO)称"),
        ("(记者 田冰)报道", "(记者 田冰)报道"),
        ("（新华社北京2月5日电）", "（新华社北京2月5日电）"),
        ("方案(a)和方案(b)", "方案(a)和方案(b)"),
        # traditional → simplified
        ("臺灣省長後來說", "台湾省长后来说"),
        # ASCII punctuation between Chinese, but not in numbers or English
        ("他说:好,我们走!对吗?是;", "他说：好，我们走！对吗？是；"),
        ("共1,000人,时间3:30", "共1,000人，时间3:30"),
        ("Hello, world: ok", "Hello, world: ok"),
        # full-width letters, digits and spaces
        ("２０２０年ＷＨＯ　报告", "2020年WHO 报告"),
        # repeated punctuation
        ("好，，好。。好，。好、。", "好，好。好。好。"),
        ("等等……——好", "等等……——好"),
        # whitespace and indentation
        ("　　第一段\n\n\n　　第二段  \n", "第一段\n第二段"),
        ("甲  乙\t\t丙", "甲 乙 丙"),
        ("a\r\nb\u200bc", "a\nbc"),
        ("第一行\r第二行\u2029第三行", "第一行\n第二行\n第三行"),
        # boilerplate lines
        ("正文一。\n关于我们 联系我们 网站地图 用户调查\n正文二。", "正文一。\n正文二。"),
        ("歡迎使用手機(jī)瀏覽\n正文。", "正文。"),
        ("正文。\n某某网 版权所有 京ICP备00000000号-1", "正文。"),
        ("正文。\nCopyright © 2020 Example. All rights reserved.", "正文。"),
        ("分享到：微信 微博\n正文。\n【责任编辑：张三】", "正文。"),
        ("首页 > 新闻中心 > 正文\n当前位置：首页 » 要闻\n正文。\n【字号 大 中 小】", "正文。"),
        ("他在会上分享到了经验，关于我们的工作。", "他在会上分享到了经验，关于我们的工作。"),
        ("该社对此书享有版权所有权。", "该社对此书享有版权所有权。"),
        ("选项(c)最好", "选项(c)最好"),
    ],
)
def test_clean_text(original: str, clean: str) -> None:
    assert normalize(original).text == clean


@pytest.mark.parametrize(
    ("original", "script"),
    [
        ("國務院總理會見外賓並舉行會談", TRADITIONAL),
        ("国务院总理会见外宾并举行会谈", SIMPLIFIED),
        ("新闻发布会后", SIMPLIFIED),
        ("", SIMPLIFIED),
    ],
)
def test_script(original: str, script: str) -> None:
    assert normalize(original).script == script


@pytest.mark.parametrize(
    ("original", "clean_word", "original_surface"),
    [
        ("習(xí)近平總書(shū)記主持會(huì)議", "习近平", "習(xí)近平"),
        ("習(xí)近平總書(shū)記主持會(huì)議", "总书记", "總書(shū)記"),
        ("　　２０２０年，武汉市", "2020年", "２０２０年"),
        ("　　２０２０年，武汉市", "武汉市", "武汉市"),
        ("好，，湖北省。。", "湖北省", "湖北省"),
        ("站点导航\n关于我们 联系我们\n\n　　湖北省武汉市", "武汉市", "武汉市"),
        ("發(fā)布", "发布", "發(fā)布"),
    ],
)
def test_to_original_returns_the_surface_as_written(
    original: str, clean_word: str, original_surface: str
) -> None:
    norm = normalize(original)
    start = norm.text.index(clean_word)
    s, e = norm.to_original(start, start + len(clean_word))
    assert original[s:e] == original_surface


def test_to_original_edges() -> None:
    norm = normalize("　　甲乙(yǐ)丙")
    assert norm.text == "甲乙丙"
    assert norm.to_original(0, 0) == (2, 2)
    assert norm.to_original(3, 3) == (len(norm.original), len(norm.original))
    assert norm.to_original(0, 3) == (2, len(norm.original))
    with pytest.raises(ValueError):
        norm.to_original(2, 9)


def test_length_stays_aligned_when_t2s_is_one_to_one() -> None:
    text = "乾隆年間，後來著名的臺灣學者於此發表了關於歷史的著作。"
    assert len(to_simplified(text)) == len(text)


_CJK_RUN = re.compile("[\u4e00-\u9fff]+")


def _dev_articles(shared: pathlib.Path) -> list[pathlib.Path]:
    paths = sorted(shared.glob("corpus*/*.txt"))
    assert paths
    return paths


def test_dev_articles_map_back_exactly(shared: pathlib.Path) -> None:
    """For every word and many random Chinese spans: t2s(original without pinyin) == clean."""
    import jieba

    rng = random.Random(20200205)
    for path in _dev_articles(shared):
        original = path.read_text(encoding="utf-8")
        norm = normalize(original)
        spans: list[tuple[int, int]] = []
        pos = 0
        for word in jieba.cut(norm.text):
            if _CJK_RUN.fullmatch(word):
                spans.append((pos, pos + len(word)))
            pos += len(word)
        for run in _CJK_RUN.finditer(norm.text):
            for _ in range(3):
                s = rng.randrange(run.start(), run.end())
                spans.append((s, rng.randrange(s + 1, run.end() + 1)))
        assert len(spans) > 100
        for s, e in spans:
            os_, oe = norm.to_original(s, e)
            surface = _PINYIN.sub("", original[os_:oe])
            assert to_simplified(surface) == norm.text[s:e], (path.name, s, e, original[os_:oe])


def test_dev_articles_lose_only_markup(shared: pathlib.Path) -> None:
    """Cleaning keeps the Chinese characters of the body: nothing but chrome disappears."""
    for path in _dev_articles(shared):
        original = path.read_text(encoding="utf-8")
        norm = normalize(original)
        assert len(norm.text) > 0.45 * len(original)
        assert _PINYIN.search(norm.text) is None, path.name
        assert not re.search(r"[，。]{2}|\n\n|^ |　", norm.text, re.MULTILINE), path.name


class _LengthChangingConverter:
    """A stand-in t2s whose phrase table maps 乾隆 to three characters."""

    def convert(self, text: str) -> str:
        return text.replace("乾隆", "乾隆帝").replace("發", "发")


def test_length_changing_conversion_falls_back_per_character(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kg.normalize as module

    monkeypatch.setattr(module, "_t2s", _LengthChangingConverter)
    assert module.to_simplified("乾隆發\n發布") == "乾隆发\n发布"
    norm = module.normalize("乾隆發布")
    assert norm.text == "乾隆发布"
    assert norm.to_original(2, 4) == (2, 4)
