"""Extraction on a real local Dask cluster of two worker processes equals the single process."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Iterator

import pytest

distributed = pytest.importorskip("distributed")

from kg.distributed import MANIFEST, extract_on_cluster, local_client  # noqa: E402
from kg.pipeline import iter_records  # noqa: E402
from kg.records import read_records  # noqa: E402
from kg.sources import SourceError  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    client = local_client(2)
    yield client
    cluster = client.cluster
    client.close()
    cluster.close()


def _canonical(records: list[dict]) -> list[str]:
    return sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records)


@pytest.mark.slow
def test_cluster_records_equal_the_single_process(
    client: distributed.Client, shared: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    inputs = [str(ROOT / "examples"), str(shared / "cctv-corpus.jsonl")]
    single = list(iter_records(inputs, workers=1))
    summary = extract_on_cluster(inputs, tmp_path, client=client, batch_docs=3)
    sharded = [r for shard in summary.shards for r in read_records(shard)]
    assert _canonical(sharded) == _canonical(single)
    documents = sum(r["kind"] == "document" for r in single)
    assert summary.documents == documents
    assert len(summary.shards) == -(-documents // 3)
    # shards keep input order: document records come out in the single process's order
    assert [r["doc"] for r in sharded if r["kind"] == "document"] == [
        r["doc"] for r in single if r["kind"] == "document"
    ]
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert manifest["documents"] == documents


@pytest.mark.slow
def test_bad_inputs_are_reported_and_the_rest_goes_on(
    client: distributed.Client, tmp_path: pathlib.Path
) -> None:
    corpus = tmp_path / "in"
    (corpus / "a").mkdir(parents=True)
    (corpus / "b").mkdir()
    (corpus / "a" / "same.txt").write_text("新华社北京3月1日电 记者李明报道。", encoding="utf-8")
    (corpus / "b" / "same.txt").write_text("新华社上海3月2日电 记者王红报道。", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "part-00099.jsonl").write_text("stale\n")  # an earlier run's shard
    errors: list[SourceError] = []
    summary = extract_on_cluster(
        [str(corpus)], tmp_path / "out", client=client, on_error=errors.append
    )
    single_errors: list[SourceError] = []
    single = list(iter_records([str(corpus)], workers=1, on_error=single_errors.append))
    sharded = [r for shard in summary.shards for r in read_records(shard)]
    assert _canonical(sharded) == _canonical(single)
    assert sorted(str(e) for e in errors) == sorted(str(e) for e in single_errors)
    assert summary.errors == len(single_errors) >= 1
    assert not (tmp_path / "out" / "part-00099.jsonl").exists()


@pytest.mark.slow
def test_cli_shards_build_the_same_store_as_kg_build(
    client: distributed.Client, tmp_path: pathlib.Path
) -> None:
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.cli import cluster as _cluster  # noqa: F401  (registers the command)
    from kg.cli import graph as _graph  # noqa: F401

    runner = CliRunner()
    examples = str(ROOT / "examples")
    address = client.scheduler.address
    result = runner.invoke(
        app,
        [
            "cluster",
            "extract",
            examples,
            "--out",
            str(tmp_path / "shards"),
            "--scheduler",
            address,
            "--batch",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    shards = sorted(str(p) for p in (tmp_path / "shards").glob("part-*.jsonl"))
    assert len(shards) == 3  # five examples, two a batch
    built = runner.invoke(app, ["build", *shards, "--records", "--store", str(tmp_path / "a")])
    assert built.exit_code == 0, built.output
    direct = runner.invoke(app, ["build", examples, "--store", str(tmp_path / "b")])
    assert direct.exit_code == 0, direct.output
    stats = [
        runner.invoke(app, ["stats", "--store", str(tmp_path / s), "--format", "json"]).output
        for s in ("a", "b")
    ]
    assert stats[0] == stats[1]
    assert json.loads(stats[0])


@pytest.mark.slow
def test_the_tagger_is_chosen_on_every_worker(
    client: distributed.Client, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The workers' environment, not the client's, decides: the client keeps the default.
    monkeypatch.setenv("KG_NER", "crf")
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(4):  # two batches: both workers may take one
        (corpus / f"a{i}.txt").write_text("华为公司和小米公司发布了新手机。\n", encoding="utf-8")

    def names(tagger: str) -> set[str]:
        summary = extract_on_cluster([str(corpus)], tmp_path / tagger, client=client,
                                     batch_docs=2, tagger=tagger)
        return {r["name"] for shard in summary.shards for r in read_records(shard)
                if r["kind"] == "entity"}

    try:
        assert names("ensemble") == {"华为公司", "小米公司"}  # the neural tagger knows 小米
    finally:
        assert names("crf") == {"华为公司"}  # and back: later tests see the default
