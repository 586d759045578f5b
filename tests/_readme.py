"""The `kg` commands of the README, for the tests that run every one of them."""

from __future__ import annotations

import pathlib
import re
import shlex

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
_TABLE_COMMAND = re.compile(r"^\| [^|]+ \| `(kg [^`]+)` \|", re.MULTILINE)


def _section(start: str, end: str) -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index(start):text.index(end)]


def readme_commands(start: str = "### Asking questions", end: str = "## Neo4j\n") -> list[str]:
    """Every `kg ...` line of the bash blocks and the question table between two headings."""
    text = _section(start, end)
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.DOTALL):
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("kg "):
                commands.append(line.split("  #", 1)[0].strip())
    return commands + _TABLE_COMMAND.findall(text)


def argv(command: str) -> list[str]:
    """The arguments after `kg`, as the shell would split them."""
    return shlex.split(command)[1:]
