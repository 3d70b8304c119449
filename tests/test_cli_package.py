"""The command line is generated from the registry: every command and action is a
subcommand, hints are written as typed in a shell, and one function picks the exit status."""

from __future__ import annotations

import pytest

from bot.cli import build_parser, main
from bot.cli.main import BY_HAND
from bot.cli.output import print_reply
from bot.cli.parser import CLI_ONLY, option_values
from bot.cli.syntax import COMMAND_LINE
from bot.commands import build_registry
from bot.core.errors import (
    AdminOnly,
    ConfigurationError,
    InvalidInput,
    NotAllowedHere,
    NotFound,
    exit_status,
)
from bot.core.types import Reply

REGISTRY = build_registry()


def test_every_registry_command_is_in_attache_help(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    for spec in REGISTRY:
        assert f"    {spec.name}" in listed, spec.name
    for name in CLI_ONLY:
        assert f"    {name}" in listed, name


def test_every_action_parses_with_its_options() -> None:
    parser = build_parser(REGISTRY)
    for spec in REGISTRY:
        if spec.name in CLI_ONLY:
            continue
        for action in spec.actions:
            flags = [a for o in spec.options_of(action) for a in (f"--{o.name}", _value(o))]
            args = parser.parse_args([spec.name, action.name, "some", "words", *flags])
            assert (args.command, args.action, args.words) == (
                spec.name,
                action.name,
                ["some", "words"],
            )
            assert set(option_values(args)) == {o.name for o in spec.options_of(action)}
        if not spec.actions:
            args = parser.parse_args([spec.name, "a", "b"])
            assert args.command == spec.name and args.words == ["a", "b"]


def _value(option) -> str:  # noqa: ANN001
    return option.choices[0] if option.choices else "x"


def test_no_action_runs_the_first_as_in_chat() -> None:
    args = build_parser(REGISTRY).parse_args(["sources"])
    assert args.action is None and args.words == [] and not args.json


def test_each_command_only_the_terminal_has_runs_by_hand() -> None:
    assert set(BY_HAND) == set(CLI_ONLY)


def test_hints_and_help_read_as_typed_in_a_shell() -> None:
    sources = REGISTRY.get("sources")
    assert COMMAND_LINE.usage(sources, "add").startswith("attache sources add URL")
    assert COMMAND_LINE.example("review next") == "attache review next"
    assert COMMAND_LINE.question("What's new?") == "attache ask 'What'\"'\"'s new?'"
    assert COMMAND_LINE.free_text.startswith("A question is asked with attache ask")


def test_the_cli_prints_hints_with_the_attache_prefix(capsys, tmp_path) -> None:
    db = str(tmp_path / "hints.sqlite3")
    assert main(["--db", db, "sources"]) == 0
    assert "“attache sources add URL”" in capsys.readouterr().out
    assert main(["--db", db, "sources", "add"]) == 2
    assert "e.g. attache sources add https://example.org/feed.xml" in capsys.readouterr().err
    assert main(["--db", db, "help"]) == 0
    listed = capsys.readouterr().out
    assert "attache review approve ID…" in listed and "attache ask" in listed


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (InvalidInput("x"), 2),
        (NotFound("x"), 2),
        (ConfigurationError("x"), 2),
        (AdminOnly("x", action="a"), 3),
        (NotAllowedHere("x"), 3),
    ],
)
def test_an_error_exits_alike_raised_or_replied(error, status, capsys) -> None:  # noqa: ANN001
    assert error.exit_status == status == exit_status(error.code)
    replied = Reply(title="no", status="error", error_code=error.code)
    assert print_reply(replied) == status and capsys.readouterr().err == "attache: no\n"


def test_failures_of_ours_exit_1_and_no_answer_exits_0(capsys) -> None:
    assert exit_status("internal") == 1 and exit_status(None) == 1
    assert print_reply(Reply(title="I have no statement on that.", status="no_answer")) == 0
