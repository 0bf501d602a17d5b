"""The ``pmcourse`` command as a table: one module per subcommand, same flags."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from pmcourse import cli
from pmcourse.commands import COMMANDS, Command, find_course

REPO = find_course(Path(__file__).parent)

#: every subcommand's flags, as they were before the CLI became a table
FLAGS = {
    "release": {"--no-exchange"},
    "import": {"path", "--roster"},
    "autograde": {
        "--jobs",
        "--timeout",
        "--cell-timeout",
        "--memory",
        "--student",
        "--force",
        "--no-sandbox",
        "--dask",
        "--quiet",
    },
    "status": {"--json"},
    "feedback": {"--student"},
    "export": {"--format", "--roster", "--output"},
    "report": {"--output"},
    "variant": {"--student", "--answers", "--json"},
    "review": {"student", "--accept", "--score", "--reopen", "--reason", "--by"},
    "due": {"--date", "--grace", "--per-day", "--cap", "--clear"},
}


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_the_table_has_every_command_with_its_flags():
    """Is each subcommand in the table, with the flags it always had?"""
    assert list(COMMANDS) == list(FLAGS)
    parsers = _subparsers(cli._parser())
    assert set(parsers) == set(FLAGS) | {"capstone", "progress"}
    for name, flags in FLAGS.items():
        found = {
            a.option_strings[-1] if a.option_strings else a.dest
            for a in parsers[name]._actions
        }
        assert found == flags | {"--help", "assignment"}, name


def test_a_command_added_to_the_table_is_parsed_and_run(monkeypatch, capsys):
    """Is dispatch by the table: a new row is parsed, given the full assignment
    name and run, with no other change to the CLI?"""
    seen = {}

    def run(course, args):
        seen["args"] = (course.root, args.assignment, args.loud)
        return 7

    hello = Command(
        "hello",
        "say hello",
        "pmcourse hello ps03",
        lambda p: p.add_argument("--loud", action="store_true"),
        run,
    )
    monkeypatch.setitem(COMMANDS, "hello", hello)
    assert cli.main(["--course", str(REPO), "hello", "ps03", "--loud"]) == 7
    assert seen["args"] == (REPO, "ps03_scheduling", True)
    with pytest.raises(SystemExit):
        cli.main(["hello", "--help"])
    assert "example: pmcourse hello ps03" in capsys.readouterr().out
