"""What `attache` prints and the status it exits with: one place for both.

A reply is printed as text (the console's renderer) or, with --json, as one JSON object;
an error goes to standard error after "attache: ", and the exit status is the error's
(bot.core.errors.exit_status: 2 bad input, 3 not permitted, 1 anything else). A question
with no answer is no error: it exits 0.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import TYPE_CHECKING

from bot.core.errors import AttacheError, exit_status

if TYPE_CHECKING:
    from bot.core.review_card import ReviewCard
    from bot.core.types import Ranking, Reply, SourceRef, StatementItem

EXIT_OK = 0


def fail(message: str, status: int) -> int:
    """Tell the user what went wrong; the status to exit with."""
    print(f"attache: {message}", file=sys.stderr)
    return status


def fail_with(error: AttacheError) -> int:
    return fail(error.message, error.exit_status)


def print_reply(reply: Reply, *, as_json: bool = False) -> int:
    """Print a command's reply; the exit status it stands for."""
    from adapters.console.render import render, wants_underline

    if reply.is_error:
        return fail(reply.title, exit_status(reply.error_code))
    if as_json:
        print(json.dumps(reply_json(reply, render(reply)), ensure_ascii=False, indent=2))
    else:
        print(render(reply, underline=wants_underline(sys.stdout)))
    return EXIT_OK


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
    out: dict[str, object] = {
        "question": reply.question,
        "answered": reply.answered,
        "text": text,
        "statements": [statement_json(item) for item in reply.items],
    }
    if reply.card is not None:  # `review next --json`: the card, for a script to act on
        out["card"] = card_json(reply.card)
    return out


def card_json(card: ReviewCard) -> dict:
    """A review card's fields, its date as ISO text and the actions it offers."""
    fields = dataclasses.asdict(card)
    fields["date"] = card.date.isoformat() if card.date else None
    fields["points"] = list(card.points)
    fields["actions"] = list(card.actions)
    return fields


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
