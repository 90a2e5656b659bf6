"""The README against the code: every `poi-etl` command is documented with an example and has help text, and
the README's set-up commands are the ones CI runs.

The commands come from the real argument parser, so a new command fails here until the README shows it.
"""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest

from poi_warehouse.cli import _parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def subcommands() -> dict[str, tuple[argparse.ArgumentParser, str]]:
    """{name: (its parser, its one-line help)} for every subcommand of `poi-etl`."""
    (action,) = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    helps = {choice.dest: choice.help for choice in action._choices_actions}
    return {name: (parser, helps.get(name) or "") for name, parser in action.choices.items()}


def code_blocks(markdown: str) -> list[list[str]]:
    """The lines of each code block (stripped): indented by four spaces after a blank line, or fenced with ```."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    fenced, previous_blank = False, True
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            if fenced:
                blocks.append(current or [])
                current = None
            else:
                current = []
            fenced = not fenced
        elif fenced:
            current.append(stripped)
        elif line.startswith("    ") and stripped and (previous_blank or current is not None):
            current = [*(current or []), stripped]
        elif stripped and current is not None:  # a prose line ends an indented block
            blocks.append(current)
            current = None
        previous_blank = not stripped
    if current and not fenced:
        blocks.append(current)
    return blocks


def commands_run_by(script: str) -> list[str]:
    """The project scripts (`scripts/…`) a shell script runs, in order."""
    return [token for token in shlex.split(script, comments=True) if token.startswith("scripts/")]


def setup_commands(markdown: str) -> list[str]:
    """The README's set-up commands: the code blocks before its first section, one command each."""
    intro = markdown.split("\n## ", 1)[0]
    return [line for block in code_blocks(intro) for line in block]


EXAMPLES = [line for block in code_blocks(README) for line in block]
COMMANDS = subcommands()


def test_the_parser_and_the_readme_are_read():
    assert {"run", "sql"} <= set(COMMANDS)
    assert any(line.startswith(".venv/bin/poi-etl run") for line in EXAMPLES)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_help_text_with_an_example(name):
    parser, one_line = COMMANDS[name]
    assert one_line.strip(), f"`poi-etl {name}` has no help line in `poi-etl --help`"
    assert (parser.description or "").strip(), f"`poi-etl {name} --help` has no description"
    assert re.search(rf"^\s*poi-etl {name}\b", parser.epilog or "", re.M), f"`poi-etl {name} --help` shows no example"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_an_example_in_the_readme(name):
    pattern = re.compile(rf"(^|[\s/])poi-etl {re.escape(name)}(\s|$)")
    assert any(pattern.search(line) for line in EXAMPLES), f"README.md has no code example of `poi-etl {name}`"


def test_the_readme_set_up_commands_are_the_ones_ci_runs():
    readme = setup_commands(README)
    assert readme == ["scripts/demo", "scripts/test"], readme
    assert sorted(commands_run_by(CI_RUN)) == sorted(readme)


@pytest.mark.parametrize(
    "markdown, expected",
    [
        ("text\n\n    a\n    b\n\nmore\n\n    c\n", [["a", "b"], ["c"]]),
        ("text\n\n```sh\nx --y\n```\n", [["x --y"]]),
        ("- item\n    continued prose\n", []),
    ],
)
def test_code_blocks(markdown, expected):
    assert code_blocks(markdown) == expected


def test_commands_run_by_skips_comments():
    assert commands_run_by("# runs scripts/demo\nset -e\nscripts/test  # the suite\n") == ["scripts/test"]
