"""Reading JSON Lines records: a bad line raises, or with ``on_error`` is reported and skipped."""

from __future__ import annotations

import io

import pytest

from kg.records import iter_read_records

LINES = "\n".join([
    '{"kind": "document", "doc": "a"}', "{broken", "", '["list"]', '{"doc": "b"}',
    '{"kind": "x", "doc": "c"}',
]) + "\n"


@pytest.mark.parametrize(
    ("required", "docs", "errors"),
    [
        ((), ["a", "b", "c"], ["line 2: not JSON", "line 4: a record must be a JSON object"]),
        (("kind", "doc"), ["a", "c"],
         ["line 2: not JSON", "line 4: a record must be a JSON object",
          "line 5: not a KG record (needs 'kind' and 'doc')"]),
    ],
)
def test_bad_lines_are_reported_and_skipped(
    required: tuple[str, ...], docs: list[str], errors: list[str]
) -> None:
    seen: list[str] = []
    found = list(iter_read_records(io.StringIO(LINES), on_error=lambda e: seen.append(str(e)),
                                   required=required))
    assert [r["doc"] for r in found] == docs
    assert [e.split(" (")[0] if "not JSON" in e else e for e in seen] == errors


def test_without_on_error_the_first_bad_line_raises() -> None:
    with pytest.raises(ValueError, match="line 2: not JSON"):
        list(iter_read_records(io.StringIO(LINES)))
