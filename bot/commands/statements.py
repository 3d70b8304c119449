"""`statements`: approved statements by a speaker or entity, filtered by topic and dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.app.services import Services
from bot.commands.parties import split_parties, topic_question
from bot.core.errors import InvalidInput
from bot.core.parse import parse_args
from bot.core.registry import CommandSpec, Option, example
from bot.core.types import Command, Paging, Reply
from bot.core.validate import clean_text_argument
from bot.store import repo
from bot.store.views import statement_item

PAGE_SIZE = 10
TOPIC_POOL = 400


async def statements(command: Command, services: Services) -> Reply:
    args = parse_args(command.text, command.options)
    who = clean_text_argument(
        " ".join([args.options.get("who", ""), *args.words]),
        what="speaker or entity name",
        limit=200,
        example="“lavrov” or “Russia topic=neutrality since=2022-03-01”",
    )
    page = _page(args.options.get("page"))
    since, until = _date(args.options, "since"), _date(args.options, "until")
    if since and until and since > until:
        raise InvalidInput(f"since ({since}) is after until ({until}); nothing can match")
    with services.store.reading() as session:
        (party,), rest = split_parties(who, services, session, 1)
        topic = " ".join(p for p in (args.options.get("topic", ""), rest) if p).strip()
        if topic:
            question = party.narrow(
                replace(
                    topic_question(topic, services, session, intent="position"), pool=TOPIC_POOL
                )
            )
            ranked = services.answerer.answer_question(session, question, limit=TOPIC_POOL).ranked
            found = [
                s.statement
                for s in ranked
                if (not since or (s.statement.said_on and s.statement.said_on >= since))
                and (not until or (s.statement.said_on and s.statement.said_on <= until))
            ]
            found.sort(key=lambda st: ((st.said_on or date.min).toordinal(), st.id), reverse=True)
            total = len(found)
            rows = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        else:
            rows, total = repo.list_statements(
                session,
                speaker_ids=sorted(party.speaker_ids) or None,
                entity_ids=None if party.speaker_ids else sorted(party.entity_ids),
                since=since,
                until=until,
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
            )
        items = tuple(statement_item(st) for st in rows)
    label = party.label + (f" on {topic}" if topic else "") + _span(since, until)
    if not items:
        return Reply(
            title=f"No approved statements from {label}"
            + (f" on page {page}" if page > 1 and total else "")
            + ".",
            status="no_answer",
        )
    shown_to = (page - 1) * PAGE_SIZE + len(items)
    notices: tuple[str, ...] = ()
    if total > shown_to:
        notices = (f"Showing {shown_to} of {total}; ask for page {page + 1} to see more.",)
    return Reply(
        title=f"Statements from {label} ({total} in all), newest first",
        items=items,
        notices=notices,
        paging=_paging(who, args.options, page, total),
    )


def _paging(who: str, options: dict[str, str], page: int, total: int) -> Paging | None:
    """The command again without its page, for adapters that offer Previous / Next."""
    pages = -(-total // PAGE_SIZE)
    if pages <= 1:
        return None
    kept = [("who", who)] + [(k, options[k]) for k in ("topic", "since", "until") if options.get(k)]
    return Paging(command="statements", options=tuple(kept), page=page, pages=pages)


def _span(since: date | None, until: date | None) -> str:
    if since and until:
        return f", {since} to {until}"
    if since:
        return f", since {since}"
    return f", until {until}" if until else ""


def _date(options: dict[str, str], key: str) -> date | None:
    raw = options.get(key)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{key} must be a date written YYYY-MM-DD (got “{raw}”)") from None


def _page(raw: str | None) -> int:
    if raw is None:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        raise InvalidInput(f"page must be a whole number from 1 to 10,000 (got “{raw}”)")
    return int(raw)


SPECS = [
    CommandSpec(
        name="statements",
        summary="Approved statements by a speaker or entity, newest first; topic and dates",
        usage="statements SPEAKER|ENTITY [TOPIC] [since=YYYY-MM-DD] [until=YYYY-MM-DD] [page=N]",
        help="Names, surnames, aliases and demonyms work: “lavrov”, “the Kremlin”, “US”. "
        "Words after the name narrow it to a topic.",
        handler=statements,
        options=(
            Option("who", "A speaker or an entity", required=True, kind="speaker"),
            Option("topic", "What about, e.g. neutrality"),
            Option("since", "From this date, YYYY-MM-DD", kind="date"),
            Option("until", "Up to this date, YYYY-MM-DD", kind="date"),
            Option("page", "Page number", kind="integer"),
        ),
        examples=(
            "statements lavrov",
            example(
                "statements the Kremlin sanctions since=2022-03-01",
                who="the Kremlin",
                topic="sanctions",
                since="2022-03-01",
            ),
        ),
    )
]
