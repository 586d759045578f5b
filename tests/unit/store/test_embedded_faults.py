"""The embedded store under faults: SIGKILL mid-build, readers during a write, read-only and
full disks, and query commands that must not write."""

from __future__ import annotations

import contextlib
import os
import pathlib
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

import kg.cli.ask
import kg.cli.export
import kg.cli.graph  # noqa: F401
from kg.cli import app
from kg.records import dumps
from kg.store import StoreError
from kg.store.embedded import EmbeddedStore

runner = CliRunner()


def doc_records(n: int) -> list[dict[str, Any]]:
    doc = f"d{n:04d}"
    text = f"王{n}说，一定能打赢。"
    return [
        {"kind": "document", "doc": doc, "path": f"{doc}.txt", "chars": len(text), "sha256": doc},
        {"kind": "entity", "doc": doc, "name": f"王{n}", "type": "Person", "aliases": [],
         "mentions": [{"start": 0, "end": 2}]},
        {"kind": "triple", "doc": doc, "subject": {"name": f"王{n}", "type": "Person"},
         "predicate": "SAID", "object": {"name": "一定能打赢。", "type": "Statement"},
         "attrs": {}, "evidence": {"text": text, "start": 0, "end": len(text)},
         "confidence": 1.0, "extractor": "test"},
    ]


DOCS = 150
ALL = [r for n in range(DOCS) for r in doc_records(n)]


@pytest.fixture(scope="module")
def records_file(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("records") / "records.jsonl"
    path.write_text("".join(dumps(r) + "\n" for r in ALL), encoding="utf-8")
    return path


def build_process(records: pathlib.Path, store: pathlib.Path) -> subprocess.Popen[bytes]:
    code = "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()"
    env = {**os.environ, "KG_STORE_BATCH": "3"}  # 50 transactions: many points to die at
    return subprocess.Popen(
        [sys.executable, "-c", code, "build", "--records", str(records), "--store", str(store)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def wait_for_version(store: EmbeddedStore, version: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while store.version() < version and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)


def assert_whole_documents(store: EmbeddedStore) -> None:
    """Every stored document is exactly one of the input documents: none half-written."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for rec in store.iter_records():
        by_doc.setdefault(rec["doc"], []).append(rec)
    for doc, recs in by_doc.items():
        assert recs == doc_records(int(doc[1:])), doc


@pytest.mark.parametrize("commits_before_kill", [0, 5, 30])
def test_sigkill_mid_build_leaves_a_readable_store_and_a_rerun_completes_it(
    tmp_path: pathlib.Path, records_file: pathlib.Path, commits_before_kill: int
) -> None:
    store_dir = tmp_path / "kg"
    # A previous good state: the first document, already built.
    EmbeddedStore(store_dir).add_records(doc_records(0))
    proc = build_process(records_file, store_dir)
    store = EmbeddedStore(store_dir)
    wait_for_version(store, 1 + commits_before_kill, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert "d0000" in store.documents()
    assert_whole_documents(store)
    result = runner.invoke(app, ["stats", "--store", str(store_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    rerun = build_process(records_file, store_dir)
    assert rerun.wait(timeout=120) == 0, rerun.stderr.read() if rerun.stderr else ""
    assert list(EmbeddedStore(store_dir).iter_records()) == ALL


def test_readers_during_a_build_see_whole_documents_and_never_fail(
    tmp_path: pathlib.Path, records_file: pathlib.Path
) -> None:
    store_dir = tmp_path / "kg"
    proc = build_process(records_file, store_dir)
    store = EmbeddedStore(store_dir)
    reads = 0
    while proc.poll() is None:
        if store.exists():
            assert_whole_documents(store)
            reads += 1
    assert proc.returncode == 0
    assert reads >= 1 and len(store.documents()) == DOCS


@pytest.fixture
def store_with_a_document(tmp_path: pathlib.Path) -> pathlib.Path:
    EmbeddedStore(tmp_path / "kg").add_records(doc_records(1))
    return tmp_path / "kg"


def snapshot(folder: pathlib.Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()
            if not p.name.endswith(("-shm", "-wal"))}


QUERIES = [["stats"], ["export", "--format", "nodelink"], ["ask", "said"]]


@pytest.mark.parametrize("args", QUERIES)
def test_query_commands_never_change_the_store(
    store_with_a_document: pathlib.Path, args: list[str]
) -> None:
    before = snapshot(store_with_a_document)
    result = runner.invoke(app, [*args, "--store", str(store_with_a_document)])
    assert result.exit_code == 0, result.output
    assert snapshot(store_with_a_document) == before


@contextlib.contextmanager
def tmpfs(folder: pathlib.Path, size: str) -> Iterator[pathlib.Path]:
    """A small real file system (root only): the real read-only and disk-full errors."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("needs permission to mount a tmpfs")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount_read_only(folder: pathlib.Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


@pytest.mark.parametrize("args", QUERIES)
def test_query_commands_work_on_a_read_only_store(tmp_path: pathlib.Path,
                                                  args: list[str]) -> None:
    with tmpfs(tmp_path / "ro", "4m") as folder:
        EmbeddedStore(folder / "kg").add_records(doc_records(1))
        remount_read_only(folder)
        result = runner.invoke(app, [*args, "--store", str(folder / "kg")])
        assert result.exit_code == 0, result.output
        build = runner.invoke(app, ["build", "--records", "-", "--store", str(folder / "kg")],
                              input=dumps(doc_records(2)[0]) + "\n")
        assert build.exit_code == 1
        assert "cannot write store" in build.output and "Traceback" not in build.output


def test_a_full_disk_is_one_clear_error_and_keeps_the_previous_store(
    tmp_path: pathlib.Path,
) -> None:
    with tmpfs(tmp_path / "full", "256k") as folder:
        store = EmbeddedStore(folder / "kg")
        store.add_records(doc_records(1))
        big = [{"kind": "document", "doc": f"big{i}", "blob": os.urandom(40_000).hex()}
               for i in range(20)]
        with pytest.raises(StoreError, match="full"):
            store.add_records(big)
        assert store.documents() == ["d0001"]
