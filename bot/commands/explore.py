"""Exploring commands: conditions, timeline, compare, whosaid."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.app.services import Services
from bot.commands.parties import split_parties, topic_question
from bot.core.errors import InvalidInput
from bot.core.registry import CommandSpec, Option, example
from bot.core.types import Command, Reply, StatementItem
from bot.core.validate import clean_text_argument
from bot.store import repo
from bot.store.models import Statement
from bot.store.views import statement_item

SHOWN = 3
TIMELINE_SHOWN = 10
TIMELINE_POOL = 400
PHRASE_POOL = 300


def _argument(command: Command, *names: str, what: str, example: str) -> str:
    typed = " ".join(command.option(n) or "" for n in names).strip()
    return clean_text_argument(typed or command.text, what=what, limit=300, example=example)


def _date_key(item: StatementItem) -> tuple[int, int]:
    # Unknown dates sort last: a timeline must not pretend to know when something was said.
    return ((item.date or date.max).toordinal(), item.statement_id)


async def conditions(command: Command, services: Services) -> Reply:
    text = _argument(command, "who", what="entity or speaker", example="“Russia”")
    with services.store.reading() as session:
        (party,), topic = split_parties(text, services, session, 1)
        question = topic_question(topic, services, session, intent="conditions")
        question = party.narrow(replace(question, kinds=frozenset({"condition", "demand"})))
        answer = services.answerer.answer_question(session, question, limit=SHOWN + 9)
        # Each a point: one statement's words, citing all that say the same (see
        # bot.answer.conditions, which `ask` uses too).
        ranked = [s for s in answer.ranked if s.statement.kind in ("condition", "demand")]
        items = tuple(statement_item(s.statement, s.also) for s in ranked[:SHOWN])
        more = tuple(s.statement.id for s in ranked[SHOWN:])
    if not items:
        return Reply(
            title=f"I have no conditions or demands stated by {party.label}.", status="no_answer"
        )
    top = items[0]
    speakers = {i.speaker for i in items} | {c.speaker for i in items for c in i.also}
    by = f"as stated by {top.attribution}" if len(speakers) == 1 else "most stated first"
    return Reply(
        title=f"Conditions and demands of {party.label}, {by}:",
        items=items,
        numbered=bool(top.points),
        more=more,
    )


async def timeline(command: Command, services: Services) -> Reply:
    text = _argument(command, "who", "topic", what="speaker or entity", example="“lavrov talks”")
    with services.store.reading() as session:
        (party,), topic = split_parties(text, services, session, 1)
        question = party.narrow(
            replace(topic_question(topic, services, session, intent="position"), pool=TIMELINE_POOL)
        )
        answer = services.answerer.answer_question(session, question, limit=TIMELINE_POOL)
        items = sorted((statement_item(s.statement) for s in answer.ranked), key=_date_key)
    about = f" on {topic}" if topic else ""
    if not items:
        return Reply(title=f"I have no statements from {party.label}{about}.", status="no_answer")
    dated = [i.date for i in items if i.date]
    span = f", {dated[0]} to {dated[-1]}" if dated else ", dates unknown"
    return Reply(
        title=f"Timeline: {party.label}{about} ({len(items)} statement"
        f"{'s' if len(items) != 1 else ''}{span}), oldest first",
        items=tuple(items[:TIMELINE_SHOWN]),
        more=tuple(i.statement_id for i in items[TIMELINE_SHOWN:]),
    )


async def compare(command: Command, services: Services) -> Reply:
    text = _argument(
        command, "a", "b", "topic", what="two sides", example="“Russia Ukraine neutrality”"
    )
    with services.store.reading() as session:
        parties, topic = split_parties(text, services, session, 2)
        if parties[0] == parties[1]:
            raise InvalidInput(f"compare needs two different sides; both are {parties[0].label}")
        base = topic_question(topic, services, session, intent="position")
        items: list[StatementItem] = []
        silent: list[str] = []
        for party in parties:
            answer = services.answerer.answer_question(session, party.narrow(base), limit=SHOWN)
            side = [replace(statement_item(s.statement), group=party.label) for s in answer.ranked]
            items += side
            if not side:
                silent.append(party.label)
    about = f" on {topic}" if topic else ""
    label = f"{parties[0].label} and {parties[1].label}{about}"
    if not items:
        return Reply(title=f"I have no statements from {label}.", status="no_answer")
    notices = tuple(f"I have no statement from {name}{about}." for name in silent)
    return Reply(title=f"Side by side: {label}", items=tuple(items), notices=notices)


def _normalise(text: str) -> str:
    table = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})
    return " ".join(text.translate(table).casefold().split())


async def whosaid(command: Command, services: Services) -> Reply:
    phrase = _argument(command, "phrase", what="phrase", example="“deciding vote”").strip("\"'“”‘’")
    wanted = _normalise(phrase)
    if len(wanted) < 3:
        raise InvalidInput("the phrase is too short; give at least three characters of the words")
    with services.store.reading() as session:
        question = topic_question(phrase, services, session, intent="who_said")
        answer = services.answerer.answer_question(
            session, replace(question, pool=PHRASE_POOL), limit=PHRASE_POOL
        )
        found: list[Statement] = [
            s.statement
            for s in answer.ranked
            if wanted
            in _normalise(" ".join([s.statement.text, *(p.text for p in s.statement.points)]))
        ]
        items = sorted((statement_item(s) for s in found), key=_date_key)
        counts = repo.approved_counts_by_speaker(session) if not items else {}
    if not items:
        hint = " (I search approved statements only)" if counts else ""
        return Reply(title=f"Nobody in my statements said “{phrase}”{hint}.", status="no_answer")
    speakers = list(dict.fromkeys(i.speaker for i in items))
    others = (
        f" and {len(speakers) - 1} other{'s' if len(speakers) > 2 else ''}"
        if len(speakers) > 1
        else ""
    )
    return Reply(
        title=f"“{phrase}” was said by {items[0].attribution}{others}; earliest first",
        items=tuple(items[:SHOWN]),
        more=tuple(i.statement_id for i in items[SHOWN:]),
    )


SPECS = [
    CommandSpec(
        name="conditions",
        summary="The conditions and demands an entity or speaker has stated",
        usage="conditions ENTITY|SPEAKER [TOPIC]",
        help="Numbered when the source enumerates them (“two conditions … First … Second …”).",
        handler=conditions,
        options=(Option("who", "An entity or speaker, e.g. Russia", required=True, kind="entity"),),
        examples=("conditions Russia", "conditions the Kremlin talks"),
    ),
    CommandSpec(
        name="timeline",
        summary="What a speaker or entity said over time, oldest first, optionally on a topic",
        usage="timeline ENTITY|SPEAKER [TOPIC]",
        help="Statements with unknown dates come last; nothing is given a date it lacks.",
        handler=timeline,
        options=(
            Option("who", "A speaker or entity", required=True, kind="speaker"),
            Option("topic", "What about, e.g. neutrality"),
        ),
        examples=(
            "timeline lavrov",
            example(
                "timeline Ukraine security guarantees", who="Ukraine", topic="security guarantees"
            ),
        ),
    ),
    CommandSpec(
        name="compare",
        summary="Two sides side by side, optionally on a topic",
        usage="compare A B [TOPIC]",
        help="Each side shows its own best statements on the topic, under its own heading.",
        handler=compare,
        options=(
            Option("a", "First side", required=True, kind="entity"),
            Option("b", "Second side", required=True, kind="entity"),
            Option("topic", "What about, e.g. neutrality"),
        ),
        examples=(
            example(
                "compare Russia and Ukraine on neutrality",
                a="Russia",
                b="Ukraine",
                topic="neutrality",
            ),
            example("compare lavrov blinken talks", a="lavrov", b="blinken", topic="talks"),
        ),
    ),
    CommandSpec(
        name="whosaid",
        summary="Who said a phrase, earliest first",
        usage='whosaid "PHRASE"',
        help="Finds approved statements containing the words (case, spacing and quote marks "
        "aside).",
        handler=whosaid,
        options=(Option("phrase", "The words, e.g. deciding vote", required=True),),
        examples=('whosaid "deciding vote"', "whosaid posturing"),
    ),
]
