"""Filters for the statistical tagger's spans: junk words, titles tagged as persons, generic
groups tagged as organizations, buildings and natural areas tagged as places, fragments cut out
of words."""

from __future__ import annotations

import re

from kg.dictionary import dictionary_cut, pos_tags
from kg.gazetteer import (
    WORLD_CITY,
    city_short_form,
    country_abbreviation,
    country_names,
    is_full_name,
    lookup_place,
)
from kg.recognize.consistency import SOURCE as PLACE_CONTEXT_SOURCE
from kg.recognize.lexicon import (
    common_word,
    dictionary_tags,
    has_surname,
    org_suffixes,
    titles,
    words,
)
from kg.recognize.orgs import good_org_modifier
from kg.recognize.places import AREA_WORDS, attribute_follows, gazetteer_mentions
from kg.recognize.places import GENERIC_MODIFIERS as _GENERIC_PLACE_WORDS
from kg.recognize.regions import pair_of_abbreviations
from kg.recognize.rules import is_transliteration, name_after
from kg.records import ORGANIZATION, PERSON, PLACE, Mention

CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]+$")
# Words that end the name of an event, never of a body or a person (欧盟峰会, 高峰会: jieba lists
# the summit as a name): the guidelines keep events apart, as objects of CHAIRED and ATTENDED.
# Not 会议 or 大会, which end bodies too (中国人民政治协商会议, 联合国大会).
EVENT_ENDINGS = (
    "峰会", "会谈", "会晤", "开幕式", "闭幕式", "典礼", "仪式", "研讨会", "座谈会", "发布会",
    "招待会", "晚会",
)
# Words the statistical taggers like to call entities but that never are.
JUNK = words("not_entities")


def keep_statistical(text: str, mention: Mention) -> bool:
    """Filter statistical spans: junk words, titles tagged as persons, generic groups."""
    surface = mention.text
    if len(surface) < 2 or surface in JUNK or not CJK_NAME.match(surface):
        return False
    if surface.endswith(EVENT_ENDINGS):
        return False
    if _inside_idiom(text, mention):
        return False  # 重于泰山, 名落孙山: a name inside a set phrase is a figure of speech
    if mention.type == PERSON:
        if text.startswith("主义", mention.end):
            return False  # 马克思主义, 列宁主义: a doctrine named after the person
        if text.startswith(_PLACE_WORDS_AFTER, mention.end):
            return False  # 卢甘斯克地区: a place the tagger took for a person
        if _names_a_people(text, mention):
            return False
        context = _after_title(text, mention.start), _clean_left_edge(text, mention.start)
        return _proper_person(surface, mention, *context)
    if mention.type == PLACE:
        if mention.source == PLACE_CONTEXT_SOURCE:
            return True  # the document writes it as a place (卢甘斯克地区): the type is settled
        if _names_a_people(text, mention):
            return False  # 阿拉伯、伊斯兰国家: not a country (非洲国家 keeps 非洲)
        place = lookup_place(surface)
        if place is not None and pair_of_abbreviations(text, surface, place):
            return False  # 中非命运共同体: China and Africa
        return not attribute_follows(text, mention.end) and _proper_place(surface, mention)
    if mention.type == ORGANIZATION:
        if _CONGRESS.match(surface) and text.startswith("以来", mention.end):
            return False  # 党的十八大以来: the congress as a point in time, like a date
        return not _cuts_word(text, mention) and _proper_organization(surface, mention.score)
    return False


# A party congress by its number (十八大, 二十大).
_CONGRESS = re.compile(r"[一二三四五六七八九十]+大$")


# A fragment of a country's name (阿拉伯 of 沙特阿拉伯) before 国家, 世界, 人 or a list (阿拉伯、
# 伊斯兰国家, 阿拉伯世界) names a people, not a person or a place of its own.
_PEOPLE_AFTER = ("、", "国家", "世界", "人", "半岛")


# Words after a name that make it a place's: a region, a republic, the land within it. Fewer
# than consistency.PLACE_WORDS_AFTER, which only meets foreign-looking names: 张明一带着 is a
# person, 纽森州长 a governor.
_PLACE_WORDS_AFTER = ("地区", "人民共和国", "共和国", "境内")


def _names_a_people(text: str, mention: Mention) -> bool:
    surface = mention.text
    if len(surface) < 3 or lookup_place(surface) is not None:
        return False
    if not text.startswith(_PEOPLE_AFTER, mention.end):
        return False
    return any(surface in country and surface != country for country in country_names())


def _proper_person(surface: str, mention: Mention, after_title: bool, clean_left: bool) -> bool:
    if any(surface.endswith(t) or surface.startswith(t) for t in titles() if len(t) >= 2):
        return False
    if surface[-1] in "市省县州区宫":
        return False  # 贝伦市, 王陵区: places the tagger took for people
    place = lookup_place(surface)
    if place is not None and not (after_title and place.level == WORLD_CITY):
        return False  # 休斯顿; but 总统华盛顿: a title makes a city's name a person's
    if surface.endswith(org_suffixes()):
        return False  # 党支部: a body
    if not _not_common_word(surface) and not _name_listed_as_noun(surface, mention):
        return False  # 楚材晋用, 申请书
    crf = mention.source == "crf"
    if crf and mention.score >= 0.5 and (_foreign_name(surface) or after_title):
        # Foreign names have no surname to check; after a title (副县长和春华) a rare surname
        # that the surname list lacks is still a name.
        return len(surface) <= 16
    if crf and mention.score >= 0.75 and len(surface) <= 12:
        # A name without a known surname glued to the word before it is more often a piece cut
        # out of a phrase (政于民 of 问政于民) unless the tagger is quite sure (弓继权).
        return has_surname(surface) or clean_left or mention.score >= 0.95
    if crf and mention.score < 0.5:
        return False  # 莫道 at the start of a poem line: too unsure without a title before it
    if mention.source == "jieba" and len(surface) != 3:
        return False  # jieba's two-character nr tags are mostly ordinary words
    return len(surface) <= 4 and name_after(surface + "。", 0) == len(surface)


# Characters after which a name may start inside a sentence (她叫热亚娜, 同热亚娜, 是热亚娜).
_BEFORE_NAME = set("叫是和与同对向给让被由把将的了说及等请称为在跟到见")


def _clean_left_edge(text: str, start: int) -> bool:
    """Whether a name may start at ``start``: after punctuation, a space or a function word."""
    if start == 0:
        return True
    before = text[start - 1]
    return not ("\u4e00" <= before <= "\u9fff") or before in _BEFORE_NAME


# jieba's dictionary tags for idioms (成语) and set phrases (习用语).
_IDIOM_TAGS = frozenset(("i", "l"))


def _inside_idiom(text: str, mention: Mention) -> bool:
    """Whether the span lies inside a longer dictionary word that is an idiom or set phrase."""
    window_start = max(0, mention.start - 6)
    position = window_start
    for word in dictionary_cut(text[window_start : mention.end + 6]):
        end = position + len(word)
        if position <= mention.start and mention.end <= end:
            # Strictly longer: jieba also tags names as idioms (攀枝花 i, 可口可乐公司 l).
            return len(word) > len(mention.text) and pos_tags().get(word) in _IDIOM_TAGS
        if position >= mention.end:
            return False
        position = end
    return False


def _cuts_word(text: str, mention: Mention) -> bool:
    """塔吉克斯坦政府正组织部|队: the span ends inside a word (部队); titles may follow a body
    (国防部|长), so a title word does not count."""
    word = text[mention.end - 1 : mention.end + 1]
    return len(word) == 2 and common_word(word) and word not in titles()


def _after_title(text: str, start: int) -> bool:
    """Whether a title of two or more characters ends right before ``start`` (副县长|和春华)."""
    before = text[max(0, start - 6) : start]
    return any(before.endswith(t) for t in titles() if len(t) >= 2)


def _foreign_name(surface: str) -> bool:
    """保罗·邦珀, 内塔尼亚胡: a dotted name or three or more transliteration characters."""
    from kg.recognize.rules import is_transliteration

    return "·" in surface.strip("·") or (len(surface) >= 3 and is_transliteration(surface))


_NOT_PLACES = words("not_places")


# The tagger must be sure that a city short form jieba calls an ordinary word is the city: 开封
# is also to unseal (开封后), 包头 a headscarf.
_CITY_MIN_SCORE = 0.9


def _proper_place(surface: str, mention: Mention) -> bool:
    if surface[0] in "各全本该每这那其我" or mention.score < 0.6 or surface in _NOT_PLACES:
        return False
    # Without context: the document-wide context would license any county short form.
    if lookup_place(surface) is not None:
        return True
    if mention.score >= _CITY_MIN_SCORE and city_short_form(surface) is not None:
        return True  # 自贡, 攀枝花: cities whose short forms jieba tags as ordinary words
    if any(surface[:-1].endswith(g) or surface.startswith(g) for g in _GENERIC_PLACE_WORDS):
        return False
    if surface.endswith(_BUILDING_ENDINGS):
        return False  # 人民大会堂, 国家体育场: buildings are not places in the guidelines
    if surface[-2:] in AREA_WORDS:
        return False  # 鄱阳湖区, 大别山区: natural or functional areas, not divisions
    if surface.endswith(_NATURAL_ENDINGS) and not _county_short_form(surface):
        return False  # 珠江, 大兴安岭, 长江三角洲: natural features the gazetteer lacks
    if surface[-2:] in _RANK_WORDS:
        return False  # 农业大省, 经济强市: a ranking of some place, not its name
    if surface[-1] in "省市县区镇乡村州" and len(surface) >= 3:
        return True
    # Foreign and natural places the gazetteer lacks (亚洲, 肯特郡): trust a confident tagger.
    return mention.source == "crf" and mention.score >= 0.85 and _not_common_word(surface)


_BUILDING_ENDINGS = (
    "堂",
    "馆",
    "宫",
    "寺",
    "庙",
    "大厦",
    "大楼",
    "宾馆",
    "饭店",
    "酒店",
    "广场",
    "中心",
    "机场",
    "车站",
    "码头",
    "体育场",
    "公园",
    "厅",  # 金色大厅, 展厅
    "楼",  # 望海楼, 天安门城楼 (鼓楼 the district is found in the gazetteer first)
    "林场",  # forestry, farm and pasture units are bodies, not places
    "农场",
    "牧场",
    "阁",  # 紫光阁
    "站",  # 雷达站, 麦克默多站: stations of every kind
    # Works of infrastructure (成昆铁路, 文昌航天发射场) are not places; named bridges are,
    # as the dev gold records them (the [site_place_heads] of word_lists.txt).
    "铁路",
    "公路",
    "隧道",
    "电站",
    "发射场",
)
# Endings of rivers, lakes, mountains and natural regions (cities such as 旧金山, 佛山 are found
# in the gazetteer before this test).
_NATURAL_ENDINGS = (
    "河",
    "江",
    "湖",
    "海",
    "山",
    "岭",
    "峰",
    "川",
    "峡",
    "三角洲",
    "平原",
    "高原",
    "盆地",
    "流域",
    "草原",
    "沙漠",
    "沙地",
)
_RANK_WORDS = frozenset(("大省", "大市", "大县", "强省", "强市", "强县", "大国", "强国"))


def _county_short_form(surface: str) -> bool:
    """汶川, 琼海, 滨江: the short form of a city, county or district (汶川县), not a feature."""
    return any(is_full_name(surface + level) for level in "市县区")


def _not_common_word(surface: str) -> bool:
    return dictionary_tags().get(surface) in (None, "ns", "nz", "nt", "nr", "nrt", "nrfg", "j")


def _name_listed_as_noun(surface: str, mention: Mention) -> bool:
    """jieba's dictionary lists some people as ordinary nouns (屈原, 周作人 and rarer names,
    tag ``n``) and many three-character names under any tag (周恩来 ``t``, 史静寰 and 雷抒雁
    ``i``, 王佑民 ``vn``): a short span with a surname that the tagger is sure of is still a
    name, unless what follows the surname is itself a frequent word (高|风险, 班|干部). Verbs,
    phrases and numerals (解解馋 ``v``, 万余名 ``m``) stay words."""
    tag = dictionary_tags().get(surface)
    if (mention.source != "crf" or mention.score < _SURE_NAME_SCORE
            or not 2 <= len(surface) <= 3
            or tag not in (_NAME_LIKE_TAGS if len(surface) == 3 else ("n",))):
        return False
    if not has_surname(surface):
        # 冰心, 老舍: pen names have no surname; a rare noun the tagger is all but certain of
        return mention.score >= _PEN_NAME_SCORE and not common_word(surface, _RARE_NOUN)
    return not (len(surface) == 3 and common_word(surface[1:]))


_SURE_NAME_SCORE = 0.85
# Tags under which jieba's dictionary lists three-character names: nouns, idioms, times, verbal
# nouns (in a sample of its 845 surname-led three-character words of other tags, the names were
# under these; verbs, phrases, state words and numerals were words).
_NAME_LIKE_TAGS = ("n", "i", "t", "vn")
_PEN_NAME_SCORE = 0.99
_RARE_NOUN = 100  # uses in jieba's dictionary


# Heads of generic groups the tagger calls organizations (社区党组织, 公安机关, 国家部委).
_GENERIC_ORG_HEADS = (
    "党组织",
    "党支部",
    "党总支",
    "党委",
    "小组",
    "部委",
    "机关",
    "服务中心",
    "指挥部",
    "工作组",
    "队",
    "班",
)
_GENERIC_ORG_STARTS = (
    "社区",
    "村",
    "网格",
    "辖区",
    "国家机关",
    "全国",
    "各",
    "有关",
    "楼宇",
    "基层",
    "党员",
    "临时",
    "相关",
    "当地",
    "所在",
    "全省",
    "全市",
    "全县",
    "该",
    "本",
)
# Characters an organization name may end with when no listed suffix matches (欧盟委员会, 索尼).
_DIRECTION_REGION = re.compile(r"^[东南西北中]+部(?:地区)?$")
ORG_FINALS = set("会部局院所委社团盟司行处署台站厂校馆军办组坛党厅学报阁")
_VENUE_ENDINGS = ("大厅", "展厅", "广场", "大楼", "大会堂", "礼堂", "会场", "机场", "车站", "码头")
_GENERIC_ORG_WORDS = words("generic_org_modifiers")


# Endings of institutions (schools, works, companies, banks) rather than organs of
# government: a province written before a city's institution is part of how the news names it
# (广东省廉江市二轻家具厂, 河南洛阳市新安师范学校), while a city's organ is named from the city on
# (通辽市委, not 内蒙古通辽市委), as the guidelines' gold does.
# 中心 is left out: it also ends hubs and venues (上海国际金融中心, 购物中心).
INSTITUTION_ENDINGS = ("学校", "中学", "小学", "大学", "学院", "医院", "厂", "公司", "集团", "矿",
                       "银行", "出版社", "剧院", "研究所")


def _proper_organization(surface: str, score: float) -> bool:
    """Statistical organizations are often generic (社区党组织, 公安机关, 临时指挥部): keep named
    ones (欧盟委员会, 逸夫医院, 索尼) and those that start with a known place."""
    if len(surface) < 2 or score < 0.6:
        return False
    if surface.startswith(_NATIONAL) and score >= 0.9:
        return _national_body(surface)
    if surface.startswith(_GENERIC_ORG_STARTS) or _DIRECTION_REGION.match(surface):
        return False  # 中西部 is a region of the country, not a ministry
    head = next((h for h in _GENERIC_ORG_HEADS if surface.endswith(h)), None)
    leading = gazetteer_mentions(surface)
    if leading and leading[0].start == 0 and len(leading[0].text) < len(surface):
        if score >= 0.9 and surface.endswith(INSTITUTION_ENDINGS) and "各" not in surface:
            return True  # 北京翰华文化艺术中心, 山东白庄煤矿: an institution of the place
        return surface.endswith(org_suffixes()) or surface[-1] in ORG_FINALS
    if head is not None:
        return False
    if surface.endswith(_VENUE_ENDINGS):
        return False  # 新闻演播大厅, 人民大会堂: places inside buildings, not bodies
    suffix = next((s for s in org_suffixes() if surface.endswith(s)), None)
    if suffix is not None:
        modifier = surface[: -len(suffix)]
        if score >= 0.9:  # the tagger is sure; only generic modifiers disqualify
            return len(modifier) >= 2 and modifier not in _GENERIC_ORG_WORDS
        return len(modifier) >= 2 and good_org_modifier(surface, 0, modifier)
    if surface[-1] in ORG_FINALS:
        if _unit_of_no_one(surface):
            return False  # 军乐团, 仪仗队: a kind of unit, named by no one
        return score >= 0.8 and (_not_common_word(surface) or _ministry(surface, score))
    if surface.startswith(_LEVEL_WORDS):
        return False  # 中央财政, 地方财政: a budget of the state, not a body
    # Brand-like names without an organ word (索尼, 英特尔): only when the tagger is sure.
    return score >= 0.9 and len(surface) <= 6 and _not_common_word(surface) and _one_word(surface)


_LEVEL_WORDS = ("中央", "地方")  # 国家电网 is a company
# 全国 starts generic groups (全国各级党委, 全国人大代表) but also the names of national bodies
# (全国妇联, 全国人大民族委员会, 全国工商联): those end as organs do.
_NATIONAL = "全国"


def _national_body(surface: str) -> bool:
    """全国妇联 (a body jieba lists as nt), 全国人大民族委员会 (a named modifier before an organ
    word); not 全国医院 or 全国各级党委."""
    if pos_tags().get(surface) == "nt":
        return True
    rest = surface[len(_NATIONAL):]
    if rest.startswith(_GENERIC_ORG_STARTS) or any(rest.endswith(h) for h in _GENERIC_ORG_HEADS):
        return False
    suffix = next((s for s in org_suffixes() if rest.endswith(s)), "")
    modifier = rest[: len(rest) - len(suffix)]
    return bool(suffix) and len(modifier) >= 2 and modifier not in _GENERIC_ORG_WORDS


GENERIC_UNITS = words("generic_units")


def _unit_of_no_one(surface: str) -> bool:
    """军乐团 = 军 + 乐团: one character before a common noun is a kind of unit, not a name
    (unless the character abbreviates a country: 中纪委, 美联储)."""
    return (
        len(surface) == 3
        and surface[-1] in "团队组"
        and country_abbreviation(surface[0]) is None
        and dictionary_tags().get(surface[1:]) == "n"
    )


def _ministry(surface: str, score: float) -> bool:
    """林业部, 铁道部, 水利局: a field (a noun) + 部/局/委/署 that jieba lists as an ordinary noun
    is still a ministry when the tagger is sure; 司令部, 编辑部 are units every body has."""
    return (
        score >= 0.95
        and 3 <= len(surface) <= 4
        and surface[-1] in "部局委署"
        and dictionary_tags().get(surface[:-1]) == "n"
        and surface not in GENERIC_UNITS
    )


def _one_word(surface: str) -> bool:
    """Not a phrase of ordinary words (新闻演播大厅 = 新闻 + 演播 + 大厅)."""
    words = [w for w in dictionary_cut(surface) if len(w) >= 2]
    return len(words) <= 1


def trim_to_suffix(mention: Mention) -> Mention:
    """南医大附属逸夫医院院 → 南医大附属逸夫医院: CRF spans sometimes run one character long."""
    surface = mention.text
    if mention.type != ORGANIZATION or surface.endswith(org_suffixes()):
        return mention
    if surface[-2:] in dictionary_tags():
        return mention  # 政治协商会议: the last word is whole, nothing runs over
    for cut in (1, 2):
        shorter = surface[:-cut]
        if shorter.endswith(org_suffixes()):
            end = mention.end - cut
            return Mention(mention.start, end, mention.type, shorter, mention.source, mention.score)
    return mention


# Function words a tagger glues to a foreign name: 同|萨勒曼国王, 与|马克龙.
_BEFORE_FOREIGN = frozenset("同和与跟对向把被将给让")


def trim_foreign_name(text: str, mention: Mention) -> Mention:
    """A statistical person that is a function word plus a transliterated name (同萨勒曼, 与马克龙)
    becomes the name: foreign names take no Chinese surname, and 和春华 keeps its 和 (春华 is no
    transliteration). The other edge is left alone: a name's own last character is often a verb
    (林尚立, 拉姆卡拉旺, 托马斯·弗里登), so 佐科致|慰问电 cannot be told from them by the word."""
    surface = mention.text
    if (mention.type != PERSON or len(surface) < 3 or surface[0] not in _BEFORE_FOREIGN
            or not is_transliteration(surface[1:])):
        return mention
    start = mention.start + 1
    return Mention(start, mention.end, PERSON, text[start : mention.end], mention.source,
                   mention.score)


_TITLE_RULE_SOURCES = ("title", "title-after")


def word_after_title(mention: Mention, statistical: list[Mention]) -> bool:
    """A "name" of the title rules (总书记|关心, 主席|密切协作, 秘书长|高度评价) that is an ordinary
    word: its first two characters are a frequent dictionary word, and no statistical person
    overlaps it (the taggers read the whole sentence and see none). jieba's tags do not decide:
    it lists 普京 as a place and 贺信 as a name."""
    if mention.type != PERSON or mention.source not in _TITLE_RULE_SOURCES:
        return False
    if any(m.type == PERSON and m.start < mention.end and mention.start < m.end
           for m in statistical):
        return False
    # A transliterated name may begin with a word (阿曼|达, 米格|尔·迪亚斯): it stays.
    return common_word(mention.text[:2]) and not is_transliteration(mention.text)
