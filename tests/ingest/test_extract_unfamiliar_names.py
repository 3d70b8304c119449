"""The same sentence read the same whoever it names. A held-out document names people the
lexicon has never seen ("Wang Yi", "Ngozi Okonjo-Iweala", "Faisal bin Farhan"); the extractor
must find their words as it finds "John Smith"'s: by the shape of the text, not by knowing the
given name. Each shape here once lost or mangled statements for unfamiliar names only (a
pronoun after a speaker first named at their cue, particles inside a name, a surname written
first), and the other shapes checked alongside were wrong for every name (a dangling "and", an
apposed role inside the quotation, a full name as a transcript label, "X thanked … and said
that …", a scare quote given to someone only reported). Every text is invented."""

from __future__ import annotations

import pytest

from bot.ingest.extract import extract_document, extract_statements
from bot.ingest.extract.names import split_name
from tests.ingest.extract_helpers import find_statement

# Given names the lexicon does not know, beside one it does; each with a surname-only form
# and the pronoun the text uses.
FAMILIAR = ("John Smith", "Smith", "he")
UNFAMILIAR = [
    ("Chidi Okonkwo", "Okonkwo", "he"),
    ("Oluwaseun Adeyemi", "Adeyemi", "she"),
    ("Siddharth Raghunathan", "Raghunathan", "he"),
    ("Aigerim Tokayeva-Sultan", "Tokayeva-Sultan", "she"),
    ("Faisal bin Farhan", "bin Farhan", "he"),
    ("Ursula von der Leyen", "von der Leyen", "she"),
]

SHAPES = [
    # the only person is first named at the cue; the pronoun follows
    '{N}, the foreign minister, said the talks were useful. "We are ready to continue the '
    'dialogue next week," {p} said.',
    '{N} delivered a speech at the conference.\n\n"Peace cannot be built on the ruins of '
    'international law," {p} said. "We demand the withdrawal of all foreign troops."',
    'The talks resumed on Monday.\n\n"We are ready to continue the dialogue next week," said '
    "{N}, the foreign minister.",
    "The talks resumed on Monday.\n\nForeign Minister {N} said the country would not accept "
    'any ultimatum.\n\n"There will be no concessions on sovereignty," {S} told reporters.',
    "The summit opened.\n\nUtopia's Minister for Foreign Affairs {N} said the country would "
    "not recognise the referendums.",
    "Ministers met in Geneva.\n\n{N} thanked the hosts for the support and said that Utopia is "
    "ready to host the next round of talks.",
    "MODERATOR: Welcome. Our first speaker is the foreign minister.\n\n{U}: Thank you. We will "
    "never accept the annexation of our territory.\n\nMODERATOR: Thank you, Minister.",
]


def _statements(
    text: str, title: str = "Talks resume in Geneva"
) -> list[tuple[str | None, bool, str]]:
    """(speaker, direct, words) of each statement, every offset checked."""
    found = extract_statements(text, title=title)
    for s in found:
        assert text[s.start : s.end] == s.quote
    return [(s.speaker, s.direct, s.quote) for s in found]


def _fill(shape: str, person: tuple[str, str, str]) -> str:
    name, short, pronoun = person
    return shape.format(N=name, S=short, p=pronoun, U=name.upper())


def _anonymised(found: list[tuple[str | None, bool, str]], name: str) -> list[tuple]:
    return [(speaker == name, direct, quote.replace(name, "N")) for speaker, direct, quote in found]


@pytest.mark.parametrize("shape", SHAPES, ids=range(len(SHAPES)))
@pytest.mark.parametrize("person", UNFAMILIAR, ids=[p[0] for p in UNFAMILIAR])
def test_an_unfamiliar_name_is_read_as_a_familiarfind_statement(
    shape: str, person: tuple[str, str, str]
) -> None:
    familiar = _statements(_fill(shape, FAMILIAR))
    assert familiar, "the shape gives statements for a familiar name"
    assert all(speaker == FAMILIAR[0] for speaker, _, _ in familiar)
    got = _statements(_fill(shape, person))
    assert _anonymised(got, person[0]) == _anonymised(familiar, FAMILIAR[0]), got


def test_a_pronoun_finds_a_speaker_named_only_at_their_cue() -> None:
    text = (
        "Chidi Okonkwo, Utopia's ambassador, said the concerns were hypocritical. \"We are "
        'ready to open corridors every day," he said.'
    )
    assert find_statement(text, "open corridors").speaker == "Chidi Okonkwo"


def test_a_thing_heading_a_sentence_is_no_antecedent() -> None:
    """ "He" after a sentence about a plant or a pipeline is not the plant."""
    text = (
        "The governor reported on industry. The Izhevsk Mechanical Plant is capable of "
        "producing 3,000 pacemakers. According to the head of the region, the labour market "
        "is stable. He also spoke about farming, noting that the region leads in milk output."
    )
    speakers = {s.speaker for s in extract_statements(text)}
    assert not any(s and "Plant" in s for s in speakers)
    text = (
        "The ministers discussed energy. Nord Stream 2 remains a threat to security. "
        '"This is in the interests of Europe," he stressed.'
    )
    assert not any(s.speaker and "Nord" in s.speaker for s in extract_statements(text))


@pytest.mark.parametrize(
    "run, title, name",
    [
        ("Foreign Minister Faisal bin Farhan", "Foreign Minister", "Faisal bin Farhan"),
        (
            "Commission President Ursula von der Leyen",
            "Commission President",
            "Ursula von der Leyen",
        ),
        ("President Luiz Inácio Lula da Silva", "President", "Luiz Inácio Lula da Silva"),
    ],
)
def test_particles_stay_inside_the_name(run: str, title: str, name: str) -> None:
    assert split_name(run) == (title, name)


def test_a_name_with_two_particles_is_one_name() -> None:
    text = (
        "The summit ended.\n\nUrsula von der Leyen said Europe would stand with Ukraine. "
        '"We will never waver," she added.'
    )
    assert {s.speaker for s in extract_statements(text)} == {"Ursula von der Leyen"}


def test_a_surname_written_first_is_the_person_so_named() -> None:
    text = (
        "Wang Yi, China's foreign minister, arrived in Geneva on Monday.\n\n"
        "Later, Wang said the blockade must end."
    )
    assert find_statement(text, "blockade must end").speaker == "Wang Yi"


def test_a_first_word_shared_by_two_people_names_neither() -> None:
    text = (
        "Wang Yi, China's foreign minister, and Wang Wenbin, its spokesman, arrived on Monday."
        "\n\nLater, Wang said the blockade must end."
    )
    assert find_statement(text, "blockade must end").speaker not in ("Wang Yi", "Wang Wenbin")


# -- full names as transcript labels ----------------------------------------------------------


def test_a_full_name_in_capitals_labels_a_turn_beside_a_moderator() -> None:
    text = (
        "MS. JONES: Welcome. Our first speaker is the foreign minister.\n\n"
        "URSULA VON DER LEYEN: Thank you. We will never accept the annexation of our "
        "territory.\n\nMS. JONES: Thank you, Minister."
    )
    s = find_statement(text, "never accept the annexation")
    assert s.speaker == "Ursula von der Leyen"
    assert "URSULA" not in s.quote  # before, the label ran on inside Jones's turn
    assert find_statement(text, "Welcome").speaker == "Jones"


def test_one_capitalised_line_in_an_article_is_no_turn() -> None:
    """A heading's run-in ("GRAIN DEAL: …") in a story with no other label is not a speaker."""
    text = (
        "GRAIN DEAL: the corridor reopened on Monday after weeks of talks.\n\n"
        "Ships left the port of Odesa at dawn, officials said."
    )
    assert all(s.speaker != "Grain Deal" for s in extract_statements(text))


# -- shapes every name got wrong ----------------------------------------------------------------


def test_a_coordinated_speech_verb_shares_the_subject() -> None:
    text = (
        "Ministers met in Geneva.\n\nOluwaseun Adeyemi thanked the hosts for the support and "
        "said that Utopia is ready to host the next round of talks."
    )
    s = find_statement(text, "ready to host")
    assert (s.speaker, s.quote) == (
        "Oluwaseun Adeyemi",
        "Utopia is ready to host the next round of talks",
    )


def test_a_coordinated_verb_after_no_person_gives_no_statement() -> None:
    text = "Ministers met in Geneva.\n\nPrices rose sharply and said that the market was ready."
    assert extract_statements(text) == []


def test_a_reported_clause_cut_at_the_next_verb_drops_its_conjunction() -> None:
    text = (
        "Ministers met.\n\nJohn Smith warned that the ceasefire was fragile and called for "
        "restraint."
    )
    assert find_statement(text, "ceasefire").quote == "the ceasefire was fragile"


def test_the_role_apposed_after_according_to_is_not_quoted() -> None:
    text = (
        "Ministers met.\n\nAccording to John Smith, the foreign minister, the sanctions must "
        "be lifted."
    )
    s = find_statement(text, "sanctions")
    assert (s.quote, s.role) == ("the sanctions must be lifted", "the foreign minister")


def test_a_scare_quote_after_reported_speech_is_nobody_s() -> None:
    """A few words in quotation marks, sentences after someone's view was reported, are the
    writer's; a whole sentence quoted there still continues the speaker."""
    text = (
        "Mr. Kessler says that a piece of the country should be given away. It seems his "
        'calendar is wrong. The "great geopoliticians" are always unwilling to see people.'
    )
    assert all("great geopoliticians" not in s.quote for s in extract_statements(text))
    text = (
        "John Smith said the talks had failed. Later he repeated the claim, adding that "
        '"nobody in this building believes the other side any more," at a dinner.'
    )
    assert find_statement(text, "nobody in this building").speaker == "John Smith"


def test_a_document_of_these_shapes_is_read_whole() -> None:
    """The shapes together, as a meeting's coverage puts them."""
    text = (
        "The Council met on the humanitarian situation.\n\n"
        "Chidi Okonkwo, Utopia's ambassador, said that the concerns of Western delegations "
        'were hypocritical. "We are ready to open corridors every day," he said.\n\n'
        "Aigerim Tokayeva-Sultan thanked the briefers and said that the blockade must end."
    )
    doc = extract_document(text, title="Council hears briefing")
    got = {(s.speaker, s.quote[:20]) for s in doc.statements}
    assert got == {
        ("Chidi Okonkwo", "the concerns of West"),
        ("Chidi Okonkwo", "We are ready to open"),
        ("Aigerim Tokayeva-Sultan", "the blockade must en"),
    }


@pytest.mark.parametrize(
    "sentence, said",
    [
        (
            "In an interview with the BBC, John Smith warned that the sanctions would stay.",
            "the sanctions would stay",
        ),
        (
            "In an interview with Reuters, John Smith said the sanctions would stay.",
            "the sanctions would stay",
        ),
        # a clause before the comma is what was said, an opening "if" clause included
        (
            "If they dropped their hands they would be beaten, John Smith said.",
            "If they dropped their hands they would be beaten",
        ),
        (
            "The sanctions will stay in place for a long time, John Smith said.",
            "The sanctions will stay in place for a long time",
        ),
    ],
)
def test_an_opening_phrase_before_the_speaker_is_not_what_was_said(
    sentence: str, said: str
) -> None:
    text = "The talks resumed.\n\n" + sentence
    assert [s.quote for s in extract_statements(text)] == [said]


@pytest.mark.parametrize(
    "sentence, said",
    [
        ("Jane Doe told reporters the blockade must end.", "the blockade must end"),
        (
            "Jane Doe told the BBC on Monday the war would end in talks.",
            "the war would end in talks",
        ),
        (
            "Jane Doe told Zelensky the aid would arrive within weeks.",
            "the aid would arrive within weeks",
        ),
        (
            "Jane Doe told Ukraine’s president she hoped the lines would hold.",
            "she hoped the lines would hold",
        ),
    ],
)
def test_told_someone_then_a_clause_reports_the_clause(sentence: str, said: str) -> None:
    text = "Ministers met.\n\n" + sentence
    assert [(s.speaker, s.quote) for s in extract_statements(text)] == [("Jane Doe", said)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Jane Doe told him the news about the talks.",
        "Jane Doe told reporters about the talks in Geneva.",
        # a speaker's address to the audience is no one's reported speech
        "History tells us freedom is not free.",
        "Don’t tell me we can’t build ships here again.",
    ],
)
def test_told_without_a_clause_reports_nothing(sentence: str) -> None:
    assert extract_statements("Ministers met.\n\n" + sentence) == []


# -- a parliament's record: the office, then its holder in parentheses --------------------------

_HANSARD = (
    "The House met at half-past Two o'clock.\n\n"
    "The Foreign Secretary (Adaeze Nwosu): We will never accept this annexation of sovereign "
    "land, and our sanctions will stay.\n\n"
    "Mr Speaker: Order.\n\n"
    "Mr John Roe (Islington North) (Lab): Will the Secretary of State tell the House what "
    "talks are planned?\n\n"
    "The Foreign Secretary (Adaeze Nwosu): The talks will resume in Geneva next week and we "
    "will press for a ceasefire."
)


def test_an_office_with_its_holder_in_parentheses_labels_the_holder() -> None:
    found = extract_statements(_HANSARD, title="Ukraine - Hansard")
    by_speaker = {
        (s.speaker, s.role) for s in found if "annexation" in s.quote or "Geneva" in s.quote
    }
    assert by_speaker == {("Adaeze Nwosu", "The Foreign Secretary")}
    assert find_statement(_HANSARD, "what talks are planned").speaker == "John Roe"
    assert all("Foreign Secretary (" not in s.quote for s in found)


def test_an_interpreter_s_note_is_still_no_holder() -> None:
    text = (
        "Vladimir Putin (retranslated): We are ready to continue these talks next week.\n\n"
        "Xi Jinping (via interpreter): We support the talks and hope for a lasting peace."
    )
    assert [s.speaker for s in extract_statements(text)] == ["Vladimir Putin", "Xi Jinping"]


# -- what a person was doing is no role; a post reports a clause ---------------------------------


@pytest.mark.parametrize(
    "apposition, role",
    [
        ("speaking at a press conference in Ankara", None),
        ("writing in the Sunday Times", None),
        ("in Ankara for talks", None),
        ("the housing minister", "the housing minister"),
        ("housing minister", "housing minister"),
    ],
)
def test_what_a_person_was_doing_is_no_role(apposition: str, role: str | None) -> None:
    text = f"Ministers met.\n\nJohn Smith, {apposition}, said that the corridor must stay open."
    s = find_statement(text, "corridor")
    assert (s.speaker, s.role) == ("John Smith", role)


def test_posted_that_reports_the_clause_and_posted_alone_nothing() -> None:
    text = "Ministers met.\n\nJohn Smith posted on Telegram that the corridor must stay open."
    assert find_statement(text, "corridor").quote == "the corridor must stay open"
    assert extract_statements("Ministers met.\n\nJohn Smith posted a video of the port.") == []


# -- other governments' transcripts --------------------------------------------------------------


def test_outlets_asking_are_no_speakers() -> None:
    """A foreign ministry's briefing labels each question with the asking outlet."""
    text = (
        "Spokesperson Lin Haoran: Good afternoon. Let me start with an announcement.\n\n"
        "AFP: What is your position on the sanctions?\n\n"
        "Lin Haoran: We oppose all illegal unilateral sanctions. They never solve problems.\n\n"
        "Daily Herald: Will you mediate between the parties?\n\n"
        "Lin Haoran: We are ready to play a constructive role in promoting peace talks."
    )
    got = [
        (sp, q)
        for sp, _, q in _statements(
            text, "Foreign Ministry Spokesperson's Regular Press Conference"
        )
    ]
    assert {speaker for speaker, _ in got} == {"Lin Haoran"}
    assert not any("?" in quote for _, quote in got)


def test_a_name_then_its_office_labels_a_turn() -> None:
    text = (
        "Shri Kiran Malhotra, Official Spokesperson: Good afternoon. Let me begin with the "
        "visit of the minister.\n\n"
        "Question (Anil Rao, Daily Post): Sir, what is the position on the vote?\n\n"
        "Shri Kiran Malhotra, Official Spokesperson: We have consistently called for the "
        "cessation of hostilities and a return to diplomacy."
    )
    got = [
        (sp, q)
        for sp, _, q in _statements(
            text, "Transcript of Weekly Media Briefing by the Official Spokesperson"
        )
    ]
    assert [speaker for speaker, _ in got] == ["Kiran Malhotra", "Kiran Malhotra"]
    text = (
        "Vladimir Putin: Good afternoon, colleagues. Let us begin with the first item.\n\n"
        "Anna Popova, Head of the Federal Service: Thank you, Mr President. The situation is "
        "stable and under control.\n\n"
        "Vladimir Putin: Thank you. Let us move on to the next item."
    )
    assert find_statement(text, "under control", title="Meeting").speaker == "Anna Popova"


def test_a_reporter_labelled_with_the_outlet_ends_the_answer_before() -> None:
    text = (
        "PRIME MINISTER SATO: We will impose additional sanctions. We stand with Ukraine.\n\n"
        "Reporter (Asahi): What about energy imports?\n\n"
        "PRIME MINISTER SATO: We will phase out imports of coal in stages."
    )
    got = [(sp, q) for sp, _, q in _statements(text, "Press conference by the Prime Minister")]
    assert not any("energy imports" in quote for _, quote in got)


def test_titled_answers_beside_a_moderator_and_questions_are_read() -> None:
    text = (
        "NATO Secretary General Jens Stoltenberg: Good afternoon. Allies have agreed to "
        "strengthen our deterrence and defence.\n\n"
        "Moderator: We'll take questions. Yes, the lady in the front.\n\n"
        "Question [Deutsche Welle]: Will NATO send troops?\n\n"
        "NATO Secretary General Jens Stoltenberg: NATO has no plans to deploy combat troops "
        "to Ukraine. We will continue to support Ukraine."
    )
    got = [
        (sp, q)
        for sp, _, q in _statements(
            text, "Press conference by NATO Secretary General Jens Stoltenberg"
        )
    ]
    assert [speaker for speaker, _ in got] == ["Jens Stoltenberg", "Jens Stoltenberg"]


# -- statements signed at their end; quotations inside a body's statement ----------------------


@pytest.mark.parametrize(
    "title, text, role",
    [
        (
            "Statement on the attacks",
            "We condemn the attacks on civilian infrastructure in Kyiv. Those responsible "
            "must be held accountable.\n\nKwame Mensah, Minister of Foreign Affairs of Utopia",
            "Minister of Foreign Affairs of Utopia",
        ),
        (
            "Letter to the Secretary-General",
            "Dear Secretary-General,\n\nI write to draw your attention to the blockade of our "
            "ports. It must end.\n\nSincerely,\n\nKwame Mensah\nPermanent Representative of "
            "Utopia to the United Nations",
            "Permanent Representative of Utopia to the United Nations",
        ),
    ],
)
def test_a_statement_signed_at_its_end_is_its_signatory_s(title: str, text: str, role: str) -> None:
    found = extract_statements(text, title=title)
    assert found and {(s.speaker, s.role) for s in found} == {("Kwame Mensah", role)}
    assert all("Kwame Mensah" not in s.quote for s in found)


def test_a_news_story_s_last_line_is_no_signature() -> None:
    text = "Talks resumed on Monday in Geneva.\n\nJohn Smith\nGuardian correspondent"
    assert extract_statements(text, title="Ukraine live: talks resume") == []


def test_a_quotation_named_right_after_inside_a_body_s_statement_is_the_person_s() -> None:
    text = (
        "The Council adopted new measures.\n\n"
        "«We will not accept this aggression», said High Representative Josep Borrell."
    )
    s = find_statement(text, "aggression", title="EU statement")
    assert (s.speaker, s.role) == ("Josep Borrell", "High Representative")


def test_a_single_closing_mark_is_not_part_of_the_role() -> None:
    text = (
        "The minister spoke on Monday.\n\n'We will not be intimidated,' the defence "
        "secretary, Ben Wallace, said."
    )
    assert find_statement(text, "intimidated").role == "the defence secretary"


def test_a_title_naming_only_an_office_names_no_one() -> None:
    """ "the Minister of Foreign Affairs" is an office; "Affairs" was taken for a name."""
    text = "Mr President, Utopia condemns the attacks on civilians. We call on all parties to talk."
    title = "Speech of the Minister of Foreign Affairs at the General Assembly"
    assert all(s.speaker != "Affairs" for s in extract_statements(text, title=title))


def test_a_dialogue_dash_is_not_part_of_the_reply() -> None:
    text = (
        "— Mr Lavrov, will there be talks?\n\n"
        "— We are ready for talks, but only on the basis of the realities on the ground."
    )
    s = find_statement(
        text, "ready for talks", title="Interview of Foreign Minister Sergey Lavrov to RT"
    )
    assert s.quote.startswith("We are ready") and s.speaker == "Sergey Lavrov"


def test_an_arabic_article_inside_a_surname_is_part_of_the_name() -> None:
    from bot.ingest.extract import extract_document

    text = (
        "According to Sudan's Irrigation Minister Hiba al-Nour, the dam's safety comes first."
        " “If we do not know what arrives on Monday, we cannot plan for Tuesday,” she said."
    )
    found = extract_document(text).statements
    assert {s.speaker for s in found} == {"Hiba al-Nour"}


def test_a_fuller_name_replaces_a_surname_written_in_another_case() -> None:
    from bot.ingest.extract import extract_document

    text = "\n\n".join(
        [
            "Moderator: I would like to give the floor to Mr al-Harithi first.",
            "Hamad bin Saleh Al-Harithi: Thank you. Our fund will invest in the port and the"
            " railway over the next five years.",
            "Vladimir Putin: Thank you. We welcome the fund's plans for the port and the railway.",
        ]
    )
    found = extract_document(text, title="Meeting with investors").statements
    assert "Hamad bin Saleh Al-Harithi" in {s.speaker for s in found}
