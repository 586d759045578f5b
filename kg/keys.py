"""Keys shared by the graph model: content-derived ids, name normalization, administrative codes.

Split from ``kg.graph`` so the fact/provenance model (``kg.provenance``) can use the same keys
without importing the builder.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from functools import cache
from typing import Any


def stable_id(*parts: object) -> str:
    """A content-derived id: loading the same content twice yields the same id."""
    raw = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:24]


@cache
def _t2s() -> Any:
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except ImportError:  # names stay as written; records are simplified already
        return None


@cache
def normalize_name(name: str) -> str:
    """Simplified, trimmed name so 廣東省 and 广东省 share one key.

    Only characters outside GB2312 (the simplified character set) are converted: 乾, 於, 藉
    are valid simplified characters too, and 乾安县 must not become 干安县.
    """
    converter = _t2s()
    name = " ".join(str(name).split())
    if converter is None:
        return name
    return "".join(ch if _is_simplified(ch) else converter.convert(ch) for ch in name)


def _is_simplified(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# ---------------------------------------------------------------- administrative codes
@cache
def adcode_table() -> tuple[dict[str, tuple[str, float | None, float | None]], dict[str, str]]:
    """cpca's table: 6-digit adcode → (name, lon, lat), and unique full name → adcode."""
    try:
        import importlib.resources

        text = (importlib.resources.files("cpca") / "resources" / "adcodes.csv").read_text("utf-8")
    except (ImportError, FileNotFoundError):
        return {}, {}
    by_code: dict[str, tuple[str, float | None, float | None]] = {}
    names: defaultdict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader(text.splitlines()):
        code = normalize_adcode(row["adcode"])
        if code and row["name"] != "市辖区":
            lon, lat = (float(v) if v else None for v in (row["longitude"], row["latitude"]))
            by_code[code] = (row["name"], lon, lat)
            names[row["name"]].add(code)
    unique = {name: next(iter(codes)) for name, codes in names.items() if len(codes) == 1}
    return by_code, unique


def normalize_adcode(value: object) -> str | None:
    """``420100000000`` / ``420100`` / 420100 → ``420100``; anything else → None."""
    digits = str(value).strip() if value is not None else ""
    if not digits.isdigit() or len(digits) < 6:
        return None
    return digits[:6] if set(digits[6:]) <= {"0"} else digits


def adcode_level(code: str) -> str:
    if len(code) > 6:
        return "town"
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


def parent_adcode(code: str) -> str | None:
    """The next known administrative level up (county → city → province), or None."""
    by_code, _ = adcode_table()
    if len(code) > 6:
        candidates = [code[:6]]
    elif code.endswith("0000"):
        return None
    elif code.endswith("00"):
        candidates = [code[:2] + "0000"]
    else:  # counties of municipalities sit under 市辖区, which is not a place: go to the province
        candidates = [code[:4] + "00", code[:2] + "0000"]
    return next((c for c in candidates if c in by_code), candidates[-1])


def scalar_property(value: Any) -> Any:
    """Neo4j properties are scalars or lists of scalars; anything else becomes JSON text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    scalars = (str, int, float, bool)
    if isinstance(value, (list, tuple)) and all(isinstance(v, scalars) for v in value):
        return list(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
