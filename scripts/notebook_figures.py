"""`make notebooks-figures`: run every notebook top to bottom, keep its outputs, save figures.

    python scripts/notebook_figures.py [--figures notebooks/figures] [NOTEBOOK ...]

Each notebook runs in a fresh kernel (nbclient) on $KG_STORE, else the store of examples/,
and is written back with its outputs; the figures go to --figures as PNG (the README shows
two of them) with their parts (JSON). A cell that fails stops the run with its error.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time
from collections.abc import Sequence

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main(argv: Sequence[str] | None = None) -> int:
    import nbformat
    from nbclient import NotebookClient

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path,
                        default=sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    parser.add_argument("--figures", type=pathlib.Path, default=ROOT / "notebooks" / "figures")
    args = parser.parse_args(argv)
    os.environ["KG_FIGURES_DIR"] = str(args.figures.resolve())
    for path in args.notebooks:
        started = time.perf_counter()
        book = nbformat.read(path, as_version=4)
        NotebookClient(book, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        nbformat.write(book, path)
        print(f"{path}: run in {time.perf_counter() - started:.1f}s")
    print(f"figures in {args.figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
