"""A government's or an international organisation's reported words in a news story ("Turkey
said it would close the straits", "the talks had failed, the Kremlin said") are stored under
the body; a news agency, a pollster, an object instead of a clause, a body inside a relative
clause, and a body named in someone's speech are not. Every text is invented."""

from __future__ import annotations

import pytest

from bot.ingest.extract import extract_document, extract_statements
from bot.ingest.extract.bodies import speaks_officially

_STORY = "Talks resume in Geneva"


def _bodies(text: str, title: str = _STORY) -> list[tuple[str | None, str]]:
    found = extract_statements(text, title=title)
    for s in found:
        assert text[s.start : s.end] == s.quote
    return [(s.speaker, s.quote) for s in found if s.speaker_kind == "organisation"]


@pytest.mark.parametrize(
    "sentence, body, words",
    [
        (
            "Turkey said it would close the straits to all warships.",
            "Turkey",
            "it would close the straits to all warships",
        ),
        (
            "The Kremlin said on Monday that the talks had stalled again.",
            "Kremlin",
            "the talks had stalled again",
        ),
        (
            "The talks had stalled again over the weekend, the Kremlin said.",
            "Kremlin",
            "The talks had stalled again over the weekend",
        ),
        (
            "Nato said it would double the forces on its eastern flank.",
            "Nato",
            "it would double the forces on its eastern flank",
        ),
        (
            "The Pentagon said the plan to send jets was not tenable.",
            "Pentagon",
            "the plan to send jets was not tenable",
        ),
    ],
)
def test_a_government_s_reported_words_are_its_own(sentence: str, body: str, words: str) -> None:
    assert _bodies("Ministers met.\n\n" + sentence) == [(body, words)]


@pytest.mark.parametrize(
    "sentence",
    [
        "AP reported that the talks had stalled again.",  # a news agency
        "A poll by Vantage said that most voters backed the sanctions.",
        "The White House announced $800m in military aid on Monday.",  # an object, no clause
        "Moscow claimed control of the port city after weeks of fighting.",
        "The number of crimes Ukraine says is under investigation has risen to 4,820.",
        "The Kremlin has warned the allies, saying that could lead to a direct confrontation.",
        "All 30 Nato states that would have to ratify the treaty were consulted.",
    ],
)
def test_no_official_position_is_read_where_none_was_stated(sentence: str) -> None:
    assert _bodies("Ministers met.\n\n" + sentence) == []


def test_a_body_s_words_do_not_carry_on_to_the_next_quotation() -> None:
    """Before, the body became the paragraph's last speaker and took the quotation after."""
    text = (
        "Ministers met.\n\nPoland said it would send more tanks to the front. "
        '"We will not stop," said Boris Johnson. "Never, ever."'
    )
    found = extract_statements(text, title=_STORY)
    speakers = {s.quote: s.speaker for s in found}
    assert speakers["it would send more tanks to the front"] == "Poland"
    assert speakers["Never, ever."] == "Boris Johnson"


def test_a_body_named_in_a_speech_is_what_its_speaker_talks_about() -> None:
    text = (
        "Thank you all for coming. Russia said it would withdraw its troops from the border, "
        "but we have seen no sign of it. We will keep our sanctions."
    )
    doc = extract_document(text, title="Remarks by President Jane Doe on Ukraine")
    assert all(s.speaker_kind != "organisation" for s in doc.statements)


@pytest.mark.parametrize(
    "body, official",
    [
        ("the Kremlin", True),
        ("Turkey", True),
        ("Nato", True),
        ("United Nations", True),
        ("AP", False),
        ("Reuters", False),
        ("When Ukraine", False),
        ("YouGov", False),
    ],
)
def test_which_bodies_speak_officially(body: str, official: bool) -> None:
    assert speaks_officially(body) is official


def test_an_unnamed_delegate_speaks_for_their_country() -> None:
    """A meeting's record names delegations: "the representative of X" is X's voice."""
    text = (
        "The Council met on the humanitarian situation.\n\n"
        "The representative of the United Kingdom said that the Council must demand an "
        "immediate ceasefire.\n\n"
        "The speaker for France stressed that humanitarian law must be respected by all.\n\n"
        "The representative of Atlantis said that the blockade was a crime."
    )
    found = {(s.speaker, s.role) for s in extract_statements(text, title=_STORY)}
    assert ("United Kingdom", "The representative of the United Kingdom") in found
    assert any(speaker == "France" for speaker, _ in found)
    assert not any(speaker == "Atlantis" for speaker, _ in found)  # no country the gazetteer knows
