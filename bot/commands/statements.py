"""`statements`: list approved statements by a speaker or an entity."""

from __future__ import annotations

from bot.answer.compose import statement_item
from bot.core.errors import InvalidInput, NotFound
from bot.core.registry import CommandSpec, Option
from bot.core.services import Services
from bot.core.types import Command, Reply
from bot.core.validate import clean_text_argument
from bot.store import repo

PAGE_SIZE = 10


async def statements(command: Command, services: Services) -> Reply:
    who = clean_text_argument(
        command.option("who") or command.text,
        what="speaker or entity name",
        limit=200,
        example="“lavrov” or “Russia”",
    )
    page = _page(command.option("page"))
    with services.store.reading() as session:
        resolver = services.answerer.resolver(session)
        mentions = resolver.find(who, names_only=True)
        if not mentions:
            counts = repo.approved_counts_by_speaker(session)
            known = sorted(resolver.speakers[i].name for i in counts if i in resolver.speakers)
            raise NotFound(
                f"no speaker or entity called “{who}”; I have statements from: "
                + (", ".join(known) if known else "nobody yet")
            )
        speaker_ids = sorted({i for m in mentions if m.kind == "speaker" for i in m.target_ids})
        entity_ids = sorted({i for m in mentions if m.kind == "entity" for i in m.target_ids})
        rows, total = repo.list_statements(
            session,
            speaker_ids=speaker_ids or None,
            entity_ids=None if speaker_ids else entity_ids,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        names = [resolver.speakers[i].name for i in speaker_ids] or [
            resolver.entities[i].name for i in entity_ids
        ]
        label = " / ".join(names)
        if not rows:
            return Reply(
                title=f"No approved statements from {label}"
                + (f" on page {page}" if page > 1 and total else "")
                + ".",
                status="no_answer",
            )
        items = tuple(statement_item(st) for st in rows)
    shown_to = (page - 1) * PAGE_SIZE + len(items)
    notices = ()
    if total > shown_to:
        notices = (f"Showing {shown_to} of {total}; ask for page {page + 1} to see more.",)
    return Reply(title=f"Statements from {label} ({total} in all)", items=items, notices=notices)


def _page(raw: str | None) -> int:
    if raw is None:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        raise InvalidInput(f"page must be a whole number from 1 to 10,000 (got “{raw}”)")
    return int(raw)


SPECS = [
    CommandSpec(
        name="statements",
        summary="List approved statements by a speaker or an entity, newest first",
        usage="statements SPEAKER|ENTITY [--page N]",
        help="Names, surnames, aliases and demonyms work: “lavrov”, “the Kremlin”, “US”.",
        handler=statements,
        options=(
            Option("who", "A speaker or an entity", required=True, kind="speaker"),
            Option("page", "Page number", kind="integer"),
        ),
        examples=("statements lavrov", "statements the Kremlin"),
    )
]
