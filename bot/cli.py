"""The `attache` command line: a thin layer over the same core functions chat uses.

Imports are deferred into each sub-command so a cold `attache ask` loads only what answering
needs; only `serve` will import the platform libraries.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.dispatch import Core
    from bot.core.types import Context, Ranking, Reply, SourceRef, StatementItem

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
_TEXT_COMMANDS = (
    ("conditions", "the conditions and demands an entity or speaker stated", "e.g. Russia"),
    ("timeline", "what a speaker or entity said over time", "e.g. lavrov neutrality"),
    ("compare", "two sides side by side on a topic", "e.g. Russia and Ukraine on neutrality"),
    ("whosaid", "who said a phrase", "e.g. deciding vote"),
    ("show", "approved statements by number", "e.g. 12 13"),
    (
        "schedule",
        "a channel's digest schedule: set, show, off, filter, now",
        "e.g. set daily 09:00 UTC",
    ),
)
_EXIT_BY_CODE = {"permission_denied": 3, "internal": EXIT_ERROR}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="attache",
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

    ask = sub.add_parser(
        "ask",
        help="answer a question from approved statements",
        description="Answer a question from approved statements.",
    )
    ask.add_argument("question", nargs="*", help="the question (quotes optional)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")

    sub.add_parser(
        "chat",
        help="interactive console: the same commands as in chat",
        description="Type questions or commands (help lists them); Ctrl-D quits.",
    )

    st = sub.add_parser(
        "statements",
        help="list approved statements by a speaker or entity",
        description="List approved statements by a speaker or an entity.",
    )
    st.add_argument(
        "who", nargs="*", help="speaker or entity, then an optional topic: lavrov neutrality"
    )
    st.add_argument("--since", metavar="YYYY-MM-DD", help="said on or after this date")
    st.add_argument("--until", metavar="YYYY-MM-DD", help="said on or before this date")
    st.add_argument("--page", help="page number (10 statements a page)")
    st.add_argument("--json", action="store_true", help="print one JSON object")

    # Core commands whose argument is free text, exactly as typed in chat.
    for name, help_text, words in _TEXT_COMMANDS:
        cmd = sub.add_parser(
            name, help=help_text, description=help_text[0].upper() + help_text[1:] + "."
        )
        cmd.add_argument("words", nargs="*", help=words)
        cmd.add_argument("--json", action="store_true", help="print one JSON object")
        if name == "schedule":
            cmd.add_argument(
                "--channel",
                metavar="[PLATFORM:[WORKSPACE:]]CHANNEL",
                help="the channel to schedule (default: the terminal's own)",
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

    src = sub.add_parser(
        "sources",
        help="manage sources: list, add URL, remove ID",
        description="List, add or remove sources (feeds and pages).",
    )
    src.add_argument("action", choices=("list", "add", "remove"))
    src.add_argument(
        "args",
        nargs="*",
        help="add: URL [feed|page] [auto-approve] [name=…] [outlet=…] [interval=MIN]; remove: ID…",
    )

    sub.add_parser(
        "poll",
        help="fetch the sources that are due, once",
        description="Poll every due feed and page once and ingest what is new.",
    )

    rev = sub.add_parser(
        "review",
        help="the review queue: next (one card at a time), queue, list, approve, reject, edit",
        description="Approve or reject extracted statements, or fix their "
        "speaker, role, kind, date or points (never their words).",
    )
    rev.add_argument(
        "action", choices=("next", "queue", "list", "approve", "reject", "edit", "document")
    )
    rev.add_argument("args", nargs="*", help="statement numbers, then key=value for edit")

    # --- digest (bot/schedule): preview a channel's next digest --------------------------
    dig = sub.add_parser(
        "digest",
        help="print the digest a channel would get",
        description="Print the statements a channel's next digest would hold: approved since "
        "its last digest (or --since), its key statements by story and side, its filters applied. "
        "Nothing is posted or recorded.",
    )
    dig.add_argument("--since", help="e.g. 24h, 7d, 2024-03-01 or '2024-03-01 09:00'")
    dig.add_argument("--json", action="store_true", help="print one JSON object")
    dig.add_argument(
        "--channel",
        metavar="[PLATFORM:[WORKSPACE:]]CHANNEL",
        help="e.g. discord:GUILD_ID:CHANNEL_ID (default: the terminal's channel)",
    )
    # --- end digest -----------------------------------------------------------------------

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    from bot.core.errors import AttacheError

    try:
        core = _open_core(args.db)
    except AttacheError as error:
        print(f"attache: {error.message}", file=sys.stderr)
        return error.exit_status
    try:
        if args.command == "chat":
            from adapters.console.chat import run

            return run(core)
        if args.command == "ask":
            return _run(core, "ask", " ".join(args.question), {}, as_json=args.json)
        if args.command == "statements":
            given = {"page": args.page, "since": args.since, "until": args.until}
            options = {k: v for k, v in given.items() if v is not None}
            return _run(core, "statements", " ".join(args.who), options, as_json=args.json)
        if args.command in {name for name, _, _ in _TEXT_COMMANDS}:
            from bot.commands.digest import cli_context

            try:
                context = cli_context(getattr(args, "channel", None))
            except AttacheError as error:
                print(f"attache: {error.message}", file=sys.stderr)
                return error.exit_status
            text = " ".join(shlex.quote(w) if " " in w else w for w in args.words)
            return _run(core, args.command, text, {}, as_json=args.json, context=context)
        if args.command == "review" and args.action == "next":
            return _review_next(core, args.args)
        if args.command in ("sources", "review"):
            text = " ".join([args.action, *(shlex.quote(a) for a in args.args)])
            return _run(core, args.command, text, {}, as_json=False)
        if args.command == "ingest":
            from bot.cli_ingest import ingest

            return ingest(core, args.targets, approve=args.approve)
        if args.command == "extract":
            from bot.cli_ingest import extract

            return extract(core, args.path)
        if args.command == "digest":  # bot/schedule: preview a channel's next digest
            from bot.commands.digest import run_cli

            return run_cli(core, since=args.since, channel=args.channel, as_json=args.json)
        if args.command == "serve":
            return _serve(core, discord=args.discord, slack=args.slack, console=args.console)
        if args.command == "vectors":
            from bot.cli_vectors import run as vectors

            return vectors(core, args.action)
        if args.command == "poll":
            from bot.cli_ingest import poll

            return poll(core)
    finally:
        core.services.store.close()
    raise AssertionError(f"unhandled command {args.command}")


def _serve(core: Core, *, discord: bool, slack: bool, console: bool) -> int:
    import logging
    import os

    from bot.core.errors import AttacheError
    from bot.serve import build_runners, serve

    try:
        runners = build_runners(core, os.environ, discord=discord, slack=slack, console=console)
    except AttacheError as error:
        print(f"attache: {error.message}", file=sys.stderr)
        return error.exit_status
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return asyncio.run(serve(core, runners))


def _open_core(db: str | None) -> Core:
    from bot.core.dispatch import Core
    from bot.store.db import resolve_database_url
    from bot.store.store import Store

    return Core(Store.open(resolve_database_url(db)))


def _run(
    core: Core,
    name: str,
    text: str,
    options: dict[str, str],
    *,
    as_json: bool,
    context: Context | None = None,
) -> int:
    from types import MappingProxyType

    from adapters.console.render import render, wants_underline
    from bot.core.types import Command, Context

    if context is None:
        context = Context(platform="cli", user_id="cli", display_name="command line", is_admin=True)
    command = Command(name=name, text=text, options=MappingProxyType(options), context=context)
    reply = asyncio.run(core.handle(command))
    if reply.is_error:
        print(f"attache: {reply.title}", file=sys.stderr)
        return _EXIT_BY_CODE.get(reply.error_code or "", EXIT_USAGE)
    if as_json:
        print(json.dumps(reply_json(reply, render(reply)), ensure_ascii=False, indent=2))
    else:
        print(render(reply, underline=wants_underline(sys.stdout)))
    return EXIT_OK


def _review_next(core: Core, words: Sequence[str]) -> int:
    """`review next [key=value…]`: cards one at a time, single keys (adapters/console)."""
    from adapters.console.review_next import review_next
    from bot.commands.args import parse_args
    from bot.core.types import Context

    context = Context(platform="cli", user_id="cli", display_name="command line", is_admin=True)
    filters = parse_args(" ".join(shlex.quote(w) for w in words)).options
    return asyncio.run(review_next(core, context, filters))


def _why(ranking: Ranking) -> dict:
    """How an answer's statement was found and ranked (`ask --json`)."""
    return {
        "lexical_rank": ranking.lexical_rank,
        "dense_rank": ranking.dense_rank,
        "similarity": None if ranking.similarity is None else round(ranking.similarity, 4),
        "score": round(ranking.score, 4),
        "confidence": None if ranking.confidence is None else round(ranking.confidence, 4),
    }


def _source_json(source: SourceRef) -> dict:
    return {
        "outlet": source.outlet,
        "title": source.title,
        "url": source.url,
        "via": list(source.via),
    }


def reply_json(reply: Reply, text: str) -> dict:
    """The `ask --json` contract of DESIGN.md, plus points, direct and all sources."""
    return {
        "question": reply.question,
        "answered": reply.answered,
        "text": text,
        "statements": [statement_json(item) for item in reply.items],
    }


def statement_json(item: StatementItem) -> dict:
    """One statement as `ask --json` (and `digest --json`) print it."""
    return {
        "id": item.statement_id,
        "speaker": item.speaker,
        "role": item.role,
        "entity": item.entity,
        "quote": item.text,
        # The source's sentence carrying a quoted fragment; None: the quote stands alone.
        "sentence": item.sentence if item.in_sentence else None,
        "sentence_offset": item.sentence_offset if item.in_sentence else None,
        "direct": item.direct,
        "points": list(item.points),
        "kind": item.kind,
        "date": item.date.isoformat() if item.date else None,
        "outlet": item.sources[0].outlet if item.sources else None,
        "url": item.primary_url,
        "sources": [_source_json(s) for s in item.sources],
        # Other statements saying the same (a condition several documents report):
        # who, when, where; their words are not shown.
        "also": [
            {
                "id": c.statement_id,
                "speaker": c.speaker,
                "role": c.role,
                "date": c.date.isoformat() if c.date else None,
                "sources": [_source_json(s) for s in c.sources],
            }
            for c in item.also
        ],
        **({"why": _why(item.ranking)} if item.ranking else {}),
    }


if __name__ == "__main__":
    sys.exit(main())
