"""Records of the dev corpus for the Neo4j tests: the real extraction when it works, else gold."""

from __future__ import annotations

import pathlib
import warnings
from typing import Any


def dev_records(shared: pathlib.Path) -> tuple[list[dict[str, Any]], str]:
    """(records, source): ``kg.pipeline`` over ../shared/corpus, or the gold annotations."""
    try:
        from kg.pipeline import iter_records

        records = list(iter_records([str(shared / "corpus")], workers=1))
        if any(r["kind"] == "triple" for r in records):
            return records, "pipeline"
        reason = "the pipeline found no facts"
    except Exception as err:  # any failure of the extractor means: use gold
        reason = f"{type(err).__name__}: {err}"
    warnings.warn(f"graph tests use gold records ({reason})", stacklevel=2)
    from kg.store.goldrecords import gold_records

    return gold_records(shared), "gold"
