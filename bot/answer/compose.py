"""Turn ranked statements into a `Reply`: a one-line summary, then cited items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.answer.analysis import bare_role
from bot.answer.engine import Answer
from bot.core.syntax import CONSOLE, CommandSyntax
from bot.core.types import Citation, Ranking, Reply, SourceRef, StatementItem
from bot.store.models import Statement

_PLURAL = {"condition": "conditions", "demand": "demands"}


def attribution_label(
    name: str,
    role: str | None,
    entity: str | None,
    aliases: Sequence[str],
    demonyms: Sequence[str] = (),
) -> str:
    """ "Sergei Lavrov, Russia's foreign minister"; "Ned Price, US State Department spokesman".

    The role is the one the source states, cleaned of what a title never starts with (a
    dash, an article: "- Kremlin spokesman", "a spokesman for …"). The entity is added only
    where the role does not already say it (by name, alias or demonym: no "Russia's Russian
    Foreign Minister") and reads naturally with it; a name ending in "s" takes an apostrophe
    alone ("United States' ambassador").
    """
    role = bare_role(role or "")
    if not role:
        names_it = entity and any(
            f" {a.lower()} " in f" {name.lower()} " for a in (entity, *aliases)
        )
        return f"{name} ({entity})" if entity and not names_it else name
    if not entity:
        return f"{name}, {role}"
    lowered = f" {role.lower()} "
    if any(
        f" {a.lower()} " in lowered or f" {a.lower()}’" in lowered or f" {a.lower()}'" in lowered
        for a in (entity, *aliases, *demonyms)
    ):
        return f"{name}, {role}"
    if "’s " in role or "'s " in role or " for " in lowered or " of " in lowered:
        return f"{name}, {role} ({entity})"
    return f"{name}, {_possessive(entity)} {role}"


def _possessive(name: str) -> str:
    """ "Russia's", "the United States'", "the United Kingdom's": a name whose last word is a
    common noun takes "the"."""
    the = "the " if name.split()[-1] in _COMMON_NOUN_ENDINGS else ""
    return f"{the}{name}'" if name.endswith("s") else f"{the}{name}'s"


_COMMON_NOUN_ENDINGS = frozenset(
    "States Kingdom Republic Emirates Union Nations Islands Netherlands Philippines "
    "Bahamas Gambia Federation Commission Council Parliament Assembly Organization "
    "Organisation Alliance Bank Fund Court Agency".split()
)


def statement_item(st: Statement, also: Sequence[Statement] = ()) -> StatementItem:
    """The statement as shown; `also`: other statements saying the same, cited after it."""
    speaker = st.speaker
    entity = speaker.entity
    role = st.role or speaker.role
    # dict.fromkeys: a source cited twice alike (one report carrying the words twice) is
    # shown once.
    sources = tuple(
        dict.fromkeys(
            SourceRef(
                outlet=c.cited_outlet or c.document.outlet,
                title=c.cited_title or c.document.title,
                url=c.cited_url or c.document.url,
                via=tuple(c.via),
                document_title=c.document.title,
                document_kind=c.document.kind,
            )
            for c in st.citations
        )
    )
    return StatementItem(
        statement_id=st.id,
        speaker=speaker.name,
        role=role,
        entity=entity.name if entity else None,
        text=st.text,
        direct=st.direct,
        kind=st.kind,
        date=st.said_on,
        sources=sources,
        points=tuple(p.text for p in st.points),
        status=st.status,
        sentence=st.sentence,
        sentence_offset=st.sentence_offset,
        label=attribution_label(
            speaker.name,
            role,
            entity.name if entity else None,
            entity.aliases if entity else (),
            entity.demonyms if entity else (),
        ),
        also=tuple(citation(other) for other in also),
    )


def citation(st: Statement) -> Citation:
    """Who said `st`, when and where it was reported, without its words."""
    item = statement_item(st)
    return Citation(item.statement_id, item.speaker, item.role, item.date, item.sources, item.label)


SHOWN = 3


def answer_reply(answer: Answer, shown: int = SHOWN, *, syntax: CommandSyntax = CONSOLE) -> Reply:
    """`syntax`: how a question is asked where this one was (the "Try:" line shows it)."""
    q = answer.question
    if not answer.answered:
        lines = []
        if answer.known_speakers:
            listed = ", ".join(f"{name} ({n})" for name, n in answer.known_speakers[:8])
            unlisted = len(answer.known_speakers) - 8
            lines.append(
                f"I do have statements from: {listed}"
                f"{f' and {unlisted} more' if unlisted > 0 else ''}."
            )
            suggestion = syntax.question(f"What did {answer.known_speakers[0][0]} say?")
            lines.append(f"Try: “{suggestion}”")
        else:
            lines.append("The store has no approved statements yet.")
        return Reply(title=answer.reason, lines=tuple(lines), status="no_answer", question=q.text)
    items = tuple(
        replace(
            statement_item(s.statement, s.also),
            ranking=Ranking(s.score, s.lexical_rank, s.dense_rank, s.dense, s.confidence),
        )
        for s in answer.ranked[:shown]
    )
    more = tuple(s.statement.id for s in answer.ranked[shown:])
    top = items[0]
    numbered = q.intent == "conditions" and bool(top.points) and top.kind in _PLURAL
    if numbered:
        title = f"{_PLURAL[top.kind or 'condition'].capitalize()} stated by {top.attribution}:"
    elif q.intent == "who_said":
        title = f"Said by {top.attribution}" + _others(items, top.speaker)
    elif q.intent == "conditions" and all(i.kind in _PLURAL for i in items):
        # Points (bot.answer.conditions): on the topic, most stated, most recent first.
        speakers = list(dict.fromkeys(i.speaker for i in items))
        who = _join(speakers) if len(speakers) <= 3 else "several speakers"
        title = f"Conditions and demands stated by {who}, most stated first"
    else:
        speakers = list(dict.fromkeys(i.speaker for i in items))
        title = f"What {_join(speakers)} said" if len(speakers) <= 3 else "What was said"
    return Reply(title=title, items=items, numbered=numbered, question=q.text, more=more)


def _others(items: Sequence[StatementItem], first: str) -> str:
    others = {i.speaker for i in items} - {first}
    return f" (and {len(others)} other{'s' if len(others) > 1 else ''})" if others else ""


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
