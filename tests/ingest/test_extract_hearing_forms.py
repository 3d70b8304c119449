"""Hearings, debates and broadcasts, as their publishers print them. Each form here lost
statements or gave them to the wrong speaker in a sixth batch of documents written to probe
the extractor (nothing of the corpus has them): a hearing's witness named in a heading of
their own, whose answers are printed "A. …"; counsel labelled with their honours ("MR ROE
KC:"); a broadcaster's "NAME, OFFICE:" labels and its host's questions; what a speaker
reports of someone they name inside their own turn, with "that" or after naming them in
full the sentence before; a keynote's address before the questions; a question opened by a
capitalised auxiliary ("Would Indonesia …?") taken for a person's name. Every text and
person is invented."""

from __future__ import annotations

from bot.ingest.extract import extract_document


def _said(text: str, title: str, principal: tuple[str, str] | None = None) -> list:
    found = extract_document(text, title=title, principal=principal).statements
    for s in found:
        assert text[s.start : s.end] == s.quote
    return found


def _speakers_of(found: list, fragment: str) -> list[str | None]:
    return [s.speaker for s in found if fragment in s.quote]


HEARING = "\n\n".join(
    [
        "THE INQUIRY INTO GRAIN EXPORT LICENCES",
        "Transcript of Public Hearing — Day 3",
        "THE CHAIR: Good morning. We continue with the evidence on the licences. Mr Roe.",
        "MR ROE KC: Thank you, Chair. Our first witness this morning is Ms Mira Quell.",
        "MS MIRA QUELL (affirmed)",
        "Questions by MR ROE KC",
        "Q. Ms Quell, you led the licensing casework team in 2022; is that right?",
        "A. That is right. I was responsible for the casework teams and their caseload.",
        "Q. Should those licences have been granted?",
        "A. With hindsight, no. The system recorded the risk but it did not stop it.",
        "MR ROE KC: Thank you. Chair, those are my questions for this witness.",
        "THE CHAIR: Mr Roe, your next witness.",
        "MR ROE KC: Chair, I call Colonel Tomas Brandt.",
        "COLONEL (RETD) TOMAS BRANDT (sworn)",
        "Q. Colonel Brandt, you were the defence attaché at the embassy in 2022?",
        "A. I was. I arrived in the autumn of 2020 and left in the summer of 2023.",
        "Q. Did anyone reply to your report on the diverted shipments?",
        "A. Nobody replied in writing. I was told by the desk officer that it had been read.",
    ]
)


def test_a_hearings_answers_are_the_witness_whose_heading_comes_before_them() -> None:
    found = _said(HEARING, title="Inquiry into Grain Export Licences — Day 3")
    assert _speakers_of(found, "did not stop it") == ["Mira Quell"]
    assert _speakers_of(found, "responsible for the casework") == ["Mira Quell"]
    assert _speakers_of(found, "left in the summer of 2023") == ["Tomas Brandt"]
    assert _speakers_of(found, "Nobody replied in writing") == ["Tomas Brandt"]
    # Counsel's questions are no statements; counsel's own words are "Roe", not "Roe Kc".
    assert not _speakers_of(found, "Should those licences")
    assert set(_speakers_of(found, "those are my questions")) <= {"Roe"}


def test_a_heading_that_names_no_witness_leaves_the_answers_to_the_interviewee() -> None:
    # No heading names anyone: the answers are the interviewee's the title names, as before.
    text = "\n\n".join(
        [
            "EXPORT POLICY REVIEW",
            "Q. Minister, will the licences be reviewed this year?",
            "A. They will. I have asked officials to report to me by the end of March.",
            "Q. And will the findings be published in full?",
            "A. They will be published, with only the names of companies taken out.",
        ]
    )
    found = _said(text, title="Interview with Trade Minister Ilse Varga")
    assert _speakers_of(found, "report to me by the end of March") == ["Ilse Varga"]


BROADCAST = "\n\n".join(
    [
        "THE WEEK WITH DANA ORWELL",
        "DANA ORWELL, HOST: Welcome back. Joining me now from Tallinn is the defence"
        " minister, Kaja Lind. Minister, thank you for being here.",
        "KAJA LIND, ESTONIAN DEFENCE MINISTER: Thank you, Dana. It is good to be with you.",
        "ORWELL: Let us start with the cable. Is this sabotage, in your view?",
        "LIND: We are treating it as sabotage until we are shown otherwise, and we will"
        " inspect every ship that crosses the line.",
        "ORWELL: NATO says it is stepping up patrols. Let us take a listen.",
        "(BEGIN VIDEO CLIP)",
        "VICE ADMIRAL PIET VAN DAM, COMMANDER, ALLIED MARITIME COMMAND: We are going to"
        " increase our presence in the Baltic with ships and with patrol aircraft.",
        "(END VIDEO CLIP)",
        "ORWELL: Is that enough to deter the next attack on the cables?",
        "LIND: It is a start, and we welcome it. But watching is not the same as stopping.",
    ]
)


def test_a_broadcasts_name_then_office_labels_start_turns_and_its_host_only_asks() -> None:
    found = _said(BROADCAST, title="Transcript: Estonian Defence Minister Kaja Lind")
    by_quote = {s.quote[:30]: (s.speaker, s.role) for s in found}
    assert ("Piet van Dam", "Commander, Allied Maritime Command") in by_quote.values()
    assert _speakers_of(found, "treating it as sabotage") == ["Kaja Lind"]
    assert _speakers_of(found, "watching is not the same") == ["Kaja Lind"]
    assert not _speakers_of(found, "Is this sabotage")  # the host asks
    assert not _speakers_of(found, "Joining me now")


DEBATE = "\n\n".join(
    [
        "Grain Sanctions: Enforcement",
        "Westminster Hall, 9.30 am",
        "Sara Moyo (Wexcombe) (LD): I beg to move, That this House has considered the"
        " enforcement of sanctions on grain taken from occupied territory.",
        "Let me first put on record what the Ukrainian ambassador, Taras Hlib, told the"
        " group last month. He said that “every tonne that leaves the port is a tonne"
        " stolen twice.” I cannot improve on that.",
        "Chris Adebayo (Lowther) (Lab): I want to focus on enforcement. The Foreign"
        " Secretary, Alan Keyes, told the Foreign Affairs Committee in January that he was"
        " confident enforcement was working and that the office had the resources it needed."
        " I am afraid the evidence says otherwise.",
        "The Minister told me on this item only last week, and I thank her for it.",
        "Sara Moyo: The hon. Gentleman is right, and I will come to insurance in a moment.",
        "Chris Adebayo: I thank the hon. Lady for giving way once again this morning.",
    ]
)


def test_what_a_speaker_reports_of_someone_named_in_their_turn_is_that_persons() -> None:
    found = _said(DEBATE, title="Grain Sanctions: Enforcement — Westminster Hall debate")
    quoted = [s for s in found if s.quote.startswith("every tonne that leaves the port")]
    assert [s.speaker for s in quoted] == ["Taras Hlib"]
    reported = [s for s in found if s.quote.startswith("he was confident enforcement")]
    assert [(s.speaker, s.direct) for s in reported] == [("Alan Keyes", False)]
    # The turn itself stays its speaker's, whole.
    assert "Chris Adebayo" in _speakers_of(found, "I want to focus on enforcement")
    # A clause reported without "that" inside a turn is no one else's statement.
    assert not any(s.quote.startswith("on this item") for s in found)


KEYNOTE = "\n\n".join(
    [
        "Keynote Address by Foreign Minister Ratna Sari",
        "Jakarta Maritime Dialogue — 2 September 2025",
        "Excellencies, ladies and gentlemen, it is an honour to open the fifth dialogue and to"
        " welcome delegations from twenty-six countries to a city that has always looked to"
        " the sea.",
        "Our position is clear, and it is not new. We are not a claimant state in the"
        " southern sea. Our rights are defined by the convention on the law of the sea, and"
        " by nothing else. We will defend them calmly and lawfully.",
        "Finally, the sea is not only about security. It carries the great majority of our"
        " trade, and the crisis in the Red Sea has shown what happens when a single strait is"
        " closed. Shipping costs for palm oil rose by a third in a single year. That is why"
        " Indonesia proposes a maritime connectivity fund, and why we will host the first"
        " joint meeting of transport and foreign ministers next March. Thank you.",
        "MODERATOR: Thank you very much, Minister. The Minister has agreed to take a few"
        " questions.",
        "QUESTION (Lars Ekholm, Embassy of Sweden): Thank you, Minister. Would Indonesia"
        " consider sending naval vessels to the escort missions in the Red Sea?",
        "MINISTER SARI: Our navy has its hands full with seventeen thousand islands. But any"
        " deployment far from our waters would need a clear mandate from the United Nations.",
    ]
)


def test_a_keynotes_address_before_the_questions_is_the_speakers_every_sentence() -> None:
    found = _said(KEYNOTE, title="Keynote Address by Foreign Minister Ratna Sari")
    assert _speakers_of(found, "the sea is not only about security") == ["Ratna Sari"]
    assert _speakers_of(found, "Indonesia proposes a maritime connectivity fund") == ["Ratna Sari"]
    assert _speakers_of(found, "would need a clear mandate") == ["Ratna Sari"]
    # "Would Indonesia" opening a question names no one.
    assert not any(s.speaker and "Would" in s.speaker for s in found)


def test_a_third_person_passage_before_the_first_turn_stays_unattributed() -> None:
    # A narrated introduction (no address) before the turns is not the speaker's speech.
    intro = " ".join(
        [
            "The meeting took place in the Kremlin. Taking part were the Prime Minister, the"
            " ministers of finance, energy and transport, and the heads of the regions."
        ]
        * 8
    )
    text = "\n\n".join(
        [
            intro,
            "Pavel Orlov: Good afternoon, colleagues. Let us begin with the harvest and the"
            " prices of fuel for farmers this season.",
            "Ivan Sergeev: Thank you. The harvest will be larger than last year by a tenth,"
            " and fuel prices for farmers are stable.",
            "Pavel Orlov: Good. Let us move on to the roads in the regions.",
        ]
    )
    found = _said(text, title="Meeting with Government members, Pavel Orlov speaking")
    assert not _speakers_of(found, "Taking part were")


def test_a_name_written_surname_first_is_its_person_when_the_surname_comes_alone() -> None:
    text = "\n\n".join(
        [
            "Shenzhen TV: The coordinators' meeting took place in Beijing this week. Can you"
            " share more information?",
            "Wen Hao: On June 10, Vice Foreign Minister Liang Wenbo met ambassadors of African"
            " countries in Beijing. Vice Foreign Minister Liang said that China stands ready to"
            " work with African countries to make the summit a new milestone.",
            "Reuters: A follow-up on the summit. Will the leaders sign a declaration?",
            "Wen Hao: We will release information in due course. Please stay tuned for updates.",
        ]
    )
    found = _said(text, title="Foreign Ministry Spokesperson Wen Hao's Regular Press Conference")
    reported = [s for s in found if s.quote.startswith("China stands ready")]
    assert [s.speaker for s in reported] == ["Liang Wenbo"]


CONGRESSIONAL_HEARING = "\n\n".join(
    [
        "COUNTERING SANCTIONS EVASION",
        "HEARING BEFORE THE COMMITTEE ON BANKING, UNITED STATES SENATE",
        "OPENING STATEMENT OF CHAIRMAN WALTER BRANDT",
        "Chairman BRANDT. The committee will come to order. Ukrainian investigators are still"
        " pulling American-made microchips out of the wreckage of Russian missiles.",
        "Senator FERRARO. Thank you, Mr. Chairman. Sanctions are a tool, not a strategy, and"
        " enforcement and clarity have to go together.",
        "Chairman BRANDT. Thank you. Our first witness is Under Secretary Priya Raghunathan.",
        "Ms. RAGHUNATHAN. Thank you, Chairman Brandt. Since February 2022 we have imposed the"
        " most expansive export controls ever applied to a major economy.",
    ]
)


def test_a_congressional_hearings_office_and_surname_labels_start_turns() -> None:
    found = _said(CONGRESSIONAL_HEARING, title="Countering Sanctions Evasion")
    assert _speakers_of(found, "tool, not a strategy") == ["Ferraro"]
    assert _speakers_of(found, "most expansive export controls") == ["Priya Raghunathan"]
    # A heading in capitals gives no full name: the surname the label gives stays.
    assert _speakers_of(found, "still pulling American-made") == ["Brandt"]


def test_one_office_and_surname_sentence_in_prose_is_no_label() -> None:
    text = (
        "The senator spoke first.\n\nMr. SMITH. That is what the sign on his office said, in"
        " capitals, and it has not changed in thirty years of service."
    )
    found = _said(text, title="A profile")
    assert not any(s.speaker == "Smith" for s in found)


RADIO = "\n\n".join(
    [
        "MORNING CALL, MERIDIAN TALK 97.4 FM",
        "Presenters: Dana Whitfield and Tom Kerrigan",
        "DANA WHITFIELD: It's five past nine, you're listening to Morning Call.",
        "TOM KERRIGAN: With us in the studio is the Minister for Border Security, Rukhsana"
        " Qureshi. How many people will actually be sent back?",
        "RUKHSANA QURESHI\nIn the pilot phase, we expect it to be a few hundred in the first"
        " months, and then we scale up.",
        "DANA WHITFIELD: Gareth is in Swindon. Gareth, go ahead.",
        "GARETH (CALLER, SWINDON): Why should we take anyone from France at all?",
        "RUKHSANA QURESHI\nFrance is a safe country, Gareth, and that is exactly why the"
        " French government has agreed to take people back.",
    ]
)


def test_a_name_on_a_line_of_its_own_above_the_words_starts_a_turn_and_listed_hosts_ask() -> None:
    found = _said(RADIO, title="Morning Call: the returns deal, with Rukhsana Qureshi")
    assert _speakers_of(found, "a few hundred in the first") == ["Rukhsana Qureshi"]
    assert _speakers_of(found, "France is a safe country") == ["Rukhsana Qureshi"]
    assert not _speakers_of(found, "How many people will actually")  # a presenter asks


NOON_BRIEFING = "\n\n".join(
    [
        "Daily Press Briefing by the Office of the Spokesperson for the Secretary-General",
        "The following is a near-verbatim transcript of today's noon briefing.",
        "Question: Florencia, has the Secretary-General been in contact with the leadership?",
        "Spokesperson: He has not spoken to them directly in recent days. His envoy has been in"
        " contact with both sides.",
        "Question: And on the funding appeal for Haiti?",
        "Spokesperson: We are appealing to donors to step up before the rains come.",
    ]
)


def test_a_spokespersons_office_label_is_the_principal_whose_office_it_is() -> None:
    found = extract_document(
        NOON_BRIEFING,
        title="Daily Press Briefing by the Office of the Spokesperson for the Secretary-General",
        principal=("Florencia Aguirre", "Spokesperson for the Secretary-General"),
    ).statements
    assert _speakers_of(found, "not spoken to them directly") == ["Florencia Aguirre"]
    assert _speakers_of(found, "appealing to donors") == ["Florencia Aguirre"]


DASHED_INTERVIEW = "\n\n".join(
    [
        "Interview of Deputy Minister of Foreign Affairs Oleh Marchuk to the UkrPress agency",
        "26 June 2024, 14:20",
        "*Mr. Deputy Minister, accession talks opened yesterday. What does this mean?*",
        "— This is a historic day, and I do not use this word lightly. We now begin the"
        " screening of our legislation.",
        "*The Council adopted a fourteenth package of sanctions this week. Is Kyiv satisfied?*",
        "— Satisfied is not a word a diplomat uses during a war. The package bans the"
        " transshipment of liquefied gas through European ports.",
        "*How do you assess the decision of the Congress on the aid package?*",
        "— Better late than never. Four months of delay meant four months of missiles.",
    ]
)


def test_a_translated_interviews_dashed_answers_are_the_titled_persons_whatever_their_person() -> (
    None
):
    found = _said(
        DASHED_INTERVIEW,
        title="Interview of Deputy Minister of Foreign Affairs Oleh Marchuk to the UkrPress agency",
        principal=("Oleh Marchuk", "Deputy Minister of Foreign Affairs"),
    )
    satisfied = [s for s in found if "Satisfied is not a word" in s.quote]
    assert [(s.speaker, s.quote[:9]) for s in satisfied] == [("Oleh Marchuk", "Satisfied")]
    assert _speakers_of(found, "Better late than never") == ["Oleh Marchuk"]
    assert not _speakers_of(found, "How do you assess")  # the agency's question


def test_a_publications_name_as_a_label_asks_and_a_persons_full_name_answers() -> None:
    text = "\n\n".join(
        [
            "THE NORTHERN REVIEW INTERVIEW",
            "Aleksi Virta became defence minister in 2023. We spoke to him in Helsinki.",
            "NORTHERN REVIEW: The land border has been closed since December. Is that permanent?",
            "ALEKSI VIRTA: Nothing is permanent, but I see no reason to reopen it soon.",
            "NORTHERN REVIEW: What has the alliance actually done about the cables?",
            "ALEKSI VIRTA: We patrol the gulf every day now, with ships and with aircraft.",
        ]
    )
    found = _said(text, title="Finland's defence minister on the border")
    assert not _speakers_of(found, "Is that permanent")
    assert _speakers_of(found, "no reason to reopen") == ["Aleksi Virta"]
