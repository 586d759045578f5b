"""Shared fixtures: where ../shared is, and skips that say why."""

from __future__ import annotations

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = pathlib.Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> pathlib.Path:
    """The ../shared folder (corpora, gold, scorer); skipped only outside CI."""
    if not (SHARED / "gold").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"../shared not found at {SHARED} (set KG_SHARED)")
        pytest.skip(f"../shared not found at {SHARED} (set KG_SHARED)")
    return SHARED
