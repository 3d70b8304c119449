"""A question put politely is the question: the greeting, politeness and request frame at
its start are taken off before it is understood, by every way in (not only Slack's)."""

from __future__ import annotations

import pytest

from bot.answer.addressing import without_address


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("can you tell me who said Washington has a deciding vote?", "who said Washington"),
        ("Could you please tell me what Lavrov said?", "what Lavrov said?"),
        ("hey, please tell me who called it posturing", "who called it posturing"),
        ("Good morning! Do you know whether Kyiv agreed?", "whether Kyiv agreed?"),
        ("I’d like to know when Peskov spoke", "when Peskov spoke"),
        ("so what exactly is Moscow demanding?", "what exactly is Moscow demanding?"),
    ],
)
def test_the_address_goes_and_the_question_stays(typed: str, asked: str) -> None:
    assert without_address(typed).startswith(asked)


@pytest.mark.parametrize(
    "typed",
    [
        "tell me about Lavrov",  # no embedded question: the frame is the request itself
        "So-called guarantees: who offered them?",  # a word that only begins like a greeting
        "what did Lavrov say, hey?",  # greetings go only from the start
        "WHO statements on Ukraine",  # an organisation's name is not an interrogative frame
    ],
)
def test_words_of_the_question_stay(typed: str) -> None:
    assert without_address(typed) == typed
