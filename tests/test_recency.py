"""When a question asks for the newest statements first (bot/answer/recency.py): from where
its time words stand, never from the words alone."""

from __future__ import annotations

import pytest

from bot.answer.question import parse
from bot.text.entities import EntityRef, Resolver, SpeakerRef
from tests.entity_refs import russia, ukraine

RUSSIA, UKRAINE, INDIA = 1, 2, 3
LAVROV, ZELENSKYY = 10, 11


def resolver() -> Resolver:
    return Resolver(
        [
            russia(RUSSIA),
            ukraine(UKRAINE),
            EntityRef(INDIA, "india", "India", ("New Delhi",), ("Indian",)),
        ],
        [
            SpeakerRef(LAVROV, "Sergei Lavrov", (), "Foreign Minister", RUSSIA),
            SpeakerRef(ZELENSKYY, "Volodymyr Zelenskyy", ("Zelensky",), "President", UKRAINE),
        ],
    )


@pytest.mark.parametrize(
    "question",
    [
        "what has lavrov said lately",
        "what's the latest from moscow on the grain corridor",
        "zelensky's most recent remarks on talks",
        "what is russia saying now?",
        "what does kyiv want today",
        "what is moscow currently demanding",
        "russia's current position on talks",
        "ukraine's current stance",
        "any new demands from moscow?",
        "anything new from lavrov",
        "what's new on the grain deal",
        "where does moscow stand now that the talks have stalled",
        "what does lavrov say about the talks now",
    ],
)
def test_asking_for_the_newest(question: str) -> None:
    assert parse(question, resolver()).latest


@pytest.mark.parametrize(
    "question",
    [
        # "new" and "current" say what a thing is.
        "who warned of a new arms race in europe",
        "what did lavrov say before the new delhi meeting",
        "did zelensky accept the current line of contact as a border",
        "what did kyiv say about russia's new strategy document",
        "what did russia's current foreign minister say about sanctions",
        # "now" in a clause of its own belongs to the words reported.
        "what did zelensky say that ukrainians now expect",
        "what did lavrov say europeans now want",
        "which official said the west is now a party to the war",
        # A question naming its own time is ordered by that time.
        "what did lavrov say now in march 2022",
        "should kyiv talk to moscow now? zelensky in may 2022",
    ],
)
def test_not_asking_for_the_newest(question: str) -> None:
    assert not parse(question, resolver()).latest


def test_time_words_are_no_topic_words() -> None:
    q = parse("russia's current position on new sanctions now", resolver())
    assert {"current", "new", "now"}.isdisjoint(q.terms)
    assert "sanction" in q.terms
