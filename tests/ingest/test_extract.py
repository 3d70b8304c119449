"""Unit tests of the statement extractor on small texts written for these tests."""

from __future__ import annotations

import pytest

from bot.ingest.extract import ExtractedStatement, extract_statements


def _check_offsets(text: str, found: list[ExtractedStatement]) -> None:
    for s in found:
        assert text[s.start : s.end] == s.quote
        for p in s.points:
            assert text[p.start : p.end] == p.text
        assert s.context == "" or s.context in text
        assert 0.0 <= s.confidence <= 1.0


def _by_quote(found: list[ExtractedStatement], fragment: str) -> ExtractedStatement:
    hits = [s for s in found if fragment in s.quote]
    assert hits, f"no statement contains {fragment!r}: {[s.quote for s in found]}"
    return hits[0]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [('"', '"'), ("“", "”"), ("‘", "’"), ("«", "»"), ("„", "“"), ("'", "'"), ("''", "''")],
)
def test_every_quotation_style(opening: str, closing: str) -> None:
    text = (
        f"Maria Novak, the city's mayor, spoke on Monday. {opening}We will rebuild the "
        f"bridge before winter,{closing} Novak said."
    )
    found = extract_statements(text)
    _check_offsets(text, found)
    s = _by_quote(found, "We will rebuild the bridge before winter")
    assert s.quote == "We will rebuild the bridge before winter"
    assert s.speaker == "Maria Novak"
    assert s.direct and s.cue == "said"


def test_curly_apostrophe_is_not_a_closing_quote() -> None:
    text = "‘Ukraine’s army won’t stop,’ said General Petro Horak. ‘The workers’ union agrees.’"
    found = extract_statements(text)
    _check_offsets(text, found)
    first = _by_quote(found, "Ukraine’s army won’t stop")
    assert first.quote == "Ukraine’s army won’t stop"
    assert first.speaker == "Petro Horak"


def test_quote_spanning_paragraphs() -> None:
    text = (
        "Foreign Minister Anna Berg gave a long answer.\n\n"
        "“We have made our position clear for months. Nobody should doubt it.\n\n"
        "“We will keep talking to everyone who wants peace,” she said.\n\n"
        "The meeting ended at noon."
    )
    found = extract_statements(text)
    _check_offsets(text, found)
    s = _by_quote(found, "We have made our position clear")
    assert "We will keep talking to everyone who wants peace" in s.quote
    assert s.speaker == "Anna Berg"
    assert s.direct


def test_speaker_before_the_quote_with_colon_and_apposition() -> None:
    text = (
        'Tom Reyes, the company\'s chief executive, said: "Our profits doubled this year."\n\n'
        '"We are hiring," said Reyes.'
    )
    found = extract_statements(text)
    _check_offsets(text, found)
    s = _by_quote(found, "Our profits doubled")
    assert s.speaker == "Tom Reyes"
    assert s.role == "the company's chief executive"
    assert _by_quote(found, "We are hiring").speaker == "Tom Reyes"


def test_surname_pronoun_and_role_coreference() -> None:
    text = (
        "Finance Minister Olga Marchenko met bankers in Geneva. "
        "Ivan Petrov, the central bank governor, was also there.\n\n"
        '"Inflation is falling," Marchenko said.\n\n'
        '"Rates will stay high," he said.\n\n'
        '"We see no reason to panic," the governor added.\n\n'
        '"Our budget is balanced," she told reporters.'
    )
    found = extract_statements(text)
    _check_offsets(text, found)
    assert _by_quote(found, "Inflation is falling").speaker == "Olga Marchenko"
    assert _by_quote(found, "Rates will stay high").speaker == "Ivan Petrov"
    assert _by_quote(found, "no reason to panic").speaker == "Ivan Petrov"
    assert _by_quote(found, "Our budget is balanced").speaker == "Olga Marchenko"


def test_quote_continuing_the_paragraph_speaker() -> None:
    text = '"We are ready," Senator Jane Holt said. "But we will not wait forever."'
    found = extract_statements(text)
    _check_offsets(text, found)
    assert _by_quote(found, "not wait forever").speaker == "Jane Holt"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Karl Weber said that the talks had failed completely.", "the talks had failed"),
        ("According to Karl Weber, the talks had failed completely.", "the talks had failed"),
        ("Karl Weber signalled the talks had failed completely.", "the talks had failed"),
        ("Karl Weber has said the talks had failed completely.", "the talks had failed"),
        ("The talks had failed completely, Karl Weber added.", "The talks had failed"),
    ],
)
def test_reported_speech_variants(sentence: str, expected: str) -> None:
    found = extract_statements(sentence)
    _check_offsets(sentence, found)
    s = _by_quote(found, expected)
    assert s.speaker == "Karl Weber"
    assert not s.direct
    assert s.quote.rstrip(".") == s.quote  # the final full stop is not part of the clause


def test_reported_clause_with_quoted_fragment() -> None:
    """What was said is the clause; the quoted words alone are a fragment of it. The clause
    is stored as reported speech with the source's quotation marks in it."""
    text = "Ned Carter, the State Department spokesman, said he has ‘very little confidence’ in it."
    found = extract_statements(text)
    _check_offsets(text, found)
    assert [s.quote for s in found] == ["he has ‘very little confidence’ in it"]
    s = found[0]
    assert not s.direct
    assert s.speaker == "Ned Carter"
    assert s.role == "the State Department spokesman"
    assert "said he has" in s.context


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the clause's own words say what is sent; the quotation is only its tail
        (
            "The president, Anna Moreau, said France would deliver six howitzers and a "
            "“significant number” of armoured vehicles to Ukraine.",
            "France would deliver six howitzers and a “significant number” of armoured "
            "vehicles to Ukraine",
        ),
        # the manner of the verb is not the clause; the closing mark stays
        (
            "The spokesman, Li Wen, responded by saying the alliance should stop “trying to "
            "start a new cold war”.",
            "the alliance should stop “trying to start a new cold war”",
        ),
        # two quotations in one clause make one statement
        (
            "Ivan Petrov said the alliance was “a tool of confrontation” and that expanding it "
            "“will not bring stability”.",
            "the alliance was “a tool of confrontation” and that expanding it “will not bring "
            "stability”",
        ),
        # another cue ends the clause at its last break
        (
            "Karl Weber said the talks were “productive”, but the agency said they had stalled.",
            "the talks were “productive”",
        ),
        # a live blog's next sentence glued to the quotation is not part of the clause
        (
            "Karl Weber said the fires could have “very serious consequences.”“Nobody can put "
            "them out,” the ministry said.",
            "the fires could have “very serious consequences.”",
        ),
    ],
)
def test_quotation_inside_a_reported_clause(text: str, expected: str) -> None:
    found = extract_statements(text)
    _check_offsets(text, found)
    s = _by_quote(found, expected)
    assert s.quote == expected
    assert not s.direct


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Karl Weber said: “We will never accept this.”", "We will never accept this."),
        ("Karl Weber said on Monday “we will never accept this”.", "we will never accept this"),
        ("“We will never accept this,” Karl Weber said.", "We will never accept this"),
        ("Karl Weber described the plan as “dangerous nonsense”.", "dangerous nonsense"),
    ],
)
def test_a_quotation_that_is_what_was_said_stays_direct(text: str, expected: str) -> None:
    found = extract_statements(text)
    _check_offsets(text, found)
    s = _by_quote(found, expected)
    assert s.quote == expected
    assert s.direct


def test_transcript_turns() -> None:
    text = (
        "Question: Mr President, what are your conditions for talks?\n"
        "Vladimir Putin: Our conditions are well known. We want guarantees.\n"
        "Question: And the sanctions?\n"
        "Vladimir Putin: They will not change our course."
    )
    found = extract_statements(text)
    _check_offsets(text, found)
    assert all(s.speaker == "Vladimir Putin" for s in found)
    assert not any("what are your conditions" in s.quote for s in found)
    assert _by_quote(found, "Our conditions are well known").direct
    assert _by_quote(found, "They will not change our course")


def test_inline_transcript_labels_after_a_heading() -> None:
    text = (
        "The leaders met in Minsk. Remarks at the meeting President of Russia Vladimir Putin: "
        "Good afternoon, colleagues. We have a lot to discuss. "
        "President of Belarus Alexander Lukashenko: Thank you. We are ready to begin."
    )
    found = extract_statements(text)
    _check_offsets(text, found)
    assert _by_quote(found, "We have a lot to discuss").speaker == "Vladimir Putin"
    assert _by_quote(found, "We are ready to begin").speaker == "Alexander Lukashenko"


def test_principal_speaks_first_person_passages() -> None:
    text = (
        "The President held a meeting with the government. "
        "We must finish the reconstruction of the schools before September. "
        "I have asked the ministers to report every week. "
        "Later, Defence Minister Oleh Brunko said the army had enough shells."
    )
    principal = ("Volodymyr Zelenskyy", "President of Ukraine")
    found = extract_statements(text, principal=principal)
    _check_offsets(text, found)
    s = _by_quote(found, "We must finish the reconstruction")
    assert s.speaker == "Volodymyr Zelenskyy"
    assert s.direct
    assert _by_quote(found, "the army had enough shells").speaker == "Oleh Brunko"
    assert not any(s.quote.startswith("The President held") for s in found)


def test_known_speakers_resolve_aliases() -> None:
    text = '"We will not give up our land," Zelensky said on Friday.'
    found = extract_statements(
        text, known_speakers=[("Volodymyr Zelenskyy", ["Zelensky", "Zelenskiy"])]
    )
    _check_offsets(text, found)
    assert _by_quote(found, "give up our land").speaker == "Volodymyr Zelenskyy"


def test_enumerated_points_with_blank_lines_between() -> None:
    text = (
        "According to Minister Ravi Shankar, three demands need to be met. "
        "First, the border must be reopened.\n\n\n"
        "Second, the prisoners must be released.\n\n"
        "Third, Shankar said, the talks must resume in Geneva.\n\n"
        "The ministry gave no details."
    )
    found = extract_statements(text)
    _check_offsets(text, found)
    enum = [s for s in found if s.points]
    assert len(enum) == 1
    s = enum[0]
    assert s.speaker == "Ravi Shankar"
    assert [p.text for p in s.points] == [
        "the border must be reopened.",
        "the prisoners must be released.",
        "the talks must resume in Geneva.",
    ]


def test_standalone_quoted_paragraph_needs_an_intro() -> None:
    text = (
        "Mayor Lena Fischer spoke to the council on Tuesday, saying the budget was tight.\n\n"
        "We cannot pay for everything at once. Our priority is the hospitals.\n\n"
        "The council adjourned.\n\n"
        "We will see what happens."
    )
    found = extract_statements(text)
    _check_offsets(text, found)
    s = _by_quote(found, "We cannot pay for everything")
    assert s.speaker == "Lena Fischer" and s.direct
    assert not any("We will see what happens" in s.quote for s in found)


@pytest.mark.parametrize(
    ("quote", "kind"),
    [
        ("We will only talk if the troops leave first", "condition"),
        ("We reject this proposal outright", "rejection"),
        ("There will be serious consequences for anyone who attacks us", "warning"),
        ("They must withdraw immediately", "demand"),
        ("We are ready to meet them anywhere", "offer"),
        ("Obviously, this is a historic day", "assessment"),
        ("The meeting starts at nine", None),
    ],
)
def test_kind_tags(quote: str, kind: str | None) -> None:
    text = f'"{quote}," Minister Paul Dorn said.'
    found = extract_statements(text)
    assert _by_quote(found, quote).kind == kind


def test_boilerplate_and_empty_input() -> None:
    assert extract_statements("") == []
    text = "More under this ad\nDiscover our latest podcast\n© Jan Novak / Contributeur\n"
    assert extract_statements(text) == []


def test_scare_quotes_and_titles_are_not_statements() -> None:
    text = 'The so-called "peace plan" was discussed on "Face the Nation" last week.'
    assert extract_statements(text) == []
