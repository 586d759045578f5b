"""The whole pipeline on hostile inputs (a few hundred cases; `make fuzz` runs 10,000+).

Derandomized: `make test` tries the same cases every run; `make fuzz` explores with seeds.
"""

from __future__ import annotations

import itertools
import os
import pathlib
import tempfile

from hypothesis import HealthCheck, given, settings

from tests.fuzz.harness import Tally, run_case
from tests.fuzz.inputs import InputFile, input_sets

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "200"))
_case = itertools.count()


@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(input_sets())
def test_no_crash_no_wrong_offset_nothing_lost_or_duplicated(files: list[InputFile]) -> None:
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        run_case(files, pathlib.Path(tmp) / f"case{next(_case)}", tally)
    assert tally.problems == 0, tally.examples
