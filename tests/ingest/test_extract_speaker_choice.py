"""Choosing the speaker among several people a passage mentions: pronouns after a named
speaker, appositive chains, modifiers, reported content, a release's own office. Every text is
invented for these tests."""

from __future__ import annotations

from tests.ingest.extract_helpers import find_statement as _find

PRINCIPAL = ("Mara Velt", "President of Utopia")


def test_a_speech_title_naming_the_office_gives_first_person_passages_to_the_principal() -> None:
    # Another president, named in the text with a bare title, does not hold "President of
    # Utopia": the principal's role states that office, his does not.
    text = (
        "Good evening, dear Utopians!\n\n"
        "Today the ministers of two neighbouring states visited our capital. "
        "I was glad to meet them and to talk in person. This is real support.\n\n"
        "And today I would like to thank President Tom Harlan for the new aid package."
    )
    title = "We will hold the line - address by the President of Utopia"
    s = _find(text, "I was glad to meet", principal=PRINCIPAL, title=title)
    assert s.speaker == "Mara Velt"


def test_he_said_after_a_named_speaker_with_a_speech_verb_is_that_speaker() -> None:
    # "secretary of state": "state" (also a speech verb) completes the title before the name;
    # the subject is the named person, not a secretary the article names only later.
    text = (
        "Talks were expected to resume next week. "
        "US secretary of state Dan Colby said on Friday the door to negotiation was open. "
        "“If they show any sign of wanting a deal, of course we’ll talk,” he said. "
        "Former trade secretary Hugh Pardoe said, however, that the sanctions were biting."
    )
    assert _find(text, "of course we’ll talk").speaker == "Dan Colby"
