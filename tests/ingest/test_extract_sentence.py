"""The sentence that carries a quoted fragment (bot/ingest/extract/sentence.py), on small
texts written for these tests.

Invariants: `text[s.start:s.end] == s.quote` always; where a sentence is given,
`text[s.sentence_start:s.sentence_end]` is an exact substring of the text, trimmed of
whitespace, that holds the quote's span.
"""

from __future__ import annotations

import pytest

from bot.ingest.extract import ExtractedStatement, extract_document, extract_statements
from bot.ingest.extract.sentence import carrying_sentence, is_fragment, word_count
from bot.ingest.extract.text import build_layout

SCARE = (
    "Vladimir Putin, the Russian president, spoke on Saturday. Putin said measures designed "
    "to cripple his country’s economy were “akin to an act of war”."
)


def sentence_of(text: str, s: ExtractedStatement) -> str | None:
    assert text[s.start : s.end] == s.quote
    if s.sentence_start is None:
        assert s.sentence_end is None
        return None
    assert s.sentence_end is not None
    sentence = text[s.sentence_start : s.sentence_end]
    assert s.sentence_start <= s.start and s.end <= s.sentence_end
    assert sentence == sentence.strip() and sentence in text
    return sentence


def only(text: str, fragment: str) -> ExtractedStatement:
    found = [s for s in extract_statements(text) if fragment in s.quote]
    assert len(found) == 1, [s.quote for s in extract_statements(text)]
    return found[0]


def test_a_scare_quote_fragment_carries_its_sentence() -> None:
    s = only(SCARE, "akin to an act of war")
    assert s.quote == "akin to an act of war" and s.speaker == "Vladimir Putin"
    assert sentence_of(SCARE, s) == (
        "Putin said measures designed to cripple his country’s economy were "
        "“akin to an act of war”."
    )


def test_a_whole_sentence_quote_has_none() -> None:
    text = (
        "Maria Novak, the city's mayor, spoke on Monday. “We will rebuild the bridge before "
        "winter,” Novak said."
    )
    s = only(text, "We will rebuild the bridge")
    assert s.quote == "We will rebuild the bridge before winter"
    assert sentence_of(text, s) is None


def test_several_quoted_sentences_have_none() -> None:
    text = (
        "Maria Novak, the city's mayor, spoke on Monday. She said: “We will rebuild the "
        "bridge before winter. Nothing will stop us.”"
    )
    assert sentence_of(text, only(text, "Nothing will stop us")) is None


def test_a_short_quote_keeps_its_attribution_sentence() -> None:
    text = "Maria Novak, the city's mayor, spoke on Monday. “We will win,” Novak said."
    s = only(text, "We will win")
    assert sentence_of(text, s) == "“We will win,” Novak said."


def test_a_long_lower_case_quote_inside_a_reporter_sentence_is_a_fragment() -> None:
    text = (
        "Maria Novak, the city's mayor, described the council as “a body that failed every "
        "family in this city”, before leaving the chamber."
    )
    s = only(text, "failed every family")
    assert word_count(s.quote) >= 6
    assert sentence_of(text, s) == text


def test_a_quotation_ending_a_reported_clause_is_stored_with_the_clause() -> None:
    """The clause holding the quotation is what was said; the reporter's narration after
    the comma is not part of it."""
    text = (
        "Maria Novak, the city's mayor, said the council had “failed every family in this "
        "city and must resign now”, before leaving the chamber."
    )
    s = only(text, "failed every family")
    assert s.quote == ("the council had “failed every family in this city and must resign now”")
    assert not s.direct


def test_the_sentence_is_trimmed_and_found_across_an_abbreviation() -> None:
    text = (
        "Talks\n\n  Mr. Putin described the sanctions as “akin to war”.   \n\nNothing else "
        "was said."
    )
    s = only(text, "akin to war")
    assert sentence_of(text, s) == "Mr. Putin described the sanctions as “akin to war”."


def test_a_quote_that_is_its_whole_paragraph_has_none() -> None:
    text = "Maria Novak, the city's mayor, spoke on Monday. She said:\n\n“Never again.”"
    layout = build_layout(text)
    start = text.index("Never")
    assert carrying_sentence(layout, start, start + len("Never again.")) is None


def test_reported_speech_and_transcript_turns_have_none() -> None:
    reported = "Maria Novak, the city's mayor, said the bridge would be rebuilt before winter."
    for s in extract_statements(reported):
        assert not s.direct and sentence_of(reported, s) is None
    transcript = (
        "Press briefing\n\nMS. NOVAK: Yes, the council voted for it today.\n\n"
        "Q: Will the bridge open?\n\nMS. NOVAK: Not this year, but early in the next one."
    )
    extraction = extract_document(transcript)
    assert extraction.statements
    for s in extraction.statements:
        assert sentence_of(transcript, s) is None


def test_the_pure_rule_needs_quotation_marks_and_a_word_outside_them() -> None:
    text = "Pat Example said it was “a disgrace”. “A disgrace.” Then: not quoted at all."
    layout = build_layout(text)
    start = text.index("a disgrace")
    assert carrying_sentence(layout, start, start + 10) == (0, text.index(". ") + 1)
    alone = text.index("A disgrace")
    # A quotation that is its own sentence is carried with the sentence before it.
    assert carrying_sentence(layout, alone, alone + len("A disgrace.")) == (0, alone + 12)
    first = build_layout("“A disgrace.” Then: not quoted at all.")
    assert carrying_sentence(first, 1, 1 + len("A disgrace.")) is None
    bare = text.index("not quoted")
    assert carrying_sentence(layout, bare, bare + len("not quoted")) is None


@pytest.mark.parametrize(
    ("quote", "fragment"),
    [
        ("akin to an act of war", True),
        ("Never again", True),
        ("has declared economic war on the whole of Russia", True),
        ("We will rebuild the bridge before winter", False),
    ],
)
def test_what_counts_as_a_fragment(quote: str, fragment: bool) -> None:
    assert is_fragment(quote) is fragment


def test_offsets_hold_for_every_statement_of_a_mixed_text() -> None:
    text = (
        "Ceasefire talks\n\nThe Finnish prime minister, Sanna Marin, said on Monday that the "
        "plan was “dead on arrival”. “We will apply to join Nato without delay,” she said.\n\n"
        "Dmitry Peskov, the Kremlin spokesman, called the move “a mistake” and said: “It "
        "changes nothing for us.”"
    )
    found = extract_statements(text)
    assert found
    sentences = {s.quote: sentence_of(text, s) for s in found}
    # a reported clause of six words says enough alone
    assert sentences["the plan was “dead on arrival”"] is None
    assert sentences["a mistake"] is not None
    assert sentences["We will apply to join Nato without delay"] is None


def test_a_short_reported_clause_is_shown_in_the_sentence_reporting_it() -> None:
    text = "Maria Novak, the mayor, said on Tuesday that the deal was dead."
    found = [s for s in extract_statements(text) if not s.direct]
    assert found, "the reported clause was not extracted"
    s = found[0]
    assert s.quote == "the deal was dead"
    assert (s.sentence_start, s.sentence_end) == (0, len(text))


def test_a_courtesy_sentence_of_a_speech_is_no_statement() -> None:
    text = "Thank you very much.\n\nOur city will rebuild the bridge before the winter comes."
    found = extract_document(text, title="Remarks by Mayor Maria Novak at the River").statements
    assert [s.quote for s in found] == ["Our city will rebuild the bridge before the winter comes."]


def test_a_short_quotation_continuing_an_attributed_one_carries_both_sentences() -> None:
    text = (
        "Maria Novak spoke at the port. “The ships will sail again next spring,” she said. "
        "“This cannot wait.”"
    )
    short = next(s for s in extract_statements(text) if s.quote == "This cannot wait.")
    assert text[short.sentence_start : short.sentence_end] == (
        "“The ships will sail again next spring,” she said. “This cannot wait.”"
    )
