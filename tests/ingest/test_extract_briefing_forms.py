"""Briefings as other governments print them. Each form here lost statements or gave them to
the wrong speaker in documents written to probe the extractor (nothing of the corpus has
them): an answer running over several paragraphs of a "Name: …" transcript, answers printed
without a label after an outlet's question, outlets named in title case ("Bloomberg:",
"Yonhap News Agency:"), an office before its holder's name ("Official Spokesperson, Shri …:"),
a person quoted by name inside someone's turn, and the look-alikes that must stay what they
are (a picture's credit line, a newspaper's front page, a reporter's "Speaker 1:"). Every
text is invented."""

from __future__ import annotations

from bot.ingest.extract import extract_document


def _said(text: str, title: str = "Regular Press Conference") -> list[tuple[str, str]]:
    found = extract_document(text, title=title).statements
    for s in found:
        assert text[s.start : s.end] == s.quote
    return [(s.speaker, s.quote) for s in found]


def _speaker_of(said: list[tuple[str, str]], fragment: str) -> list[str]:
    return [who for who, words in said if fragment in words]


MULTI_PARAGRAPH = """Jane Roe: Good afternoon. We will start with the harvest.

The harvest was large this year, and our exports of grain grew by a tenth.

Richard Doe: Thank you. The talks with our partners continue.

We expect progress on the corridor soon.

The minister then left for the airport.

Jane Roe: Thank you all."""


def test_an_answer_runs_over_the_spoken_paragraphs_that_follow_its_label() -> None:
    said = _said(MULTI_PARAGRAPH, title="Meeting on the harvest")
    assert _speaker_of(said, "our exports of grain grew") == ["Jane Roe"]
    assert _speaker_of(said, "We expect progress on the corridor") == ["Richard Doe"]
    # A narrated paragraph ends the turn: it says neither "I", "we" nor "you".
    assert _speaker_of(said, "The minister then left") == []


OUTLETS_ASK = "\n\n".join(
    [
        "Guo Lin: Good afternoon. The Vice Minister will visit Kenya next week.",
        "CCTV: A report on connectivity came out yesterday. Could you share more?",
        "Guo Lin: The report reviews the progress made since the first summit.",
        "Bloomberg: The Commerce Department announced new export controls. Will China retaliate?",
        "I'd refer you to the competent authorities for specifics. China firmly opposes the"
        " abuse of export controls and will take resolute measures.",
        "Yonhap News Agency: A trilateral meeting is planned next week. Does China have any"
        " comment?",
        "We always believe that cooperation between countries should not target any third party.",
    ]
)


def test_answers_printed_without_a_label_are_the_one_person_answering() -> None:
    said = _said(OUTLETS_ASK)
    assert _speaker_of(said, "China firmly opposes the abuse") == ["Guo Lin"]
    assert _speaker_of(said, "should not target any third party") == ["Guo Lin"]
    # The outlets ask; a question is no one's statement.
    assert _speaker_of(said, "Will China retaliate") == []
    assert _speaker_of(said, "Does China have any comment") == []


def test_unlabelled_paragraphs_are_no_ones_where_two_people_answer() -> None:
    text = OUTLETS_ASK.replace("Guo Lin: The report reviews", "Han Ming: The report reviews")
    said = _said(text)
    assert _speaker_of(said, "China firmly opposes the abuse") == []


OFFICE_THEN_NAME = "\n\n".join(
    [
        "Official Spokesperson, Shri Rohan Verma: Good afternoon friends. I have two"
        " announcements before I take your questions.",
        "Speaker 1: Sir, this is Anita from a news channel. I wanted to ask about the visit?",
        "Official Spokesperson, Shri Rohan Verma: Anita, I would not like to get ahead of the"
        ' discussions. After the meeting, Foreign Secretary Arvind Mehra said that "peace in'
        ' the border areas remains the basis for normal ties". We will put out a readout'
        " later today.",
    ]
)


def test_an_office_before_its_holders_name_labels_the_holder() -> None:
    found = extract_document(OFFICE_THEN_NAME, title="Weekly Media Briefing").statements
    spokesperson = [s for s in found if "get ahead of the discussions" in s.quote]
    assert [(s.speaker, s.role) for s in spokesperson] == [("Rohan Verma", "Official Spokesperson")]
    # The reporter's "Speaker 1:" paragraph is nobody's continuation.
    assert _speaker_of(_said(OFFICE_THEN_NAME), "I wanted to ask about the visit") == []


def test_a_person_named_inside_a_turn_keeps_their_quoted_words() -> None:
    said = _said(OFFICE_THEN_NAME, title="Weekly Media Briefing")
    assert "Arvind Mehra" in _speaker_of(said, "peace in the border areas remains")
    # The turn itself stays the spokesperson's.
    assert "Rohan Verma" in _speaker_of(said, "We will put out a readout")


def test_an_office_or_a_pronoun_inside_a_turn_takes_nothing_from_it() -> None:
    text = OFFICE_THEN_NAME.replace("Foreign Secretary Arvind Mehra said", "he said")
    said = _said(text, title="Weekly Media Briefing")
    assert _speaker_of(said, "peace in the border areas remains") == ["Rohan Verma"]


def test_a_credit_line_and_a_front_page_are_no_turn_labels() -> None:
    text = (
        "Live: the war, day 30\n\n"
        "Rescuers search the rubble in the city. Kharkiv Photograph: Jane Roe/Agency\n\n"
        "The minister said the strikes had hit two power plants.\n\n"
        "Friday’s TIMES: “Alliance will act if chemical weapons used”\n\n"
        "Friday’s GUARDIAN: “Sanctions a little late”\n\n"
        "Officials said more aid would arrive on Monday, and we will keep you updated."
    )
    speakers = {who for who, _ in _said(text, title="Live blog")}
    assert not speakers & {"Kharkiv Photograph", "Times", "Guardian", "Friday’s TIMES"}
