"""Briefings as other governments print them. Each form here lost statements or gave them to
the wrong speaker in documents written to probe the extractor (nothing of the corpus has
them): an answer running over several paragraphs of a "Name: …" transcript, answers printed
without a label after an outlet's question, outlets named in title case ("Bloomberg:",
"Yonhap News Agency:"), an office before its holder's name ("Official Spokesperson, Shri …:"),
a person quoted by name inside someone's turn, and the look-alikes that must stay what they
are (a picture's credit line, a newspaper's front page, a reporter's "Speaker 1:"). Every
text is invented."""

from __future__ import annotations

import pytest

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


def test_a_bodys_office_in_capitals_labels_the_holder_the_title_names() -> None:
    text = "\n\n".join(
        [
            "MODERATOR: Good afternoon. The Secretary General will make short remarks.",
            "NATO SECRETARY GENERAL: Thank you. Allies have ordered more interceptors this"
            " year than in the five years before, but it is still not enough.",
            "QUESTION (Reuters): Will the new target be agreed in July?",
            "NATO SECRETARY GENERAL: I am confident we will agree an ambitious target.",
        ]
    )
    title = "Press point with NATO Secretary General Henrik van der Veen"
    found = extract_document(text, title=title).statements
    assert {(s.speaker, s.role) for s in found} == {
        ("Henrik van der Veen", "NATO Secretary General")
    }
    assert any("ambitious target" in s.quote for s in found)


def test_a_capitalised_place_or_house_is_no_office_label() -> None:
    from bot.ingest.extract.labels import parse_label

    assert parse_label("WHITE HOUSE") is None
    assert parse_label("UNITED STATES") is None
    label = parse_label("ESTONIAN PRIME MINISTER")
    assert label is not None and label.office == "Estonian Prime Minister"


OP_ED = "\n\n".join(
    [
        "By Ana Lucía Ferreyra",
        "Our coastline is longer than any land border we have. Goodwill alone will not defend it.",
        "That is why the Government will ask Congress this month to approve a naval plan.",
        "Ana Lucía Ferreyra is the Minister of National Defence of Utopia.",
    ]
)


def test_an_op_eds_closing_line_gives_its_author_the_office() -> None:
    found = extract_document(OP_ED, title="Our longest frontier").statements
    assert {(s.speaker, s.role) for s in found} == {
        ("Ana Lucía Ferreyra", "Minister of National Defence of Utopia")
    }
    assert any("will ask Congress" in s.quote for s in found)
    # The editor's line is no statement of hers.
    assert not any("is the Minister of National Defence" in s.quote for s in found)


def test_a_journalists_byline_and_tagline_make_no_op_ed() -> None:
    text = OP_ED.replace(
        "is the Minister of National Defence of Utopia", "is our Europe correspondent"
    )
    assert extract_document(text, title="Our longest frontier").statements == []


READOUT = "\n\n".join(
    [
        "On March 10, Minister of Foreign Affairs of the Russian Federation S.V. Lavrov held"
        " a telephone conversation with Minister of Foreign Affairs of Utopia C.A. Okafor.",
        "The Utopian Minister informed S.V. Lavrov that the Government of Utopia had taken"
        " additional measures to stabilise the situation in the north.",
        "The Russian side stressed that the settlement of the crisis should be carried out"
        " by the Utopians themselves, without external interference.",
        "S.V. Lavrov said that Russia remained open to a political settlement in Ukraine.",
        "The US president said the talks would continue.",
    ]
)
READOUT_TITLE = (
    "Foreign Minister Sergey Lavrov's telephone conversation with Minister of Foreign"
    " Affairs of Utopia Chidi Okafor"
)


def test_a_ministrys_readout_names_the_people_its_title_names() -> None:
    found = extract_document(READOUT, title=READOUT_TITLE)
    assert found.kind == "readout"
    by = {s.quote[:30]: s.speaker for s in found.statements}
    # Initials are the title's full name; a description by nationality is its holder.
    assert by["Russia remained open to a poli"] == "Sergey Lavrov"
    assert by["the Government of Utopia had t"] == "Chidi Okafor"
    # "The Russian side" speaks for its country.
    assert by["the settlement of the crisis s"] == "Russia"


def test_a_description_by_nationality_needs_a_holder_of_that_nationality() -> None:
    # Only Lavrov and Okafor are known: "the US president" is neither.
    found = extract_document(READOUT, title=READOUT_TITLE).statements
    assert not any("the talks would continue" in s.quote for s in found)


def test_initials_stay_as_written_where_nothing_spells_them_out() -> None:
    found = extract_document(READOUT, title="Telephone conversation").statements
    assert "S.V. Lavrov" in {s.speaker for s in found}
    assert "Sergey Lavrov" not in {s.speaker for s in found}


def test_a_side_inside_someones_reported_clause_stays_theirs() -> None:
    text = (
        "The Deputy Prime Minister Jane Roe noted that the Utopian side demands that the"
        " occupying forces allow humanitarian columns through checkpoints."
    )
    found = extract_document(text, title="Readout of a meeting").statements
    assert [(s.speaker, s.quote) for s in found] == [
        (
            "Jane Roe",
            "the Utopian side demands that the occupying forces allow humanitarian columns"
            " through checkpoints",
        )
    ]


# A UN meeting's coverage: delegations and officials reported in the third person.
COVERAGE = [
    (
        "Briefing the Council, Nguyễn Thị Lan Hương, Assistant Secretary-General for Africa,"
        " said that the security situation had deteriorated markedly.",
        "the security situation had deteriorated markedly",
        ("Nguyễn Thị Lan Hương", "Assistant Secretary-General for Africa"),
    ),
    (
        "Also speaking was Olumide Adeyemi-Okafor, Minister of State for Foreign Affairs of"
        " Nigeria, who said that the riparian states had agreed on a joint patrol protocol.",
        "agreed on a joint patrol protocol",
        ("Olumide Adeyemi-Okafor", "Minister of State for Foreign Affairs of Nigeria"),
    ),
    (
        "The minister met John Roe, who said that the talks had failed.",
        "the talks had failed",
        ("John Roe", None),
    ),
    (
        "China's delegate said development was the key to lasting peace in the region.",
        "development was the key to lasting peace",
        ("China", "China's delegate"),
    ),
]


def test_a_meetings_coverage_reports_each_speaker_in_the_third_person() -> None:
    for text, words, (speaker, role) in COVERAGE:
        found = extract_document(text, title="Security Council meeting coverage").statements
        hits = [(s.speaker, s.role) for s in found if words in s.quote]
        assert hits == [(speaker, role)], (text, [(s.speaker, s.quote) for s in found])


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "Minister for Foreign Affairs": a portfolio word is no person's name ("Affairs").
        (
            "Olumide Adeyemi-Okafor, Minister of State for Foreign Affairs of Nigeria, spoke"
            " last. “We do not ask the Council to do our work for us,” he said.",
            "Olumide Adeyemi-Okafor",
        ),
        # Combining marks ("ọ̀") belong to the name.
        (
            "Oluwaseun Adébáyọ̀-Martins, a senior fellow at a Brussels research centre, said"
            " the delay itself was sending a signal to the Kremlin.",
            "Oluwaseun Adébáyọ̀-Martins",
        ),
    ],
)
def test_the_one_person_named_is_the_one_speaker(text: str, speaker: str) -> None:
    found = extract_document(text, title="Meeting coverage").statements
    assert [s.speaker for s in found] == [speaker]


def test_a_coordinated_said_reports_a_clause_without_that() -> None:
    text = (
        '"We were close," said Nabila Haddad, the spokesperson.\n\n'
        "Haddad declined to say which listings remained in dispute, but said the High"
        " Representative would brief EU leaders at their summit next week."
    )
    said = _said(text, title="EU fails to agree sanctions")
    assert _speaker_of(said, "would brief EU leaders") == ["Nabila Haddad"]
    # A noun after "said" is no clause: nothing is reported.
    text = "Jane Doe declined to comment but said a few words to the crowd outside."
    assert _said(text, title="Visit") == []


def test_in_a_joint_statement_a_shared_cue_leaves_the_sentence_to_its_person() -> None:
    text = (
        "The two leaders welcomed progress in joint research on cancer treatment. President"
        " Roe highlighted the role of the national cancer centre in promoting international"
        " collaborations, and underscored that commitment to growing the initiative.\n\n"
        "Prime Minister Doe and President Roe recognized the threat of the climate crisis."
    )
    said = _said(text, title="Utopia-Arcadia Joint Leaders' Statement")
    assert _speaker_of(said, "and underscored that commitment") == ["Roe"]
    assert _speaker_of(said, "Prime Minister Doe and President Roe recognized") == [
        "Utopia-Arcadia Leaders"
    ]


VERBATIM = "\n\n".join(
    [
        "IN THE CHAIR: JANE ROE\nVice-President",
        "President. – The next item is the debate on the report on consular protection.",
        "Marta Ruiz de la Fuente (S&D), rapporteur. – Madam President, when the airports"
        " closed, thousands of Europeans discovered how little their passport was worth.",
        "Pieter van der Meulen, on behalf of the ECR Group. – Madam President, consular"
        " protection is a national competence and it should stay that way.",
        "President. – Thank you. The debate is closed.",
    ]
)


def test_a_parliaments_verbatim_record_labels_speeches_with_a_dash() -> None:
    found = extract_document(VERBATIM, title="Consular protection (debate)").statements
    assert [(s.speaker, s.role) for s in found] == [
        ("Marta Ruiz de la Fuente", "rapporteur"),
        ("Pieter van der Meulen", "ECR Group"),
    ]
    # The chair's procedure is no one's statement.
    assert not any("debate is closed" in s.quote for s in found)


WRITTEN = "\n\n".join(
    [
        "Sudan: Humanitarian Aid",
        "Question for Foreign Office",
        "Asked by Lord Doe of Brixton",
        "To ask His Majesty's Government what steps they are taking on access to Darfur.",
        "Answered by Lord Roe, Minister of State (Foreign Office)",
        "Answered on 17 February 2025",
        "The humanitarian situation in North Darfur is catastrophic.",
        "UK ministers continue to press both warring parties, and we will keep access at the"
        " top of the agenda.",
    ]
)


def test_written_answers_are_the_answering_ministers() -> None:
    found = extract_document(WRITTEN, title="Written questions and answers").statements
    assert {(s.speaker, s.role) for s in found} == {
        ("Lord Roe", "Minister of State (Foreign Office)")
    }
    assert any("situation in North Darfur is catastrophic" in s.quote for s in found)
    assert any("we will keep access" in s.quote for s in found)
    # The question is no statement; the heading names no speaker.
    assert not any("To ask His Majesty" in s.quote for s in found)


INTERVIEW = "\n\n".join(
    [
        "HANOI — Chidi Okonkwo, Utopia's foreign minister, has spent the year shuttling"
        ' between the great powers. "Utopia does not choose sides," Mr. Okonkwo told the'
        " Review in an interview on Tuesday.",
        "You have called your approach bamboo diplomacy. What does that mean?",
        "The bamboo has strong roots and flexible branches. The roots are our national interests.",
        "Are you worried about escalation at sea?",
        "We are concerned, of course. Our fishermen have fished those waters for generations.",
        "Some in the capital believe Utopia is drifting towards one side.",
        "I read those analyses with interest, but they misunderstand us.",
        "What keeps you awake at night?",
        "Honestly? The weather. The last typhoon cost us three billion dollars.",
    ]
)


def test_an_unlabelled_interviews_answers_are_the_interviewees() -> None:
    said = _said(INTERVIEW, title="'We will not be made to choose'")
    for answer in (
        "The bamboo has strong roots",
        "We are concerned",
        "I read those analyses",
        "The last typhoon cost us",
    ):
        assert _speaker_of(said, answer) == ["Chidi Okonkwo"], answer
    # The questions, and a prompt stated without a question mark, are no one's.
    assert _speaker_of(said, "What does that mean") == []
    assert _speaker_of(said, "Some in the capital believe") == []


def test_questions_without_an_interview_in_the_opening_make_no_answers() -> None:
    text = INTERVIEW.replace(" told the Review in an interview on Tuesday", " said on Tuesday")
    said = _said(text, title="Bamboo diplomacy")
    assert _speaker_of(said, "We are concerned") == []


COUNCIL_RECORD = """United Nations S/PV.1234

Security Council
1234th meeting
Tuesday, 3 March 2026, 10 a.m.

President: Mr. Doe (Freedonia)

Agenda: The situation at the river ports

The meeting was called to order at 10.05 a.m.

The President: In accordance with rule 39, I invite Ms. Jane Roe, Assistant Secretary-General \
for Humanitarian Affairs, to participate in this meeting. I give the floor to Ms. Roe.

Ms. Roe: Since the Council last met, the situation at the river ports has worsened sharply.

Attacks on the grain terminals have continued, and two vessels have been struck this month alone.

The President: I thank Ms. Roe for her briefing.

Mr. Smith (Ruritania) (spoke in French): Ruritania condemns the strikes on the ports in the \
strongest terms.

Ruritania will continue to support the inspection mission for as long as it takes."""


def test_a_councils_verbatim_record_gives_each_paragraph_to_its_speaker() -> None:
    said = _said(COUNCIL_RECORD, title="Security Council, 1234th meeting")
    assert _speaker_of(said, "has worsened sharply") == ["Jane Roe"]
    # A paragraph running on in the third person is still the speaker's.
    assert _speaker_of(said, "two vessels have been struck") == ["Jane Roe"]
    assert _speaker_of(said, "in the strongest terms") == ["Smith"]
    assert _speaker_of(said, "support the inspection mission") == ["Smith"]
    # The chair's procedure and the record's own lines are no one's statements.
    assert not _speaker_of(said, "I thank Ms. Roe")
    assert not _speaker_of(said, "called to order")


def test_a_paragraph_reporting_speech_or_opening_with_another_label_ends_a_turn() -> None:
    text = """Jane Roe: Good afternoon. The corridor will reopen on Monday for all vessels.

The talks resumed in the afternoon, and the minister said that progress had been made overnight.

Richard Doe, President, Harbour Union: The workers are ready to load the first ships next week.

John Poe: Thank you all for coming to this briefing today."""
    said = _said(text)
    assert not _speaker_of(said, "The talks resumed")
    assert "Jane Roe" not in _speaker_of(said, "ready to load")


def test_a_debates_office_with_its_portfolio_and_the_chair_label_their_holders() -> None:
    text = """Food Security: Black Sea

The Minister for Europe (Jane Doe): It is a pleasure to open this debate, and I thank the House.

Mr Richard Roe (Islington North) (Lab): Will the Minister give way to me on the ports?

Jane Doe: I will give way to the hon. Gentleman in a moment, once I have made progress.

Madam Deputy Speaker (Dame Alice Poe): Order. I call the shadow Minister to speak now."""
    said = _said(text, title="Food Security: Black Sea")
    assert _speaker_of(said, "open this debate") == ["Jane Doe"]
    roles = {s.role for s in extract_document(text).statements if s.speaker == "Jane Doe"}
    assert "The Minister for Europe" in roles
    assert _speaker_of(said, "I call the shadow Minister") == ["Alice Poe"]


def test_answers_labelled_a_are_the_person_the_opening_says_took_the_questions() -> None:
    text = """Foreign Minister Jane Doe took questions from journalists on the eve of the visit.

Q: Minister, what do you expect from the visit?

A: We expect to sign an agreement on critical minerals and a transport memorandum.

Q: Will sanctions come up in the talks?

A: I am sure they will, and we are ready for that conversation with our partners."""
    title = "Press conference on the state visit of President Richard Roe"
    said = _said(text, title=title)
    assert _speaker_of(said, "critical minerals") == ["Jane Doe"]
    assert _speaker_of(said, "ready for that conversation") == ["Jane Doe"]


def test_a_countrys_government_body_speaks_for_it_in_a_wire_story() -> None:
    text = (
        "KYIV, March 3 (Agency) - Fighting continued in the south on Sunday.\n\n"
        "On the battlefield, the Russian Defence Ministry said in a statement that its forces "
        "had taken control of the village of Ternuvate.\n\n"
        "Ukraine's General Staff said that Russian forces had launched 34 assaults in the area.\n\n"
        "According to the Ukrainian Air Force, 87 of the drones were shot down overnight.\n\n"
        "The Apple Office said that sales would rise."
    )
    found = extract_document(text).statements
    said = {(s.speaker, s.speaker_kind) for s in found}
    assert ("Defence Ministry of Russia", "organisation") in said
    assert ("General Staff of Ukraine", "organisation") in said
    assert ("Air Force of Ukraine", "organisation") in said
    assert not any("Apple" in (s.speaker or "") for s in found)  # no country's body


def test_after_a_joint_communique_each_leader_keeps_what_the_report_says_they_said() -> None:
    text = (
        "1. We, the President of Utopia, Jane Roe, and the President of Arcadia, Richard Doe,"
        " met in the capital for the second summit of our two countries.\n\n"
        "2. We condemn the strikes on the river ports.\n\n"
        "***\n\n"
        "Speaking at a press conference after the summit, Roe said Utopia would double the"
        ' capacity of its port. "The river is now our lifeline to the world," she said.\n\n'
        '"For thirty years gas was used as a leash," Doe said, adding that Arcadia hoped to'
        " join the grid before the winter."
    )
    said = _said(text, title="Joint Communiqué of the Utopia-Arcadia Summit")
    assert _speaker_of(said, "would double the capacity") == ["Jane Roe"]
    assert _speaker_of(said, "our lifeline to the world") == ["Jane Roe"]
    assert _speaker_of(said, "Arcadia hoped to join the grid") == ["Richard Doe"]
    # What the two say together stays the summit's.
    assert "Jane Roe" not in _speaker_of(said, "We condemn the strikes")


def test_ruled_out_reports_what_was_ruled_out_and_refuses_it_unless_negated() -> None:
    found = extract_document("Defence minister Jane Roe ruled out sending ground troops.")
    assert [(s.cue, s.quote, s.kind) for s in found.statements] == [
        ("ruled out", "sending ground troops", "rejection")
    ]
    negated = extract_document("Defence minister Jane Roe has not ruled out a second round.")
    assert [(s.quote, s.kind) for s in negated.statements] == [("a second round", None)]


def test_a_clause_before_an_official_named_with_a_role_is_what_they_said() -> None:
    text = "The missiles will not be delivered, spokeswoman Jane Roe said, and that is final."
    assert [(s.speaker, s.quote) for s in extract_document(text).statements] == [
        ("Jane Roe", "The missiles will not be delivered")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Foreign minister Jane Roe urged Belgrade to withdraw the units it had moved to the line.",
        "Minister Jane Roe called on Belgrade to withdraw the units it had moved to the line.",
        "Jane Roe spoke on Monday, urging Belgrade to withdraw the units it had moved to the line.",
    ],
)
def test_an_appeal_reports_the_party_called_on_and_the_act_as_a_demand(text: str) -> None:
    found = extract_document(text).statements
    assert [(s.quote, s.kind) for s in found] == [
        ("Belgrade to withdraw the units it had moved to the line", "demand")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "I urge you to defend the blockade of the banks when the package is approved.",
        "Today I’m calling on Congress to suspend the federal gas tax for ninety days.",
        "We recall the Glasgow pact urging developed countries to double their climate finance.",
        "Jane Roe called the decision to close the ports a grave mistake for the region.",
    ],
)
def test_ones_own_appeal_a_participle_and_calling_something_something_report_none(
    text: str,
) -> None:
    assert not [s for s in extract_document(text).statements if not s.direct]


def test_a_hansard_label_stamped_with_a_time_and_a_motion_after_i_move() -> None:
    text = """HOUSE OF REPRESENTATIVES

Second Reading

Ms ROE (Parramatta—Minister for Foreign Affairs) (09:31): I move:

That this bill be now read a second time.

Australians expect their government to do everything in its power to bring home citizens \
detained arbitrarily overseas.

Mr DOE (Goldstein) (09:52): The opposition will support this bill, and we will seek amendments."""
    said = _said(text, title="Autonomous Sanctions Amendment Bill 2025, Second Reading")
    assert _speaker_of(said, "read a second time") == ["Roe"]
    assert _speaker_of(said, "bring home citizens") == ["Roe"]
    assert _speaker_of(said, "seek amendments") == ["Doe"]


def test_after_a_separator_a_news_report_is_no_longer_the_issuers() -> None:
    text = (
        "1. We, the Chancellor of Utopia, Jane Roe, and the President of Arcadia, Richard Doe,"
        " met in the capital today.\n\n"
        "2. We condemn the strikes on the river ports in the strongest terms.\n\n"
        "* * *\n\n"
        "Utopia pledges support for the gas link to Arcadia\n\n"
        "CAPITAL, May 14 (Agency) - The two leaders met on Wednesday at the Chancellery.\n\n"
        "Asked about the prospect of Arcadia joining the alliance, Doe said neutrality was"
        " written into the constitution.\n\n"
        "Doe thanked Utopia for its support and said Arcadia had cut its imports of gas."
    )
    said = _said(text, title="Joint Statement of the Chancellor of Utopia and the President")
    assert _speaker_of(said, "neutrality was written") == ["Richard Doe"]
    assert _speaker_of(said, "Arcadia had cut its imports") == ["Richard Doe"]
    assert not _speaker_of(said, "The two leaders met on Wednesday")
    assert not _speaker_of(said, "Utopia pledges support")
    assert _speaker_of(said, "We condemn the strikes") != []


def test_a_rule_between_parts_of_one_statement_keeps_the_issuers_speaking() -> None:
    text = (
        "We, the leaders of Utopia and Arcadia, met today at the lake house.\n\n"
        "----------\n\n"
        "We declare openly that we are united in a common purpose for the region."
    )
    said = _said(text, title="Joint Statement of Utopia and Arcadia")
    assert _speaker_of(said, "united in a common purpose") != []


def test_a_countrys_body_in_lower_case_speaks_unless_it_is_an_object_or_quoted() -> None:
    text = (
        "KYIV, March 3 (Agency) - Fighting continued in the south on Sunday.\n\n"
        "Russia's defence ministry said its forces had taken control of the village.\n\n"
        "A commander of the garrison besieged by Russian forces said he would not surrender.\n\n"
        "He said: “The Italian government condemns the attack on the port in every way."
    )
    bodies = {s.speaker for s in extract_document(text).statements if s.speaker_kind != "person"}
    assert bodies == {"Defence Ministry of Russia"}


JOINT_PRESS_CONFERENCE = "\n\n".join(
    [
        "MODERATOR (Kate Poe, press office): Good afternoon. The two Presidents will each make"
        " a statement.",
        "PRESIDENT DOE (in French, as interpreted): Madam President, welcome back to our"
        " capital. Today we agreed that our negotiators will work on a safeguard mechanism"
        " before the end of the year.",
        "PRESIDENT ROE (in Portuguese, as interpreted): Thank you. We did not come here to ask"
        " for favours; we came to propose a partnership between two countries with farmers.",
        "QUESTION (Ann Lee, Daily Courier) (in Portuguese): Did the President give you a"
        " commitment today?",
        "PRESIDENT DOE (in English): I would not call it a promise. What I said is that we will"
        " go through the safeguards text line by line.",
    ]
)


def test_an_interpreters_note_with_a_language_leaves_the_label_its_speakers() -> None:
    said = _said(JOINT_PRESS_CONFERENCE, title="Joint press conference of the Presidents")
    assert _speaker_of(said, "negotiators will work on a safeguard") == ["Doe"]
    assert _speaker_of(said, "propose a partnership") == ["Roe"]
    assert _speaker_of(said, "line by line") == ["Doe"]
    assert not _speaker_of(said, "give you a commitment")


DEBATE = (
    "\n\n".join(
        [
            "The candidates spoke in Czech. Moderator: Martina Novakova. Candidates: Tomas Hruby"
            " (Civic Bloc) and Radek Simek (Sovereignty Party).",
            "NOVAKOVA: Good evening. Mr Simek, you would halt the ammunition initiative. Why?",
            "ŠIMEK: Because it is not our war. Every week this government finds money for shells.",
            "HRUBÝ: That is simply false. The initiative is paid for almost entirely by allies.",
            "NOVAKOVA: Gentlemen, please. Mr Hruby, the ambassador called it “playing with fire”.",
            "HRUBÝ: I will not take lessons about fire from an embassy that spies on universities.",
            "ŠIMEK: A president should open doors, not slam them because others tell us to.",
        ]
    )
    .replace("Radek Simek", "Radek Šimek")
    .replace("Tomas Hruby", "Tomáš Hrubý")
)


def test_a_moderator_named_in_the_introduction_asks_and_a_label_may_open_with_any_capital() -> None:
    said = _said(DEBATE, title="Second televised debate")
    # "ŠIMEK:" opens with a capital beyond Latin-1: his turns are his, not the previous
    # speaker's.
    assert _speaker_of(said, "not our war") == ["Radek Šimek"]
    assert _speaker_of(said, "open doors") == ["Radek Šimek"]
    assert _speaker_of(said, "spies on universities") == ["Tomáš Hrubý"]
    # The moderator's turns, and what she quotes in them, are nobody's statement.
    assert not _speaker_of(said, "Good evening")
    assert not _speaker_of(said, "playing with fire")


MAGAZINE_INTERVIEW = "\n\n".join(
    [
        "Lena Kovac became the Union's special representative in January. Critics in both"
        " Serbia and Kosovo say the dialogue has become an end in itself. Daniel Hale spoke to"
        " her in Brussels.",
        "HALE: You've been in the job ten months. Is the dialogue still alive?",
        "KOVAC: It is alive, but I would not describe it as healthy. The two sides still come"
        " to Brussels and sit at the same table.",
        "HALE: Belgrade says it never signed the agreement of 2023.",
        "KOVAC: Nobody signed it, that is true. But both leaders accepted it publicly, and the"
        " Union regards it as binding.",
    ]
)


def test_an_interviewer_the_introduction_names_asks_and_a_paired_place_is_no_speaker() -> None:
    said = _said(MAGAZINE_INTERVIEW, title="The envoy on the dialogue")
    assert _speaker_of(said, "not describe it as healthy") == ["Lena Kovac"]
    assert _speaker_of(said, "regards it as binding") == ["Lena Kovac"]
    # "Daniel Hale spoke to her": his turns are questions.
    assert not _speaker_of(said, "ten months") and not _speaker_of(said, "never signed")
    # "Critics in both Serbia and Kosovo say": the critics speak, not Kosovo.
    assert not _speaker_of(said, "an end in itself")


MINISTRY_BRIEFING = "\n\n".join(
    [
        "Zhao Minghui: The Foreign Minister will visit Brazil and Argentina next week.",
        "Question: The coast guard of a neighbour says your vessels fired water cannon at its"
        " boat. What is your comment?",
        "Zhao Minghui: I would refer you to the coast guard for the specifics of the incident."
        " What I want to stress is that the reef is part of our territory.",
        "The other side claims it is the victim. This is simply not true, and its vessels have"
        " repeatedly made provocations at sea.",
        "Question: Will you send help after the floods in the south of the region?",
        "Zhao Minghui: We express deep condolences over the loss of lives to the families.",
        "Our country will continue to stand with the people there and stands ready to provide"
        " further help in light of their needs.",
    ]
)


def test_a_principals_answer_runs_on_in_the_third_person_under_an_unfamiliar_name() -> None:
    found = extract_document(
        MINISTRY_BRIEFING,
        principal=("Zhao Minghui", "Foreign Ministry Spokesperson"),
        title="Foreign Ministry Spokesperson Zhao Minghui's Regular Press Conference",
    ).statements
    said = [(s.speaker, s.quote) for s in found]
    assert _speaker_of(said, "simply not true") == ["Zhao Minghui"]
    assert _speaker_of(said, "stand with the people there") == ["Zhao Minghui"]


NEWSPAPER_INTERVIEW = "\n\n".join(
    [
        "Interview by Tor Lund",
        "KIRKENES - Ingrid Solvang has been mayor of the border municipality since 2019."
        " Solvang says the town's mood has changed more in three years than in thirty.",
        "Q. Mayor Solvang, how has daily life changed since the crossing was restricted?",
        "A. Completely. Before, we had families coming over every weekend to shop and to"
        " watch their children play football against ours.",
        "Q. Some people in the capital say the town was too dependent. Was it?",
        "A. It is easy to say that from the capital. We were not dependent, we were connected.",
    ]
)


def test_a_newspapers_interview_printed_with_q_and_a_points_is_the_interviewees() -> None:
    said = _said(
        NEWSPAPER_INTERVIEW, title="Saturday interview with Mayor Ingrid Solvang: a border town"
    )
    assert _speaker_of(said, "families coming over every weekend") == ["Ingrid Solvang"]
    assert _speaker_of(said, "We were not dependent") == ["Ingrid Solvang"]
    assert not _speaker_of(said, "Was it?")


def test_an_initial_opening_a_paragraph_is_no_answer_where_no_q_point_asks() -> None:
    text = (
        "A. Smith, the harbour master, said the port would reopen on Monday.\n\nThe ferries"
        " will run twice a day from the first week of June, A. Smith added."
    )
    said = _said(text, title="Port to reopen")
    assert any(who and who.endswith("Smith") for who, _ in said)
    assert not any(words.startswith("Smith, the harbour master") for _, words in said)
