"""The `attache` argument parser. The registry's commands are generated from their specs
(one subcommand a command, one under it an action, a --flag an option), so a command the
core adds appears here too; the commands only a terminal has are written by hand.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable

from bot.cli.syntax import COMMAND_LINE, PROGRAM
from bot.core.registry import CommandSpec, Option, Registry

# Commands the command line runs itself, not through `Core.handle` (a registry command of
# the same name, `ingest URL`, is the chat form of the command line's `ingest PATH|URL`).
CLI_ONLY = ("chat", "ingest", "extract", "poll", "vectors", "serve")
# The prefix of an option's attribute in the parsed arguments (never clashes with ours).
OPTION = "option_"


def build_parser(registry: Registry | None = None) -> argparse.ArgumentParser:
    if registry is None:
        from bot.commands import build_registry

        registry = build_registry()
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description="Answers questions about what officials said, with their exact, cited words.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL or SQLite file path (default: $ATTACHE_DATABASE_URL, "
        "else an SQLite file in your user data directory, created and seeded on first use)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for spec in registry:
        if spec.name not in CLI_ONLY:
            _add_spec(sub, spec)
    _add_cli_only(sub)
    return parser


def option_values(args: argparse.Namespace) -> dict[str, str]:
    """The spec options given as --flags, by their core names."""
    return {
        name.removeprefix(OPTION): value
        for name, value in vars(args).items()
        if name.startswith(OPTION) and value is not None
    }


def _add_spec(sub: argparse._SubParsersAction, spec: CommandSpec) -> None:
    parser = sub.add_parser(
        spec.name,
        help=spec.summary,
        description=f"{spec.summary}. {spec.help}",
        usage=COMMAND_LINE.usage(spec),
    )
    if not spec.actions:
        _add_arguments(parser, spec.options)
        return
    # No action given: the first, as in chat (`attache sources` lists them).
    parser.set_defaults(words=[], json=False, channel=None)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    for action in spec.actions:
        leaf = actions.add_parser(
            action.name,
            help=action.summary,
            description=action.summary,
            usage=COMMAND_LINE.usage(spec, action.name),
        )
        _add_arguments(leaf, spec.options_of(action))


def _add_arguments(parser: argparse.ArgumentParser, options: Iterable[Option]) -> None:
    parser.add_argument(
        "words", nargs="*", help='as typed in chat: words, "quoted phrases", key=value'
    )
    for option in options:
        parser.add_argument(
            f"--{option.name.replace('_', '-')}",
            dest=OPTION + option.name,
            metavar=option.name.upper(),
            choices=option.choices or None,
            help=option.description,
        )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--channel",
        metavar="[PLATFORM:[WORKSPACE:]]CHANNEL",
        help="the chat channel it runs for, e.g. discord:GUILD_ID:CHANNEL_ID "
        "(default: the terminal's own)",
    )


def _add_cli_only(sub: argparse._SubParsersAction) -> None:
    sub.add_parser(
        "chat",
        help="interactive console: the same commands as in chat",
        description="Type questions or commands (help lists them); Ctrl-D quits.",
    )

    ing = sub.add_parser(
        "ingest",
        help="ingest .txt, .html, .jsonl files or URLs",
        description="Extract statements from files (.txt, .html/.htm, corpus .jsonl) or URLs "
        "and queue them for review. Each document is stored whole or not at all; ingesting "
        "the same text twice changes nothing.",
    )
    ing.add_argument("targets", nargs="+", metavar="PATH|URL")
    ing.add_argument(
        "--approve",
        action="store_true",
        help="approve what is extracted (confident attributions only)",
    )

    ext = sub.add_parser(
        "extract",
        help="print the statements found in one file, storing nothing",
        description="Print one JSON object a line: speaker, quote, kind, start, end (offsets "
        "into the file's text; for HTML, into the extracted article text), and more.",
    )
    ext.add_argument("path", metavar="PATH")
    ext.add_argument("--json", action="store_true", help="JSON Lines output (the default)")

    sub.add_parser(
        "poll",
        help="fetch the sources that are due, once",
        description="Poll every due feed and page once and ingest what is new.",
    )

    vec = sub.add_parser(
        "vectors",
        help="statement vectors for dense retrieval: rebuild, status",
        description="Dense retrieval embeds each approved statement with the model "
        "ATTACHE_EMBEDDER names (default: wordllama; none turns it off). rebuild embeds "
        "every approved statement again (after a model change, or for a store made before "
        "vectors); status shows the model configured, the vectors stored per model and the "
        "approved statements without one.",
    )
    vec.add_argument("action", choices=("rebuild", "status"), help="rebuild or status")

    srv = sub.add_parser(
        "serve",
        help="run the Discord and/or Slack adapters, the feed poller and the scheduler",
        description="Run the bot. With no flag, every adapter whose token is set runs. "
        "Tokens come from the environment: DISCORD_TOKEN; SLACK_BOT_TOKEN with "
        "SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode).",
    )
    srv.add_argument("--discord", action="store_true", help="run the Discord adapter")
    srv.add_argument("--slack", action="store_true", help="run the Slack adapter")
    srv.add_argument(
        "--console",
        action="store_true",
        help="post digests of the terminal's channel to standard output (no token needed)",
    )
