"""The `attache` command line: a thin layer over the same core functions chat uses.

Imports are deferred into each sub-command so a cold `attache ask` loads only what answering
needs; only `serve` will import the platform libraries.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.dispatch import Core
    from bot.core.types import Reply

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
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
    st.add_argument("who", nargs="*", help="speaker or entity, e.g. lavrov, Russia, the Kremlin")
    st.add_argument("--page", help="page number (10 statements a page)")
    st.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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
            options = {"page": args.page} if args.page is not None else {}
            return _run(core, "statements", " ".join(args.who), options, as_json=args.json)
    finally:
        core.services.store.close()
    raise AssertionError(f"unhandled command {args.command}")


def _open_core(db: str | None) -> Core:
    from bot.core.dispatch import Core
    from bot.store.db import resolve_database_url
    from bot.store.store import Store

    return Core(Store.open(resolve_database_url(db)))


def _run(core: Core, name: str, text: str, options: dict[str, str], *, as_json: bool) -> int:
    from types import MappingProxyType

    from adapters.console.render import render
    from bot.core.types import Command, Context

    context = Context(platform="cli", user_id="cli", display_name="command line", is_admin=True)
    command = Command(name=name, text=text, options=MappingProxyType(options), context=context)
    reply = asyncio.run(core.handle(command))
    if reply.is_error:
        print(f"attache: {reply.title}", file=sys.stderr)
        return _EXIT_BY_CODE.get(reply.error_code or "", EXIT_USAGE)
    if as_json:
        print(json.dumps(reply_json(reply, render(reply)), ensure_ascii=False, indent=2))
    else:
        print(render(reply))
    return EXIT_OK


def reply_json(reply: Reply, text: str) -> dict:
    """The `ask --json` contract of DESIGN.md, plus points, direct and all sources."""
    return {
        "question": reply.question,
        "answered": reply.answered,
        "text": text,
        "statements": [
            {
                "id": item.statement_id,
                "speaker": item.speaker,
                "role": item.role,
                "entity": item.entity,
                "quote": item.text,
                "direct": item.direct,
                "points": list(item.points),
                "kind": item.kind,
                "date": item.date.isoformat() if item.date else None,
                "outlet": item.sources[0].outlet if item.sources else None,
                "url": item.primary_url,
                "sources": [
                    {"outlet": s.outlet, "title": s.title, "url": s.url, "via": list(s.via)}
                    for s in item.sources
                ],
            }
            for item in reply.items
        ],
    }


if __name__ == "__main__":
    sys.exit(main())
