"""The one text parser: typed text -> command, action and arguments (console, Slack, CLI)."""

from __future__ import annotations

import pytest

from bot.commands import build_registry
from bot.core.parse import parse_args, split_action, split_command

REGISTRY = build_registry()
SOURCES = ("list", "add", "remove")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what are Russia's conditions?", ("ask", "what are Russia's conditions?")),
        ("statements lavrov", ("statements", "lavrov")),
        ("Statements  lavrov ", ("statements", "lavrov")),
        ("admin sources add https://e.org/f", ("sources", "add https://e.org/f")),
        ("admin", ("help", "")),
        ("admin of what?", ("ask", "admin of what?")),
        ("/help ask", ("help", "ask")),
        ("", ("help", "")),
        ("   ", ("help", "")),
        ("showing off", ("ask", "showing off")),
    ],
)
def test_split_command(text: str, expected: tuple[str, str]) -> None:
    assert split_command(text, REGISTRY) == expected


def test_every_registered_command_is_reachable_as_typed() -> None:
    for spec in REGISTRY:
        assert split_command(f"{spec.name} x", REGISTRY) == (spec.name, "x")


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("add https://e.org/f feed", {}, ("add", "https://e.org/f feed")),
        ("ADD https://e.org/f", {}, ("add", "https://e.org/f")),
        ("", {}, ("list", "")),  # none given: the first action
        ("name=x add https://e.org", {}, ("add", "name=x https://e.org")),
        ("https://e.org", {"action": "add"}, ("add", "https://e.org")),  # Discord's option
        ("add https://e.org", {"action": "add"}, ("add", "https://e.org")),
        ("frobnicate 1", {}, ("frobnicate", "frobnicate 1")),  # unknown: left to the caller
        ("remove address", {}, ("remove", "address")),  # the word, not a part of another
    ],
)
def test_split_action(text: str, options: dict[str, str], expected: tuple[str, str]) -> None:
    assert split_action(text, options, SOURCES, default="list") == expected


def test_parse_args_reads_words_phrases_and_options() -> None:
    args = parse_args('approve 12 13 kind=condition "role=foreign minister"', {"ids": "4"})
    assert args.words == ("approve", "12", "13") and args.first() == "approve"
    assert args.options == {"kind": "condition", "role": "foreign minister", "ids": "4"}
    assert parse_args("Russia's foreign minister").words == ("Russia's", "foreign", "minister")
