"""Turn ranked statements into a `Reply`: a one-line summary, then cited items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.answer.engine import Answer
from bot.core.syntax import CONSOLE, CommandSyntax
from bot.core.types import Ranking, Reply, StatementItem
from bot.store.views import statement_item

_PLURAL = {"condition": "conditions", "demand": "demands"}


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
