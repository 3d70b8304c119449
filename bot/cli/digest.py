"""`attache digest --json`: the channel's next digest as JSON (bot/commands/digest.py is the
command; without --json the command line prints its reply like any other's)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from bot.cli.output import fail_with, statement_json
from bot.commands.digest import preview_digest
from bot.core.errors import AttacheError
from bot.core.types import Context
from bot.schedule.digest import Digest

if TYPE_CHECKING:
    from bot.app.dispatch import Core


def digest_json(digest: Digest) -> dict:
    """`digest --json`: the period, how many statements it holds, and its stories, each
    statement with the fields of `ask --json`."""
    return {
        "since": digest.since.isoformat() if digest.since else None,
        "until": digest.until.isoformat(),
        "total": digest.total,
        "stories": [
            {"heading": story.heading, "statements": [statement_json(i) for i in story.items]}
            for story in digest.stories
        ],
    }


def print_digest_json(core: Core, context: Context, since: str | None) -> int:
    """`digest --json`: the digest the channel would get, as one JSON object (its own shape,
    not a reply's: the period and the stories)."""
    try:
        found, _ = preview_digest(core.services, context, since)
    except AttacheError as error:
        return fail_with(error)
    print(json.dumps(digest_json(found), ensure_ascii=False, indent=2))
    return 0
