"""kg.gazetteer: official names, short forms, hierarchy and context-licensed short forms."""

from __future__ import annotations

import pytest

from kg.gazetteer import (
    CITY,
    COUNTRY,
    COUNTY,
    PROVINCE,
    WORLD_CITY,
    city_short_form,
    country_abbreviation,
    lookup_place,
    place_names,
    short_forms,
)


@pytest.mark.parametrize(
    ("surface", "name", "level", "parent"),
    [
        ("湖北", "湖北省", PROVINCE, None),
        ("湖北省", "湖北省", PROVINCE, None),
        ("武汉", "武汉市", CITY, "湖北省"),
        ("内蒙", "内蒙古自治区", PROVINCE, None),
        ("内蒙古", "内蒙古自治区", PROVINCE, None),
        ("新疆", "新疆维吾尔自治区", PROVINCE, None),
        ("广西", "广西壮族自治区", PROVINCE, None),
        ("香港", "香港特别行政区", PROVINCE, None),
        ("香港特区", "香港特别行政区", PROVINCE, None),  # the usual contraction
        ("澳门特区", "澳门特别行政区", PROVINCE, None),
        ("吉林", "吉林省", PROVINCE, None),  # province beats the city of the same short name
        ("延边", "延边朝鲜族自治州", CITY, "吉林省"),
        ("西城区", "西城区", COUNTY, "北京市"),  # municipality districts climb to the province
        ("咸安区", "咸安区", COUNTY, "咸宁市"),
        ("俄罗斯", "俄罗斯", COUNTRY, None),
        ("俄罗斯联邦", "俄罗斯", COUNTRY, None),
        ("蒙古", "蒙古国", COUNTRY, None),
        ("印尼", "印度尼西亚", COUNTRY, None),
        ("莫斯科", "莫斯科", WORLD_CITY, "俄罗斯"),
    ],
)
def test_lookup_place_resolves_official_name(
    surface: str, name: str, level: str, parent: str | None
) -> None:
    place = lookup_place(surface)
    assert place is not None
    assert (place.name, place.level, place.parent) == (name, level, parent)


def test_chinese_place_carries_adcode_and_coordinates() -> None:
    place = lookup_place("湖北")
    assert place is not None
    assert place.adcode == "420000"
    assert place.lat is not None and 29 < place.lat < 33
    assert place.lon is not None and 108 < place.lon < 117


@pytest.mark.parametrize(
    "surface",
    [
        "咸安",  # county short form without its city nearby
        "朝阳区",  # several districts share this name
        "开放",  # not a place at all
        "和平",  # a district short form that is an ordinary word
        "东方",  # a county-level city whose short form is a common word
        "市辖区",  # placeholder row of the source table
    ],
)
def test_ambiguous_or_common_forms_need_context(surface: str) -> None:
    assert lookup_place(surface) is None


@pytest.mark.parametrize(
    ("surface", "context", "name"),
    [
        ("咸安", "湖北咸宁咸安", "咸安区"),
        ("浦东", "上海浦东", "浦东新区"),
        ("朝阳区", "北京市朝阳区", "朝阳区"),
    ],
)
def test_context_licenses_county_forms(surface: str, context: str, name: str) -> None:
    place = lookup_place(surface, context=context)
    assert place is not None and place.name == name


def test_same_named_districts_pick_the_one_whose_city_is_mentioned() -> None:
    beijing = lookup_place("朝阳区", context="北京市朝阳区")
    changchun = lookup_place("朝阳区", context="长春市朝阳区")
    assert beijing is not None and changchun is not None
    assert beijing.parent == "北京市"
    assert changchun.parent == "长春市"


@pytest.mark.parametrize(
    ("name", "level", "expected"),
    [
        ("湖北省", PROVINCE, ["湖北"]),
        ("宁夏回族自治区", PROVINCE, ["宁夏"]),
        ("恩施土家族苗族自治州", CITY, ["恩施"]),
        ("巴音郭楞蒙古自治州", CITY, ["巴音郭楞"]),
        ("黔西县", COUNTY, ["黔西"]),
        ("攸县", COUNTY, []),  # the remainder would be one character
        ("浦东新区", COUNTY, ["浦东"]),
    ],
)
def test_short_forms_strip_suffixes(name: str, level: str, expected: list[str]) -> None:
    assert short_forms(name, level) == expected


@pytest.mark.parametrize(
    ("char", "country"), [("中", "中国"), ("俄", "俄罗斯"), ("马", "马来西亚")]
)
def test_country_abbreviations(char: str, country: str) -> None:
    place = country_abbreviation(char)
    assert place is not None and place.name == country


def test_place_names_cover_full_and_short_forms_without_single_characters() -> None:
    names = set(place_names())
    assert {"湖北省", "湖北", "通辽市", "通辽", "马来西亚", "伦敦"} <= names
    assert all(len(n) >= 2 for n in names)


@pytest.mark.parametrize(
    ("surface", "context", "name", "parent"),
    [
        ("沙田区", None, "沙田区", "香港特别行政区"),  # districts of the special regions
        ("荃湾", "香港新界的荃湾", "荃湾区", "香港特别行政区"),  # a short form needs its region
        ("荃湾", None, None, None),
        ("新德里市", None, "新德里", "印度"),  # a world city written with 市
    ],
)
def test_special_region_districts_and_world_city_forms(
    surface: str, context: str | None, name: str | None, parent: str | None
) -> None:
    place = lookup_place(surface, context=context)
    assert (place.name if place else None) == name
    assert (place.parent if place else None) == parent


@pytest.mark.parametrize(
    ("char", "name"),
    [("华", "中国"), ("京", "北京市"), ("沪", "上海市"), ("俄", "俄罗斯"), ("人", None)],
)
def test_place_abbreviation(char: str, name: str | None) -> None:
    from kg.gazetteer import place_abbreviation

    place = place_abbreviation(char)
    assert (place.name if place else None) == name


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("攀枝花", "攀枝花市"),  # jieba tags it i (an idiom): lookup_place refuses it
        ("自贡", "自贡市"),  # tagged v
        ("大连", "大连市"),  # tagged d
        ("大同", None),  # also an ordinary word (great harmony)
        ("朝阳", None),  # several districts and a city share it
        ("兴化", None),  # a county-level city: the county rules decide
        ("湖北", None),  # a province
        ("武汉市", None),  # a full name, not a short form
    ],
)
def test_city_short_forms_despite_dictionary_tags(surface: str, name: str | None) -> None:
    place = city_short_form(surface)
    assert (place.name if place else None) == name
    assert place is None or place.level == CITY
