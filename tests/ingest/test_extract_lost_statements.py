"""Statements the extractor used to lose, cut or give to someone else, each with look-alikes
that must not change: a turn label run on from the sentence before it, a role with its post
before an apposed name, a judgement "described X's comments as “…”", a clause before "ROLE
NAME said", a capitalised office as a speaker, a live-blog entry time glued to its first
word, a title reporting that a speech was given, and a speech quoting someone in a paragraph
before its speaker's own. Every text is invented for these tests."""

from __future__ import annotations

import pytest

from bot.ingest.extract import ExtractedStatement, extract_document, extract_statements
from bot.ingest.extract.doc_kind import _titled_kind
from bot.ingest.extract.text import split_sentences


def _all(text: str, **kw: object) -> list[ExtractedStatement]:
    found = extract_statements(text, **kw)  # type: ignore[arg-type]
    for s in found:
        assert text[s.start : s.end] == s.quote
    return found


def _speaker_of(text: str, fragment: str, **kw: object) -> str | None:
    """The speaker of the statement holding ``fragment``; None when no statement holds it."""
    hits = [s for s in _all(text, **kw) if fragment in s.quote]
    return hits[0].speaker if hits else None


# -- a turn label after a sentence that ends in a capitalised word ---------------------------

_TRANSCRIPT = (
    "Anna Berg: We have discussed the harbour and the bridges with our guests today. "
    "Question: What about the border and its crossings? "
    "Remark: Withdrawal of the patrols and the opening of the EU. "
    "Anna Berg: I have already spoken about the patrols at some length. "
    "Question: And the general? "
    "Gen. Piet Vos: Our units have left the valley for the winter already."
)


def test_a_label_after_a_capitalised_last_word_is_a_turn() -> None:
    # "… of the EU. Anna Berg:" — the run of capitals reads across the full stop.
    assert _speaker_of(_TRANSCRIPT, "already spoken about the patrols") == "Anna Berg"


def test_an_abbreviated_title_stays_in_the_label() -> None:
    # "Gen." is no sentence end: the label is "Gen. Piet Vos".
    assert _speaker_of(_TRANSCRIPT, "left the valley") == "Piet Vos"


def test_the_remark_is_no_statement_of_the_next_speaker() -> None:
    assert _speaker_of(_TRANSCRIPT, "Withdrawal of the patrols") is None


# -- a possessive role with its post before an apposed name -----------------------------------


@pytest.mark.parametrize(
    "subject",
    [
        "Utopia’s ambassador in Berlin, Olena Kowal,",
        "Utopia’s envoy to the United Nations, Olena Kowal,",
    ],
)
def test_a_role_with_its_post_before_an_apposed_name(subject: str) -> None:
    text = (
        "The government complained about the list. "
        f"{subject} said the decision was received “with great disappointment”."
    )
    assert _speaker_of(text, "great disappointment") == "Olena Kowal"


def test_a_place_phrase_that_is_no_role_names_no_speaker() -> None:
    # "Utopia’s embassy in Berlin" is a building, not a role: no one is apposed to it.
    text = (
        "The government complained about the list. Utopia’s embassy in Berlin, Olena Kowal, "
        "said the decision was received “with great disappointment”."
    )
    assert _speaker_of(text, "great disappointment") is None


# -- "described X's comments as “…”" ----------------------------------------------------------


@pytest.mark.parametrize("owner", ["Ruritanian", "Oskar Lind’s"])
def test_a_judgement_of_someones_comments_is_the_judges(owner: str) -> None:
    text = (
        "Mara Holt met reporters in the capital. "
        f"Holt described {owner} comments that it could deploy missiles as “reckless”."
    )
    assert _speaker_of(text, "reckless") == "Mara Holt"


def test_a_quotation_of_the_comments_themselves_stays_with_their_owner() -> None:
    text = (
        "Mara Holt met reporters in the capital. "
        "Holt cited Oskar Lind’s comments: “we will deploy the missiles”."
    )
    assert _speaker_of(text, "deploy the missiles") == "Oskar Lind"


def test_as_after_a_new_clause_keeps_the_clauses_speaker() -> None:
    text = (
        "Mara Holt met reporters in the capital. Holt condemned the strike, and Oskar Lind "
        "said it was seen as “a provocation”."
    )
    assert _speaker_of(text, "a provocation") == "Oskar Lind"


# -- "CLAUSE, ROLE NAME said." ------------------------------------------------------------------


@pytest.mark.parametrize(
    "tail",
    [
        "the bloc’s foreign policy chief Ada Moor said.",
        "bloc foreign policy chief Ada Moor said on Monday.",
    ],
)
def test_a_clause_before_a_role_and_name_is_reported_speech(tail: str) -> None:
    text = f"The union will not recognise any part of the valley as foreign soil, {tail}"
    found = [s for s in _all(text) if s.speaker == "Ada Moor"]
    assert [s.quote for s in found] == [
        "The union will not recognise any part of the valley as foreign soil"
    ]


@pytest.mark.parametrize(
    "text",
    [
        # An opening adverbial, then a verb with an object: no clause before the name.
        "During a working trip to the valley, President Ada Moor inspected the new hospital.",
        "After the union confirmed its plan on Sunday, the prime minister Ada Moor said the "
        "valley intends to do the same.",
        # A second clause: the role belongs to a subject joined by "and".
        "The President commended Ada Moor’s leadership in the union, and Prime Minister Ada "
        "Moor emphasised the significance of support.",
    ],
)
def test_no_clause_is_read_before_a_role_when_the_sentence_goes_on(text: str) -> None:
    for s in _all(text):
        assert not s.quote.startswith(("During a working", "After the union", "The President"))


# -- a capitalised office as the speaker ------------------------------------------------------

_MEETING = "Prime Minister Ada Moor and President Ivo Dane met on Monday. "


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("“The valley will be rebuilt,” the Prime Minister said.", "Ada Moor"),
        ("“The valley will be rebuilt,” the President said.", "Ivo Dane"),
        ("The Prime Minister said that the valley will be rebuilt.", "Ada Moor"),
    ],
)
def test_a_capitalised_office_speaks_as_its_holder(sentence: str, speaker: str) -> None:
    assert _speaker_of(_MEETING + sentence, "will be rebuilt") == speaker


def test_an_office_that_completes_another_role_is_no_speaker() -> None:
    # "the Head of the Office of the President": the head speaks, not the president.
    text = (
        "President Ivo Dane met the envoys. "
        "“The valley will be rebuilt,” the head of the Office of the President said."
    )
    assert _speaker_of(text, "will be rebuilt") != "Ivo Dane"


def test_an_organisation_is_still_an_organisation() -> None:
    text = _MEETING + "“The valley will be rebuilt,” the Harbour Gazette reported."
    assert _speaker_of(text, "will be rebuilt") == "Harbour Gazette"


# -- a live blog's entry time glued to its first word -----------------------------------------


def test_a_glued_entry_time_ends_the_sentence_before_it() -> None:
    text = "Updated at 18.48 BST 16 May 202218.42The union will not budge, its chief said."
    sentences = [text[a:b] for a, b in split_sentences(text, 0, len(text))]
    assert sentences == [
        "Updated at 18.48 BST 16 May 202218.42",
        "The union will not budge, its chief said.",
    ]


def test_a_decimal_inside_a_sentence_splits_nothing() -> None:
    text = "Turnout in 2022 was 12.30 per cent. The count ended at 18.42 on Monday."
    sentences = [text[a:b] for a, b in split_sentences(text, 0, len(text))]
    assert sentences == [
        "Turnout in 2022 was 12.30 per cent.",
        "The count ended at 18.42 on Monday.",
    ]


# -- a title that reports a speech ------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Ada Moor delivered a speech at the harbour conference", None),
        ("Presidents of Utopia and Ruritania signed a Joint Declaration on trade", None),
        ("A Letter on the Continuation of the Emergency", "statement"),
        ("Address by the President at the harbour conference", "speech"),
        ("Remarks by President Dane at an Event Launching a Joint Declaration", "speech"),
    ],
)
def test_a_kind_word_as_a_verbs_object_reports_one(title: str, kind: str | None) -> None:
    assert _titled_kind(title) == kind


def test_a_release_about_a_speech_is_not_the_principals_speech() -> None:
    text = (
        "First Lady Ada Moor took part in the conference. The event took place in the "
        "harbour and was organised by the union. The conference focuses on the valley."
    )
    found = extract_document(
        text,
        principal=("Ivo Dane", "President of Utopia"),
        title="Ada Moor delivered a speech at the harbour conference",
    )
    assert found.kind == "press release"
    assert not [s for s in found.statements if "organised by the union" in s.quote]


# -- a speech that quotes someone ----------------------------------------------------------------


def test_a_speech_paragraph_after_a_quotation_is_the_speakers_own() -> None:
    text = (
        "Thank you all for coming to the harbour today.\n\n"
        "And, as President Ivo Dane says, “People do not see the work you do for all of us.”\n\n"
        "As the President’s harbour adviser, my job is to prevent terrible things from "
        "happening to our towns and to prepare for the things we cannot prevent."
    )
    found = _all(text, title="Remarks by Harbour Adviser Dr. Ada Moor at the Harbour Day")
    mine = [s for s in found if "my job is" in s.quote]
    assert [s.speaker for s in mine] == ["Ada Moor"]


# -- "continues to work": going on doing, not speaking ----------------------------------------


def test_continues_to_inside_a_reported_clause_does_not_cut_it() -> None:
    text = (
        "Ada Moor also noted that Utopia, together with its partners, continues to work on "
        "tougher sanctions in the event of escalation."
    )
    found = [s for s in _all(text) if s.speaker == "Ada Moor"]
    assert [s.quote for s in found] == [
        "Utopia, together with its partners, continues to work on tougher sanctions in the "
        "event of escalation"
    ]


def test_we_will_continue_to_is_no_speech_cue() -> None:
    # In a release the principal's "we" would make "to repair …" a reported clause.
    text = "The harbour was hit again. We will continue to repair the harbour before winter."
    found = _all(text, principal=("Ivo Dane", "President of Utopia"))
    assert not [s for s in found if s.quote.startswith("to repair")]


@pytest.mark.parametrize(
    "text",
    [
        "“We will hold the line,” Ada Moor continued.",
        "Ada Moor continued: “We will hold the line.”",
    ],
)
def test_continued_next_to_a_quotation_is_still_speech(text: str) -> None:
    assert _speaker_of(text, "hold the line") == "Ada Moor"


# -- one labelled turn opening a section --------------------------------------------------------

_PREAMBLE = "The parade featured many units and the tanks rolled over the square. "


@pytest.mark.parametrize(
    "opening",
    [
        "* * * Address by the President at the parade President of Utopia Ivo Dane: ",
        "I give the floor to the minister. <…> Ivo Dane: ",
    ],
)
def test_a_single_label_after_a_section_break_opens_a_speech(opening: str) -> None:
    text = (
        _PREAMBLE + opening + "Fellow citizens, The threat grew every day. Utopia launched "
        "a strike at the aggression. It was a forced and timely decision."
    )
    found = _all(text, principal=("Ivo Dane", "President of Utopia"), title="Parade Day")
    assert [s.speaker for s in found if "forced and timely" in s.quote] == ["Ivo Dane"]
    # The narration before the section is not the speaker's.
    assert not [s for s in found if "tanks rolled" in s.quote]


def test_a_single_label_without_a_break_is_no_turn() -> None:
    text = (
        _PREAMBLE + "President of Utopia Ivo Dane: the threat grew every day. Utopia "
        "launched a strike at the aggression. It was a forced and timely decision."
    )
    found = _all(text, principal=("Ivo Dane", "President of Utopia"), title="Parade Day")
    assert not [s for s in found if "forced and timely" in s.quote]
