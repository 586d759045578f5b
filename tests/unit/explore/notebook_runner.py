"""Execute a notebook top to bottom with nbclient; what it printed and drew, for the tests."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Mapping
from typing import Any

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[3]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ("01_explore", "02_places_and_time", "03_questions")
# Output folder of the executed figures (PNG + parts), kept after the run for a look.
OUTPUT = pathlib.Path(os.environ.get("KG_TEST_OUTPUT", ROOT / "test-output")) / "notebooks"
# A failure in a notebook: an error, or a warning matplotlib or Python printed.
BAD_STDERR = ("missing from font", "Warning", "Traceback")


def execute(name: str | pathlib.Path, env: Mapping[str, str | None], *,
            timeout: int = 120) -> nbformat.NotebookNode:
    """Run ``notebooks/NAME.ipynb`` (or the notebook at a path) in a fresh kernel with
    ``env`` (None: unset); raises ``CellExecutionError`` on the first cell that fails."""
    path = name if isinstance(name, pathlib.Path) else NOTEBOOKS / f"{name}.ipynb"
    book = nbformat.read(path, as_version=4)
    saved = {k: os.environ.get(k) for k in env}
    try:
        for key, value in env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        NotebookClient(book, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return book


def outputs(book: nbformat.NotebookNode) -> list[dict[str, Any]]:
    return [dict(out) for cell in book.cells if cell.cell_type == "code"
            for out in cell.get("outputs", [])]


def text_of(book: nbformat.NotebookNode) -> str:
    """Everything the notebook printed or showed as text."""
    parts = []
    for out in outputs(book):
        if "text" in out:
            parts.append(out["text"])
        parts.append(out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def problems(book: nbformat.NotebookNode) -> list[str]:
    """Errors and warnings in the outputs (stderr), one string each."""
    found = []
    for out in outputs(book):
        if out["output_type"] == "error":
            found.append(f"{out['ename']}: {out['evalue']}")
        elif out.get("name") == "stderr" and any(b in out["text"] for b in BAD_STDERR):
            found.append(out["text"])
    return found
