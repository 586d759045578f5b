"""`make demo` (python -m kg.demo), run on examples/. The notebooks: tests/unit/explore/."""

from __future__ import annotations

import io
import json
import pathlib

import pytest
from rich.console import Console

from kg import demo
from kg.store.embedded import EmbeddedStore

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, pathlib.Path]:
    store = tmp_path_factory.mktemp("demo") / "kg-data-demo"
    # A leftover document must not survive: every run starts from a fresh store.
    EmbeddedStore(store).add_records([{"kind": "document", "doc": "stale", "path": "x"}])
    out = io.StringIO()
    status = demo.run([str(EXAMPLES)], store, console=Console(file=out, width=140))
    return status, out.getvalue(), store


@pytest.mark.parametrize(
    "expected",
    [
        "5 documents extracted",
        "Documents",
        "Entities by type",
        "Facts by predicate",
        "Merge report",
        "1. Who said what?",
        "2. Who sent teams or gave supplies where?",
        "3. Who holds which post?",
        "4. Who visited where?",
        "5. Who met whom?",
        "6. How are",
        "Try next:",
        "kg ask",
        "kg load",
    ],
)
def test_demo_prints_every_section(demo_run: tuple[int, str, pathlib.Path], expected: str) -> None:
    assert expected in demo_run[1]


@pytest.mark.parametrize(
    "answer",
    ["李振华", "平安凯旋", "江苏省", "医疗队", "湖北省", "江苏省委", "林志远", "深圳市",
     "古特雷斯"],
)
def test_demo_answers_come_from_the_articles(
    demo_run: tuple[int, str, pathlib.Path], answer: str
) -> None:
    assert answer in demo_run[1]


def test_demo_builds_a_fresh_store(demo_run: tuple[int, str, pathlib.Path]) -> None:
    status, _, store = demo_run
    assert status == 0
    docs = EmbeddedStore(store).documents()
    assert len(docs) == 5 and "stale" not in docs


def test_demo_connects_two_actors_hop_by_hop(demo_run: tuple[int, str, pathlib.Path]) -> None:
    section = demo_run[1].split("6. How are", 1)[1].split("Try next:", 1)[0]
    assert section.lstrip().split("\n")[1].startswith("1. ")
    assert " → " in section
    assert "-[" in section and "]->" in section


def test_main_parses_paths_and_store(tmp_path: pathlib.Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    one = EXAMPLES / "04_visit.txt"
    assert demo.main([str(one), "--store", str(tmp_path / "s")]) == 0
    assert "林志远" in capsys.readouterr().out
    assert EmbeddedStore(tmp_path / "s").documents() == ["04_visit"]


def test_demo_reports_unreadable_input(tmp_path: pathlib.Path) -> None:
    out = io.StringIO()
    status = demo.run([str(tmp_path / "missing.txt")], tmp_path / "s",
                      console=Console(file=out, width=140))
    assert status == 1
    assert "error:" in out.getvalue()


def test_demo_path_is_what_kg_ask_path_answers(demo_run: tuple[int, str, pathlib.Path]) -> None:
    from typer.testing import CliRunner

    import kg.cli.ask  # noqa: F401 - registers `kg ask`
    from kg.cli import app

    _, output, store = demo_run
    section = output.split("6. How are", 1)[1].split("Try next:", 1)[0]
    command = next(line.split() for line in output.splitlines() if "kg ask path" in line)
    a, b, hops = command[3], command[4], command[command.index("--max-hops") + 1]
    result = CliRunner().invoke(app, ["ask", "path", a, b, "--max-hops", hops, "--store",
                                      str(store), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    walks = [json.loads(line)["walk"] for line in result.stdout.splitlines()]
    assert walks and all(walk in section for walk in walks)
    assert section.count(" → ") == sum(walk.count(" → ") for walk in walks)
