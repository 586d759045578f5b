"""Per-character features for the CRF entity tagger.

The same function serves training (``scripts/train_ner.py``) and tagging (``kg.recognize.crf``),
so a model always sees features computed exactly as during its training.

Features of a character (strings; pycrfsuite treats each as a binary attribute):

* characters in a ±2 window, the bigrams around it and the character class of the neighbours;
* its position (B/M/E/S) in the jieba word that holds it, that word's part of speech and the
  words/POS on either side. A *private* jieba tokenizer is used so that words other components
  add to jieba's global dictionary cannot shift the features away from what the model learned;
  words that jieba's HMM discovers (not in the dictionary) get the POS ``new`` - they are often
  names. The slow POS-HMM of ``jieba.posseg`` is not run: a dictionary lookup is enough;
* lexicon cues that generalize to any text: common surnames, place-suffix characters,
  organization-suffix words and membership in the cpca administrative-division table.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import pathlib
import re
import unicodedata
from collections.abc import Iterable, Sequence

import jieba

from kg import dictionary

try:  # jieba-rs: the same dictionary and HMM, about ten times faster
    import rjieba
except ImportError:  # pragma: no cover - jieba alone gives the same words
    rjieba = None

jieba.setLogLevel(60)


def _word_set(words: str) -> frozenset[str]:
    """A set from a whitespace-separated word list (keeps the long lists readable)."""
    return frozenset(words.split())


# The ~300 most common Chinese surnames (general knowledge, not tuned to any corpus).
SINGLE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
COMPOUND_SURNAMES = _word_set(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闻人 澹台 "
    "公冶 太叔 申屠 端木 独孤 南宫 西门 百里 呼延 东郭 万俟 濮阳 淳于 单于 赫连 第五"
)
# Countries, continents and world regions (general knowledge; Chinese standard names).
WORLD_PLACES = _word_set(
    "中国 中华人民共和国 美国 美利坚合众国 英国 法国 德国 意大利 西班牙 葡萄牙 荷兰 比利时 卢森堡 "
    "瑞士 奥地利 瑞典 挪威 丹麦 芬兰 冰岛 爱尔兰 希腊 土耳其 塞浦路斯 马耳他 波兰 捷克 斯洛伐克 "
    "匈牙利 罗马尼亚 保加利亚 塞尔维亚 克罗地亚 斯洛文尼亚 波黑 黑山 北马其顿 马其顿 阿尔巴尼亚 "
    "俄罗斯 俄罗斯联邦 乌克兰 白俄罗斯 摩尔多瓦 立陶宛 拉脱维亚 爱沙尼亚 格鲁吉亚 亚美尼亚 "
    "阿塞拜疆 哈萨克斯坦 乌兹别克斯坦 吉尔吉斯斯坦 塔吉克斯坦 土库曼斯坦 蒙古 蒙古国 日本 韩国 "
    "朝鲜 越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡 印度尼西亚 印尼 菲律宾 文莱 东帝汶 印度 "
    "巴基斯坦 孟加拉国 孟加拉 斯里兰卡 尼泊尔 不丹 马尔代夫 阿富汗 伊朗 伊拉克 叙利亚 黎巴嫩 "
    "约旦 以色列 巴勒斯坦 沙特阿拉伯 沙特 也门 阿曼 阿联酋 阿拉伯联合酋长国 卡塔尔 巴林 科威特 "
    "埃及 利比亚 突尼斯 阿尔及利亚 摩洛哥 苏丹 南苏丹 埃塞俄比亚 厄立特里亚 吉布提 索马里 肯尼亚 "
    "乌干达 坦桑尼亚 卢旺达 布隆迪 刚果 刚果（金） 刚果（布） 加蓬 喀麦隆 尼日利亚 尼日尔 乍得 "
    "马里 塞内加尔 冈比亚 几内亚 几内亚比绍 塞拉利昂 利比里亚 科特迪瓦 加纳 多哥 贝宁 布基纳法索 "
    "毛里塔尼亚 安哥拉 赞比亚 津巴布韦 莫桑比克 马拉维 纳米比亚 博茨瓦纳 南非 莱索托 斯威士兰 "
    "马达加斯加 毛里求斯 塞舌尔 科摩罗 佛得角 赤道几内亚 中非 加拿大 墨西哥 古巴 牙买加 海地 "
    "多米尼加 危地马拉 洪都拉斯 萨尔瓦多 尼加拉瓜 哥斯达黎加 巴拿马 哥伦比亚 委内瑞拉 厄瓜多尔 "
    "秘鲁 玻利维亚 巴西 智利 阿根廷 乌拉圭 巴拉圭 圭亚那 苏里南 澳大利亚 新西兰 巴布亚新几内亚 "
    "斐济 萨摩亚 汤加 瓦努阿图 所罗门群岛 基里巴斯 梵蒂冈 摩纳哥 列支敦士登 安道尔 圣马力诺 "
    "苏联 南斯拉夫 捷克斯洛伐克 亚洲 欧洲 非洲 美洲 北美洲 南美洲 拉丁美洲 拉美 大洋洲 南极洲 "
    "北美 南美 东亚 东南亚 南亚 中亚 西亚 中东 近东 远东 东欧 西欧 北欧 南欧 中欧 北非 西非 东非 "
    "南部非洲 加勒比 太平洋 大西洋 印度洋 北冰洋 地中海 巴尔干 高加索 中东欧 亚太"
)
# One-character country/region abbreviations used in pairs and lists (中美, 中日韩, 访华).
COUNTRY_ABBREVIATIONS = frozenset(
    "中华美日韩朝俄苏英法德意西葡荷比瑞奥希土印巴伊以埃叙黎约沙越泰缅老柬菲新马澳加墨古欧亚非拉"
)
# Last characters of place names (administrative and geographic).
PLACE_SUFFIX_CHARS = frozenset("省市县区镇乡村州旗盟国岛洲湾港河江湖山峡屯寨庄街道里巷坊营堡")
# Multi-character place suffixes worth a feature of their own.
PLACE_SUFFIX_WORDS = _word_set(
    "自治区 自治州 自治县 自治旗 特别行政区 地区 街道 社区 新区 开发区 高新区 林区 矿区 "
    "大街 胡同 小区"
)
# Last words of organization names.
ORG_SUFFIX_WORDS = _word_set(
    "委员会 常委会 委 办 局 部 厅 署 院 所 处 会 社 台 报 团 队 军 校 庭 司 行 店 厂 站 馆 中心 "
    "医院 大学 学院 中学 小学 公司 集团 银行 协会 学会 基金会 研究院 研究所 研究会 联合会 委员会 "
    "政府 法院 检察院 公安局 纪委 监委 党委 党组 人大 政协 国务院 办公室 领导小组 指挥部 总局 "
    "电视台 通讯社 报社 出版社 日报 联盟 组织 俱乐部 合作社 工会 妇联 共青团 红十字会 事务所 "
    "有限公司 股份公司 分公司 分行 支行 总部 舰队 军区 部队 大队 中队 支队"
)
# Words that often stand right before a person's name (titles, roles).
PERSON_CUE_WORDS = _word_set(
    "书记 主席 总理 总统 部长 省长 市长 县长 区长 主任 局长 院长 校长 司长 厅长 处长 科长 "
    "委员 代表 记者 通讯员 编辑 教授 博士 先生 女士 同志 总书记 副总理 国务委员 大使 首相 "
    "董事长 总经理 经理 队长 村支书 支书 医生 护士 老师 警官 主持人 发言人 专家"
)

_SPEECH_VERBS = ("说", "表示", "指出", "强调", "认为", "介绍", "称")


def cpca_table_path() -> pathlib.Path | None:
    """Where cpca's adcodes.csv lives, found without importing cpca (which imports pandas)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = pathlib.Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    return path if path.is_file() else None


_ADMIN_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "新区",
    "林区",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
)


def short_place_name(name: str) -> str:
    """``湖北省`` -> ``湖北``; names whose stem would be a single character stay whole."""
    for suffix in _ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@functools.lru_cache(maxsize=1)
def place_lexicon() -> frozenset[str]:
    """Administrative division names from cpca, in full and short form (湖北省, 湖北)."""
    path = cpca_table_path()
    if path is None:
        return frozenset()
    names: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = (row.get("name") or "").strip()
            if len(name) >= 2:
                names.add(name)
                names.add(short_place_name(name))
    names.update(("中国", "中华人民共和国", "香港", "澳门", "台湾"))
    return frozenset(n for n in names if len(n) >= 2)


@functools.lru_cache(maxsize=1)
def _tokenizer() -> tuple[jieba.Tokenizer, dict[str, str]]:
    """kg's private jieba tokenizer plus its word -> POS table (shared, see ``kg.dictionary``)."""
    return dictionary.tokenizer(), dictionary.pos_tags()


@functools.lru_cache(maxsize=8192)
def char_class(char: str) -> str:
    """D digit, N Chinese numeral, L latin, S space, P punctuation, C CJK, O other."""
    if char.isdigit():
        return "D"
    if char in "零一二三四五六七八九十百千万亿两〇":
        return "N"
    if char.isascii() and char.isalpha():
        return "L"
    if char.isspace():
        return "S"
    category = unicodedata.category(char)
    if category.startswith("P") or category.startswith("S"):
        return "P"
    if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
        return "C"
    if category.startswith("L"):
        return "L"
    return "O"


# jieba's HMM step (jieba.finalseg) cuts a run of non-Chinese characters it was handed into
# letter/digit pieces (2003-04 -> 2003 - 04, 6.71B -> 6.71 B); jieba-rs keeps the run whole.
_HAN_WORD = re.compile("[\u4e00-\u9fd5]+")
_FINALSEG_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


def cut(text: str) -> list[str]:
    """jieba's words of ``text`` (default dictionary, HMM on), word for word as
    ``jieba.Tokenizer().cut(text, HMM=True)``; computed by rjieba when it is installed."""
    tokenizer, _ = _tokenizer()
    if rjieba is None:
        return list(tokenizer.cut(text, HMM=True))
    freq = tokenizer.FREQ
    words: list[str] = []
    for word in rjieba.cut(text, True):
        if len(word) > 1 and word not in freq and not _HAN_WORD.fullmatch(word):
            words.extend(piece for piece in _FINALSEG_SKIP.split(word) if piece)
        else:
            words.append(word)
    return words


# The CRFs' features and the neural tagger's inputs read the same pieces: with both taggers
# (kg.recognize.ensemble) a piece is cut and scanned once; repeated lines (bylines, boilerplate)
# gain too. Pieces are sentence-sized, so the caches stay small.
_PIECE_CACHE = 2048


@functools.lru_cache(maxsize=_PIECE_CACHE)
def _words(text: str) -> tuple[tuple[str, str], ...]:
    """jieba words with a dictionary POS, ``new`` for HMM-discovered words."""
    _, pos_table = _tokenizer()
    out = []
    for word in cut(text):
        pos = pos_table.get(word)
        if pos is None:
            pos = "new" if len(word) > 1 and char_class(word[0]) == "C" else "x"
        out.append((word, pos))
    return tuple(out)


class _Lexicon:
    """A word set indexed by first and last character, so that a scan only tries the lengths
    that exist for the character at hand (the tagger's hot path)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        by_first: dict[str, set[int]] = {}
        by_last: dict[str, set[int]] = {}
        for word in self.words:
            by_first.setdefault(word[0], set()).add(len(word))
            by_last.setdefault(word[-1], set()).add(len(word))
        self.by_first = {c: sorted(lengths, reverse=True) for c, lengths in by_first.items()}
        self.by_last = {c: sorted(lengths, reverse=True) for c, lengths in by_last.items()}

    def longest_from(self, text: str, i: int, min_len: int = 1) -> int:
        """Length of the longest word starting at ``i`` (0: none)."""
        room = len(text) - i
        for length in self.by_first.get(text[i], ()):
            if min_len <= length <= room and text[i : i + length] in self.words:
                return length
        return 0

    def longest_ending(self, text: str, i: int) -> int:
        """Length of the longest word ending at ``i`` (0: none)."""
        for length in self.by_last.get(text[i], ()):
            if length <= i + 1 and text[i - length + 1 : i + 1] in self.words:
                return length
        return 0


@functools.lru_cache(maxsize=8)
def _indexed(name: str) -> _Lexicon:
    sources = {
        "place": place_lexicon,
        "world": lambda: WORLD_PLACES,
        "org": lambda: ORG_SUFFIX_WORDS,
        "place_word": lambda: PLACE_SUFFIX_WORDS,
        "cue": lambda: PERSON_CUE_WORDS,
    }
    return _Lexicon(sources[name]())


@functools.lru_cache(maxsize=_PIECE_CACHE)
def org_suffix_ends(text: str) -> tuple[int, ...]:
    """Per character, the length of the longest organization-suffix word ending there (0: none);
    the CRFs' features and the neural tagger's inputs both read it."""
    org = _indexed("org")
    return tuple(org.longest_ending(text, i) for i in range(len(text)))


@functools.lru_cache(maxsize=_PIECE_CACHE)
def _lexicon_positions(text: str, lexicon: _Lexicon) -> tuple[str, ...]:
    """B/I/E tags of the longest matches of 2+ characters, scanned left to right."""
    tags = [""] * len(text)
    i = 0
    n = len(text)
    while i < n:
        match = lexicon.longest_from(text, i, min_len=2)
        if match:
            tags[i] = "B"
            for k in range(i + 1, i + match - 1):
                tags[k] = "I"
            tags[i + match - 1] = "E"
            i += match
        else:
            i += 1
    return tuple(tags)


_ORG_LOOKAHEAD = 8
# Features added after the main model was trained: the PD-only model uses them, the main model
# was trained without them (a model ignores attributes it has not seen).
EXTENDED_FEATURE_PREFIXES = ("c-3=", "c+3=", "pw|w=", "w|nw=", "word_org", "orgahead=")
# Features of the models trained on MSRA + PD1998 (wider windows, name-shape cues); older models
# never saw them and so ignore them. ``scripts/train_ner.py --drop`` ablates any prefix.
WIDE_FEATURE_PREFIXES = ("c-4=", "c+4=", "c-1c0c+1=", "c-2c-1c0=", "c0c+1c+2=", "name")


def base_features(features: list[list[str]]) -> list[list[str]]:
    """``features`` without the extended ones (what the main model was trained on)."""
    return [[f for f in feats if not f.startswith(EXTENDED_FEATURE_PREFIXES)] for feats in features]


@functools.lru_cache(maxsize=65536)  # words recur: most calls are lookups
def is_org_word(word: str, pos: str) -> bool:
    """Whether a jieba word names or ends a body: tagged ``nt``, ending with a suffix word of 2+
    characters (委员会), or 3+ characters ending with a one-character suffix (教育局, 外交部) whose
    last two characters are not an ordinary word of their own (全社会, 伦敦峰会, 顾全大局)."""
    if pos == "nt":
        return True
    suffix = _indexed("org").longest_ending(word, len(word) - 1)
    if suffix >= 2:
        return True
    if suffix == 1 and len(word) >= 3:
        tail = word[-2:]
        return tail not in _tokenizer()[1] or tail in ORG_SUFFIX_WORDS
    return False


def _org_suffix_ahead(
    text: str,
    classes: Sequence[str],
    org_ends: Sequence[int],
    words: Sequence[tuple[str, str]],
    word_index: Sequence[int],
) -> list[str]:
    """Per character, how far ahead (bucketed) the nearest organization-suffix word ends,
    within the same clause: long names (国家卫生健康委员会) get their cue at every character.

    A suffix ends at ``j`` when an organization-suffix word of 2+ characters ends there, or when
    the jieba word ending there reads as a body (:func:`is_org_word`).
    """
    n = len(text)
    word_end = [False] * n
    for i in range(n):
        if i + 1 == n or word_index[i + 1] != word_index[i]:
            word_end[i] = True
    ends = [False] * n
    for j in range(n):
        ends[j] = org_ends[j] >= 2 or (word_end[j] and is_org_word(*words[word_index[j]]))
    out = [""] * n
    nearest = -1
    for i in range(n - 1, -1, -1):
        if classes[i] in ("P", "S"):
            nearest = -1
        if nearest >= 0:
            distance = nearest - i
            if distance <= _ORG_LOOKAHEAD:
                out[i] = "1" if distance == 1 else "2-3" if distance <= 3 else "4-8"
        if ends[i]:
            nearest = i
    return out


def sentence_features(text: str, *, wide: bool = True) -> list[list[str]]:
    """One list of feature strings per character of ``text``.

    ``wide=False`` leaves out the features of ``EXTENDED_FEATURE_PREFIXES`` and
    ``WIDE_FEATURE_PREFIXES``: a model trained without them (``ner.crfsuite``) ignores them, so
    its tags are the same, and computing them is a third of the cost."""
    n = len(text)
    if n == 0:
        return []
    padded = ["<s2>", "<s1>", *text, "</s1>", "</s2>"]
    classes = ["B", "B", *(char_class(c) for c in text), "E", "E"]

    # jieba word of each character: position in word, the word, its POS, neighbours.
    seg_pos = [""] * n
    word_index = [0] * n
    words = _words(text)
    offset = 0
    for index, (word, _pos) in enumerate(words):
        length = len(word)
        for k in range(length):
            if length == 1:
                seg_pos[offset + k] = "S"
            else:
                seg_pos[offset + k] = "B" if k == 0 else "E" if k == length - 1 else "M"
            word_index[offset + k] = index
        offset += length

    places = _lexicon_positions(text, _indexed("place"))
    world = _lexicon_positions(text, _indexed("world"))
    org, place_words, cues = _indexed("org"), _indexed("place_word"), _indexed("cue")
    org_ends = org_suffix_ends(text)
    place_word_ends = [place_words.longest_ending(text, i) for i in range(n)]
    cue_ends = [cues.longest_ending(text, i) for i in range(n)]
    # An organization-suffix word of 2+ characters starts right after this character.
    org_starts = [i + 1 < n and org.longest_from(text, i + 1, min_len=2) > 0 for i in range(n)]
    org_ahead = (_org_suffix_ahead(text, classes[2:-2], org_ends, words, word_index) if wide
                 else [""] * n)

    features: list[list[str]] = []
    for i in range(n):
        p = i + 2
        c0 = padded[p]
        word, pos = words[word_index[i]]
        prev_word, prev_pos = words[word_index[i] - 1] if word_index[i] > 0 else ("<s>", "<s>")
        next_word, next_pos = (
            words[word_index[i] + 1] if word_index[i] + 1 < len(words) else ("</s>", "</s>")
        )
        seg = seg_pos[i]
        # The order is the one the models were trained with (crfsuite sums weights in order).
        feats = [
            "b",
            "c0=" + c0,
            "c-1=" + padded[p - 1],
            "c+1=" + padded[p + 1],
            "c-2=" + padded[p - 2],
            "c+2=" + padded[p + 2],
        ]
        if wide:
            feats += ["c-3=" + (text[i - 3] if i >= 3 else "<s3>"),
                      "c+3=" + (text[i + 3] if i + 3 < n else "</s3>")]
        feats += [
            "c-1c0=" + padded[p - 1] + c0,
            "c0c+1=" + c0 + padded[p + 1],
            "c-2c-1=" + padded[p - 2] + padded[p - 1],
            "c+1c+2=" + padded[p + 1] + padded[p + 2],
            "c-1c+1=" + padded[p - 1] + padded[p + 1],
        ]
        if wide:
            feats += [
                "c-4=" + (text[i - 4] if i >= 4 else "<s4>"),
                "c+4=" + (text[i + 4] if i + 4 < n else "</s4>"),
                "c-1c0c+1=" + padded[p - 1] + c0 + padded[p + 1],
                "c-2c-1c0=" + padded[p - 2] + padded[p - 1] + c0,
                "c0c+1c+2=" + c0 + padded[p + 1] + padded[p + 2],
            ]
        feats += [
            "t0=" + classes[p],
            "t-1t0t+1=" + classes[p - 1] + classes[p] + classes[p + 1],
            "seg=" + seg,
            "pos=" + pos,
            "segpos=" + seg + pos,
            "ppos=" + prev_pos,
            "npos=" + next_pos,
            "pl=" + (places[i] or "O"),
        ]
        if world[i]:
            feats.append("wp=" + world[i])
        if len(word) <= 6:
            feats.append("w=" + word)
            # Word bigrams: names of bodies and places recur as word sequences (国家 统计局).
            if wide and len(prev_word) <= 6:
                feats.append("pw|w=" + prev_word + "|" + word)
            if wide and len(next_word) <= 6:
                feats.append("w|nw=" + word + "|" + next_word)
        if wide and is_org_word(word, pos):
            feats.append("word_org")
        if org_ahead[i]:
            feats.append("orgahead=" + org_ahead[i])
        if seg in ("B", "S"):
            feats.append("pw=" + prev_word)
        if seg in ("E", "S"):
            feats.append("nw=" + next_word)
        if c0 in SINGLE_SURNAMES:
            feats.append("sur")
        if text[i : i + 2] in COMPOUND_SURNAMES:
            feats.append("sur2")
        if padded[p - 1] in SINGLE_SURNAMES:
            feats.append("sur-1")
            # Where a surname-led name would sit: 1-2 characters after a surname that opens a
            # jieba word of its own or an HMM-discovered one (李/德平, 王建国).
            if wide:
                feats.append("name1" + pos)
        if (wide and i >= 2 and text[i - 2] in SINGLE_SURNAMES
                and seg_pos[i - 2] in ("B", "S")):
            feats.append("name2" + seg)
        if c0 in COUNTRY_ABBREVIATIONS:
            # Another abbreviation next to it makes a pair/list reading (中美, 美日) likely.
            abbreviations = COUNTRY_ABBREVIATIONS
            paired = padded[p - 1] in abbreviations or padded[p + 1] in abbreviations
            feats.append("abbr2" if paired else "abbr")
        if c0 in PLACE_SUFFIX_CHARS:
            feats.append("plsuf")
        if place_word_ends[i]:
            feats.append("plword")
        if org_ends[i]:
            feats.append(f"org={min(org_ends[i], 3)}")
        if org_starts[i]:
            feats.append("orgnext")
        if i > 0 and cue_ends[i - 1]:
            feats.append("cue-1")
        if text.startswith(_SPEECH_VERBS, i + 1):
            feats.append("say+1")
        features.append(feats)
    return features
