"""`kg cluster extract`: extraction on a Dask cluster, one JSON Lines shard per batch."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.extract import TaggerOption, report_error
from kg.cli.output import print_note

cluster_app = typer.Typer(
    help="Run extraction on a Dask distributed cluster.", no_args_is_help=True
)
app.add_typer(cluster_app, name="cluster")


@cluster_app.command("extract")
def cluster_extract(
    paths: Annotated[list[str], typer.Argument(help="Files or folders every worker can reach.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the shards (shared by the workers).")
    ],
    scheduler: Annotated[
        str | None,
        typer.Option(help="Address of a running scheduler (tcp://host:8786); default: local."),
    ] = None,
    workers: Annotated[
        int, typer.Option(help="Worker processes of the local cluster (without --scheduler).")
    ] = 2,
    batch: Annotated[int, typer.Option(min=1, help="Documents per task and shard.")] = 32,
    year: Annotated[
        int | None, typer.Option(help="Year for dates written without one, when the text has none.")
    ] = None,
    tagger: TaggerOption = None,
) -> None:
    """Extract on a cluster; `kg build --records OUT/part-*.jsonl` then builds the graph."""
    try:
        from distributed import Client

        from kg.distributed import extract_on_cluster, local_client
    except ImportError:
        report_error("kg cluster needs Dask: pip install 'kg[cluster]'")
        raise typer.Exit(code=2) from None

    client = Client(scheduler) if scheduler else local_client(workers)
    try:
        summary = extract_on_cluster(
            paths,
            out,
            client=client,
            batch_docs=batch,
            default_year=year,
            on_error=lambda error: report_error(str(error)),
            tagger=tagger.value if tagger else None,
            on_skipped=lambda skipped: print_note(str(skipped)),
        )
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None and scheduler is None:
            cluster.close()
    typer.echo(
        f"{summary.documents} documents, {summary.records} records in "
        f"{len(summary.shards)} shards under {summary.out_dir}",
        err=True,
    )
    if summary.errors:
        raise typer.Exit(code=1)
