"""The `attache` command line: a thin layer over the same `Core.handle` chat uses.

Every registry command runs the same way (`run_command`); the commands only a terminal has
run from the `BY_HAND` table. Imports are deferred into each so a cold `attache ask` loads
only what answering needs; only `serve` imports the platform libraries.
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from bot.cli.output import EXIT_OK, fail_with, print_reply
from bot.cli.parser import build_parser, option_values
from bot.cli.syntax import COMMAND_LINE
from bot.core.errors import AttacheError

if TYPE_CHECKING:
    from bot.app.dispatch import Core
    from bot.core.registry import Registry
    from bot.core.types import Context

# Commands whose text is read whole (a question, a name), so the words are joined as typed;
# the others read words and "quoted phrases", so a word holding spaces is quoted again.
WHOLE_TEXT = ("ask", "statements")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK


def _main(argv: Sequence[str] | None) -> int:
    from bot.commands import build_registry

    registry = build_registry()
    args = build_parser(registry).parse_args(argv)
    try:
        core = _open_core(args.db, registry)
    except AttacheError as error:
        return fail_with(error)
    try:
        by_hand = BY_HAND.get(args.command)
        return by_hand(core, args) if by_hand else run_command(core, args)
    finally:
        core.services.store.close()


def _open_core(db: str | None, registry: Registry) -> Core:
    from bot.app.dispatch import Core
    from bot.store.db import resolve_database_url
    from bot.store.store import Store

    return Core(Store.open(resolve_database_url(db)), registry)


def run_command(core: Core, args: argparse.Namespace) -> int:
    """A registry command, as chat runs it: its words and --flags become the Command."""
    from bot.cli.channel import cli_context
    from bot.core.types import Command

    try:
        context = cli_context(args.channel)
    except AttacheError as error:
        return fail_with(error)
    options = option_values(args)
    action = getattr(args, "action", None)
    if action is not None:
        options["action"] = action
    words = args.words
    text = " ".join(words if args.command in WHOLE_TEXT else map(_quoted, words))
    if args.command == "review" and action == "next" and not args.json:
        # One card at a time, keys read from the terminal; with --json the next card is
        # printed as chat would send it, for a script.
        return _review_next(core, context, text, options)
    if args.command == "digest" and args.json:  # its JSON is the digest's, not a reply's
        from bot.cli.digest import print_digest_json

        return print_digest_json(core, context, options.get("since"))
    command = Command(
        args.command, text, MappingProxyType(options), context=context, syntax=COMMAND_LINE
    )
    return print_reply(asyncio.run(core.handle(command)), as_json=args.json)


def _quoted(word: str) -> str:
    return shlex.quote(word) if " " in word else word


def _review_next(core: Core, context: Context, text: str, options: dict[str, str]) -> int:
    """`review next [key=value…]`: cards one at a time, single keys (adapters/console), as
    in the channel `--channel` names (its allowed commands, its audit), the terminal's
    own otherwise."""
    from adapters.console.review_next import review_next
    from bot.core.parse import parse_args

    filters = parse_args(text, options).options
    filters.pop("action", None)
    return asyncio.run(review_next(core, context, filters))


# --- the commands only a terminal has ------------------------------------------------------


def _chat(core: Core, args: argparse.Namespace) -> int:
    from adapters.console.chat import run

    return run(core)


def _ingest(core: Core, args: argparse.Namespace) -> int:
    from bot.cli.ingest import ingest

    return ingest(core, args.targets, approve=args.approve)


def _extract(core: Core, args: argparse.Namespace) -> int:
    from bot.cli.ingest import extract

    return extract(core, args.path)


def _poll(core: Core, args: argparse.Namespace) -> int:
    from bot.cli.ingest import poll

    return poll(core)


def _vectors(core: Core, args: argparse.Namespace) -> int:
    from bot.cli.vectors import run

    return run(core, args.action)


def _serve(core: Core, args: argparse.Namespace) -> int:
    import logging
    import os

    from bot.serve import build_runners, serve

    try:
        runners = build_runners(
            core, os.environ, discord=args.discord, slack=args.slack, console=args.console
        )
    except AttacheError as error:
        return fail_with(error)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return asyncio.run(serve(core, runners))


# What runs each of parser.CLI_ONLY (tests/test_cli_package.py checks they agree).
BY_HAND: dict[str, Callable[[Core, argparse.Namespace], int]] = {
    "chat": _chat,
    "ingest": _ingest,
    "extract": _extract,
    "poll": _poll,
    "vectors": _vectors,
    "serve": _serve,
}
