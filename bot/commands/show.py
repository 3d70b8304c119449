"""`show`: approved statements by number; what "More" buttons ask for."""

from __future__ import annotations

from bot.app.services import Services
from bot.commands.args import parse_ids
from bot.core.parse import parse_args
from bot.core.registry import CommandSpec, Option
from bot.core.types import Command, Reply
from bot.store import repo
from bot.store.views import statement_item

PAGE = 3


async def show(command: Command, services: Services) -> Reply:
    args = parse_args(command.text, command.options)
    words = args.words + tuple(args.options.get("ids", "").replace(",", " ").split())
    ids = parse_ids(words)
    with services.store.reading() as session:
        # Only approved statements: a "More" button must not reveal the review queue.
        rows = [s for s in repo.statements_by_ids(session, ids) if s.status == "approved"]
        items = tuple(statement_item(s) for s in rows[:PAGE])
        more = tuple(s.id for s in rows[PAGE:])
    if not items:
        return Reply(title="Those statements are no longer available.", status="no_answer")
    return Reply(title="More statements", items=items, more=more)


SPECS = [
    CommandSpec(
        name="show",
        summary="Show approved statements by number (what the More button asks for)",
        usage="show ID…",
        help="Shows up to three approved statements, with their sources; more stay behind More.",
        handler=show,
        options=(Option("ids", "Statement numbers, e.g. 12 13", required=True),),
        examples=("show 12 13",),
    )
]
