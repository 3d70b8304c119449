"""Pronoun resolution by salience, on short texts written for these tests."""

from __future__ import annotations

import pytest

from tests.ingest.extract_helpers import find_statement as _find

PRINCIPAL = ("Ivan Petrenko", "President of Utopia")


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # A name in a prepositional phrase ("with X") is not the antecedent of "he said".
        (
            "Peter Novak said that during a long call with John Miller, he had heard new "
            'promises. "It is a modest but real step," he said.',
            "modest but real",
            "Peter Novak",
        ),
        # A verb's object ("thanked X") ranks after the subject.
        (
            'Peter Novak thanked John Miller for the visit. "We will not forget it," he said.',
            "not forget",
            "Peter Novak",
        ),
        # A possessor inside an opening participle phrase is not the speaker.
        (
            "Peter Novak spoke to students on Monday. Referring to John Miller's old career "
            'as a singer, he added: "Well, you were a fine singer. Now act like a leader."',
            "fine singer",
            "Peter Novak",
        ),
        # A sentence whose subject is no person passes the topic on.
        (
            "Peter Novak said he had spoken to several leaders this week. A call with John "
            'Miller is planned for Friday. "We need more support," he said.',
            "more support",
            "Peter Novak",
        ),
        # Gender agreement: the subject is a woman, so "he" is the man she met.
        (
            'Anna Kovac met John Miller in the capital. "It was a useful talk," he said.',
            "useful talk",
            "John Miller",
        ),
    ],
)
def test_pronoun_prefers_subject(text: str, fragment: str, speaker: str) -> None:
    assert _find(text, fragment).speaker == speaker


@pytest.mark.parametrize(
    "subject",
    ["The President of Utopia", "The Head of State", "The President"],
)
def test_role_subject_is_principal(subject: str) -> None:
    """A release's role phrase for its own principal is the subject a later "he" continues."""
    text = (
        f"{subject} said that during a conversation with John Miller, he received new "
        'assurances. "It seems to me that this is a small result," he said.'
    )
    got = _find(text, "small result", principal=PRINCIPAL)
    assert got.speaker == "Ivan Petrenko"


def test_role_subject_of_reporting_clause() -> None:
    text = (
        "Peter Novak urged John Miller to act.\n\n"
        '"We must defend the coast," said the President. He noted that the missiles of the '
        "enemy can reach any city."
    )
    got = _find(text, "missiles of the enemy", principal=PRINCIPAL)
    assert got.speaker == "Ivan Petrenko"


def test_titled_name_subject() -> None:
    text = (
        "The President thanked the guests. Prime Minister of Freedonia Peter Novak, for his "
        "part, expressed support for our state. He noted that his country is ready to send "
        "more doctors."
    )
    got = _find(text, "ready to send", principal=PRINCIPAL)
    assert got.speaker == "Peter Novak"


def test_addressee_is_not_the_speaker() -> None:
    """A quotation that speaks to someone ("you, Mr. President") is not theirs."""
    text = (
        "The President met Secretary General John Miller in the capital. "
        '"I want to tell you, Mr. President, that we stand with you," he said.'
    )
    got = _find(text, "we stand with you", principal=PRINCIPAL)
    assert got.speaker == "John Miller"


def test_place_in_a_title_is_no_speaker() -> None:
    """ "According to the Head of the Office of the President": a role, not a person called
    "the President"."""
    text = (
        "Head of the Office of the President Andriy Kovalenko met the mayors. According to "
        "the Head of the Office of the President, the towns will be rebuilt within a year."
    )
    got = _find(text, "towns will be rebuilt", principal=PRINCIPAL)
    assert got.speaker == "Andriy Kovalenko"


def test_name_inside_an_of_phrase_is_no_speaker() -> None:
    text = (
        "Peter Novak spoke on Monday. He said the siege of the city of Portsmouth is "
        'continuing. "They want to destroy it," he added.'
    )
    got = _find(text, "destroy it")
    assert got.speaker == "Peter Novak"
