"""British-news attribution forms: inversions with role appositions, participle clauses,
"told" objects, open appositions, tweets. Every text is invented for these tests."""

from __future__ import annotations

import pytest

from bot.ingest.extract import ExtractedStatement, extract_statements


def _all(text: str, **kw: object) -> list[ExtractedStatement]:
    found = extract_statements(text, **kw)  # type: ignore[arg-type]
    for s in found:
        assert text[s.start : s.end] == s.quote
    return found


def _find(text: str, fragment: str, **kw: object) -> ExtractedStatement:
    found = _all(text, **kw)
    hits = [s for s in found if fragment in s.quote]
    assert hits, f"no statement contains {fragment!r}: {[(s.speaker, s.quote) for s in found]}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "fragment", "speaker", "role"),
    [
        # said the ROLE, NAME — and the quotation in the next sentence is the same speaker's.
        (
            "“The harbour will stay open,” said the port authority spokesperson, Marta Olsen. "
            "“We have enough tugs for the whole winter.”",
            "harbour will stay open",
            "Marta Olsen",
            "the port authority spokesperson",
        ),
        (
            "“The harbour will stay open,” said the port authority spokesperson, Marta Olsen. "
            "“We have enough tugs for the whole winter.”",
            "enough tugs",
            "Marta Olsen",
            "the port authority spokesperson",
        ),
        # A possessive description: said Norway’s fisheries minister, NAME.
        (
            "“Quotas will be cut again,” said Norway’s fisheries minister, Pal Grieg.",
            "Quotas will be cut",
            "Pal Grieg",
            "Norway’s fisheries minister",
        ),
        # An indefinite one: said a regional adviser, NAME.
        (
            "“Our losses are small, theirs are large,” said a regional adviser, Ivo Brandt.",
            "losses are small",
            "Ivo Brandt",
            "a regional adviser",
        ),
        # The subject-first form with a closed apposition.
        (
            "The city treasurer, Lena Hart, said: “The budget is balanced for the first time.”",
            "budget is balanced",
            "Lena Hart",
            "The city treasurer",
        ),
        # according to the ROLE, NAME
        (
            "“The bridge will reopen in May,” according to the transport secretary, Omar Reyes.",
            "bridge will reopen",
            "Omar Reyes",
            "the transport secretary",
        ),
        # told reporters the ROLE, NAME: an object before the inverted speaker.
        (
            "“We will not sign this deal,” told reporters the Danish premier, Karl Moen.",
            "not sign this deal",
            "Karl Moen",
            "the Danish premier",
        ),
        # Any common speech verb inverts, and a bare role apposition follows the name.
        (
            "“Careful, honest and fair,” testified Rosa Lind, chair of the audit panel.",
            "Careful, honest",
            "Rosa Lind",
            "chair of the audit panel",
        ),
        # ROLE NAME from the PLACE told …
        (
            "“The road is closed until the snow stops,” duty manager Per Ask from the county "
            "roads office told reporters.",
            "road is closed",
            "Per Ask",
            "duty manager",
        ),
        # An apposition that lost its closing comma: NAME, ROLE told …
        (
            "“We still lack spare parts for the trains,” Nadia Kral, deputy head of the "
            "transport, energy and housing committee recently told a local paper.",
            "lack spare parts",
            "Nadia Kral",
            "deputy head of the transport, energy and housing committee",
        ),
        # was quoted as saying, after the quotation.
        (
            "“Nobody wants a trade war,” the former premier, Ivan Petrov, was quoted as saying.",
            "Nobody wants a trade war",
            "Ivan Petrov",
            "the former premier",
        ),
    ],
)
def test_role_appositions_and_inversions(text: str, fragment: str, speaker: str, role: str) -> None:
    s = _find(text, fragment)
    assert s.speaker == speaker
    assert s.role == role
    assert s.direct


def test_role_apposition_names_the_described_person_not_an_earlier_one() -> None:
    text = (
        "Anna Berg, the country’s former president, opened the fair. Later on, the gates "
        "closed. “This is a big day for the town,” said the region’s governor, Leo Falk."
    )
    assert _find(text, "big day").speaker == "Leo Falk"


def test_role_then_single_word_is_no_name() -> None:
    text = (
        "According to the minister, Portugal, which has doubts, lacks information. "
        "“We will explain our plan,” she said."
    )
    assert all(s.speaker != "Portugal" for s in _all(text))


def test_split_quotation_around_attribution() -> None:
    text = "“We are ready for talks,” the envoy Tomas Berg said, “but not for surrender.”"
    found = _all(text)
    assert [s.speaker for s in found] == ["Tomas Berg", "Tomas Berg"]
    assert found[1].quote.startswith("but not for surrender")


def test_colon_after_verb_with_object() -> None:
    text = "The mayor, Ines Vidal, told the local radio: “The tram will run again on Friday.”"
    s = _find(text, "tram will run")
    assert (s.speaker, s.cue) == ("Ines Vidal", "told")


def test_coordinated_verb_shares_the_subject() -> None:
    text = (
        "Governor Kate Moss stayed in the capital and told visitors who offered help: "
        "“The work is here. We need sandbags, not speeches.”"
    )
    assert _find(text, "We need sandbags").speaker == "Kate Moss"


def test_sentences_glued_by_scraping_split_at_the_full_stop() -> None:
    text = (
        "Defence minister Olaf Brun spoke in the morning. He said the aid was “a duty”."
        "He told the radio: “What we see today makes no sense at all.”"
    )
    s = _find(text, "makes no sense")
    assert s.speaker == "Olaf Brun"


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        # ", saying CLAUSE": the participle's clause starts right after it.
        (
            "Piet Vos doubled down on Monday on the council’s plan, saying new data showed that "
            "the town was right to act.",
            "new data showed that the town was right to act",
        ),
        (
            "Vos doubled down on the plan on Monday, saying that new data showed the town was "
            "right.",
            "new data showed the town was right",
        ),
        # "said on Monday that": an adjunct before "that" still skips to the clause.
        (
            "Piet Vos said on Monday that the council would meet again.",
            "the council would meet again",
        ),
    ],
)
def test_participle_clause_is_reported_speech(text: str, clause: str) -> None:
    s = _find(text, clause)
    assert s.quote == clause
    assert not s.direct
    assert s.speaker is not None and s.speaker.endswith("Vos")


def test_of_title_before_given_name_gives_the_role() -> None:
    text = (
        "Head of the Office of the Governor of Utopia Andriy Marko met the envoys. "
        '"We have agreed on the next steps," said the Head of the Governor\'s Office.'
    )
    s = _find(text, "next steps")
    assert s.speaker == "Andriy Marko"


def test_capitalised_office_falls_to_the_one_person_just_named() -> None:
    text = (
        "Olena Marsh visited the children's hospital in the morning. "
        '"I am worried about the children," said the First Lady.'
    )
    s = _find(text, "worried about the children")
    assert s.speaker == "Olena Marsh"


@pytest.mark.parametrize(
    "said_by",
    [
        "said the wife of the President of Utopia.",
        "said the President's wife.",
        "the President’s wife said.",
    ],
)
def test_the_presidents_wife_is_the_first_lady(said_by: str) -> None:
    text = (
        "First Lady of Utopia Mira Holt took part in the conference. "
        f'"Behind the numbers of this war there are lives," {said_by}'
    )
    found = _all(text, principal=("Ivan Holt", "President of Utopia"))
    s = next(s for s in found if "numbers of this war" in s.quote)
    assert s.speaker == "Mira Holt"


def test_a_release_narrating_what_someone_else_did_is_not_its_principal_speaking() -> None:
    """ "our state" in the office's narration about the First Lady is the office's voice, not
    a first-person passage of the President."""
    text = (
        "First Lady of Utopia Mira Holt took part in the conference. During the speech, the "
        "First Lady showed photos and told the stories of women who defend our state. "
        '"Behind the numbers of this war there are lives," said the First Lady.'
    )
    found = _all(text, principal=("Ivan Holt", "President of Utopia"))
    assert [s.speaker for s in found] == ["Mira Holt"]
    assert "numbers of this war" in found[0].quote


def test_the_principal_keeps_a_first_person_passage_after_narration() -> None:
    text = (
        "The President of Utopia met the students. We will build new schools in every region "
        "this year, and our teachers will get the pay they deserve."
    )
    found = _all(text, principal=("Ivan Holt", "President of Utopia"))
    assert any(s.speaker == "Ivan Holt" and "new schools" in s.quote for s in found)


def test_office_with_another_place_is_not_the_same_office() -> None:
    text = (
        "President of the Republic of Ruritania Pavel Dorn sent a letter. "
        "The President of Utopia noted that trade would grow next year."
    )
    found = _all(text, principal=("Ivan Stolz", "President of Utopia"))
    s = next(s for s in found if "trade would grow" in s.quote)
    assert s.speaker == "Ivan Stolz"


def test_nested_straight_quotation_does_not_cut_the_outer_one() -> None:
    text = (
        '"Today they resort to "nuclear blackmail", as the seizure of the plant shows," '
        "said Mykola Hrab."
    )
    s = _find(text, "as the seizure of the plant shows")
    assert s.speaker == "Mykola Hrab"
    assert s.quote.startswith("Today they resort")


def test_tweet_signature_gives_the_tweet_to_its_author() -> None:
    text = (
        "The foreign minister posted after the call.\n\n"
        "Spoke with my Danish colleague about the grain corridor. We need more ships as "
        "soon as possible.— Lina Sorensen (@LinaSorensen) May 12, 2022\n\n"
        "12 May 2022 10.15"
    )
    s = _find(text, "We need more ships")
    assert s.speaker == "Lina Sorensen"
    assert s.direct
    assert s.quote.startswith("Spoke with my Danish colleague")
    assert s.quote.endswith("as soon as possible.")


def test_tweet_text_stops_at_the_blog_introduction() -> None:
    text = (
        "The airline is leaving the market, according to its chief executive Sam Holt. "
        "We are suspending all flights to the region pic.twitter.com/abc123— Sam Holt "
        "(@samholt) March 4, 2022"
    )
    s = _find(text, "suspending all flights")
    assert s.speaker == "Sam Holt"
    assert s.quote == "We are suspending all flights to the region"


def test_tweet_of_an_organisation_is_no_statement_of_a_person() -> None:
    text = "The ports reopened this morning.— Harbour Authority (@harbour) May 2, 2022"
    assert not [s for s in _all(text) if "ports reopened" in s.quote]


MEETING_RECORD = "\n\n".join(
    [
        "The Council met today to discuss the humanitarian situation in the region.",
        "KARL BRANDT (Nordvik) said that the blockade of the ports must end immediately.",
        "ANNA KOVALENKO (Ruritania) said her Government was ready to resume talks, but only if "
        "the shelling stopped first.",
        "Senator Dick Doe (D-Ill.) said the sanctions were working.",
        "Dmitry Roe (pictured) said the talks would fail.",
    ]
)


def test_a_meeting_records_delegation_in_parentheses_is_the_speakers_role() -> None:
    found = extract_statements(MEETING_RECORD)
    roles = {s.speaker: s.role for s in found}
    assert roles["Karl Brandt"] == "Nordvik"
    assert roles["Anna Kovalenko"] == "Ruritania"
    # A party tag or a note is no delegation.
    assert roles["Dick Doe"] == "Senator"
    assert roles["Dmitry Roe"] is None


@pytest.mark.parametrize(
    ("subject", "name"),
    [
        ("Secretary of State Karl J. Brandt", "Karl J. Brandt"),
        ("Secretary of Defense Karl J. Brandt III", "Karl J. Brandt III"),
        ("Secretary of Defense Karl Brandt Jr.", "Karl Brandt Jr."),
    ],
)
def test_an_initial_or_a_suffix_stays_in_a_name_after_an_office_of_a_place(
    subject: str, name: str
) -> None:
    text = f"{subject} said that the new sanctions package would take effect next week."
    found = extract_statements(text)
    assert [s.speaker for s in found] == [name]


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        # A delegate named for the country they speak for, as UN meetings coverage writes.
        (
            "Bradley Connors of the United States said his delegation could not support draft"
            " language on debt.",
            "Bradley Connors",
            "United States",
        ),
        (
            "Chikondi Banda of Malawi, speaking for the least developed countries, said that"
            " graduation should not mean losing concessional finance.",
            "Chikondi Banda",
            "Malawi",
        ),
        # An apposition naming an office is the role, over the place.
        (
            "Jane Roe of Utopia, the foreign minister, said that the border would reopen.",
            "Jane Roe",
            "the foreign minister",
        ),
        # A title-case office closed by its acronym.
        (
            "Rosa Achter, Assistant Secretary-General in the Department of Economic and Social"
            " Affairs (DESA), said that 3.4 billion people live in countries drowning in debt.",
            "Rosa Achter",
            "Assistant Secretary-General in the Department of Economic and Social Affairs (DESA)",
        ),
    ],
)
def test_a_delegate_of_a_country_and_an_office_closed_by_its_acronym(
    text: str, speaker: str, role: str
) -> None:
    found = _all(text)
    assert [(s.speaker, s.role) for s in found] == [(speaker, role)]


@pytest.mark.parametrize(
    "text",
    [
        "The Ukrainian Head of State said the talks would continue.",
        "Members of the Joint Chiefs of Staff said the plan was sound.",
    ],
)
def test_an_office_or_a_body_before_of_is_no_delegate(text: str) -> None:
    assert not [s for s in _all(text) if s.speaker in ("Ukrainian Head", "Joint Chiefs")]


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # A country inside someone's reported clause is what they said.
        (
            "Anna Berg said that Hungary condemned attacks on civilian infrastructure “wherever"
            " they happen”, but argued that new sanctions would not bring peace.",
            "wherever they happen",
            "Anna Berg",
        ),
        (
            "Karl Novak, the president, said that Sweden had promised to extradite “terrorists”.",
            "terrorists",
            "Karl Novak",
        ),
    ],
)
def test_a_country_inside_a_reported_clause_is_no_second_speaker(
    text: str, fragment: str, speaker: str
) -> None:
    assert {s.speaker for s in _all(text) if fragment in s.quote} == {speaker}


def test_a_country_opening_its_own_sentence_still_speaks() -> None:
    found = _all("Turkey said it would block the applications unless its demands were met.")
    assert [s.speaker for s in found] == ["Turkey"]


def test_a_quotation_inside_a_clause_before_a_coordinated_verb_keeps_its_clause() -> None:
    # "…, and reiterated that …" shares the subject before the quotation: no attribution
    # after it, so the quotation stays in the clause "stated that" reports.
    text = (
        "Jane Doe met John Roe. She stated that attacks on our vessels are “totally"
        " unacceptable”, and reiterated that the 2016 award is final."
    )
    said = {(s.speaker, s.direct, s.quote) for s in _all(text)}
    assert said == {
        ("Jane Doe", False, "attacks on our vessels are “totally unacceptable”"),
        ("Jane Doe", False, "the 2016 award is final"),
    }


def test_chairperson_is_a_title_before_a_name() -> None:
    found = _all(
        "AU Commission Chairperson Moussa Diarra said the three delegations had agreed to meet"
        " again in May."
    )
    assert [(s.speaker, s.role) for s in found] == [("Moussa Diarra", "AU Commission Chairperson")]


@pytest.mark.parametrize(
    ("text", "clause", "speaker"),
    [
        # The reported clause's own verb is a cue word ("agree", "accept"), its subject
        # opening the clause: what was said, not a new speaker's words.
        (
            "Deputy Foreign Minister Pavel Orlov said Moscow would not agree to any navigation"
            " arrangement until the bank was reconnected.",
            "Moscow would not agree to any navigation arrangement until the bank was reconnected",
            "Pavel Orlov",
        ),
        (
            "The Greek foreign minister, Nikos Alexiou, said Athens would ask the court at The"
            " Hague to investigate the shelling of the port.",
            "Athens would ask the court at The Hague to investigate the shelling of the port",
            "Nikos Alexiou",
        ),
    ],
)
def test_a_clause_whose_own_verb_is_a_cue_word_is_still_what_was_said(
    text: str, clause: str, speaker: str
) -> None:
    found = _find(text, clause)
    assert (found.speaker, found.quote, found.direct) == (speaker, clause, False)


def test_the_speakers_next_verb_still_ends_the_clause() -> None:
    text = (
        "Governor Ivan Petrov said only half of the fishing quotas were being used and asked"
        " the minister for a report."
    )
    found = _find(text, "only half of the fishing quotas")
    assert found.quote == "only half of the fishing quotas were being used"


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        (
            "John Harlow of the Brookings Institution said the sanctions had failed to change"
            " the Kremlin's course.",
            "John Harlow",
            "Brookings Institution",
        ),
        (
            "Dr. Mehmet Ali Sönmez of the Istanbul Center for Maritime Security told us the"
            " dispute was “the same knot that killed the grain deal”.",
            "Mehmet Ali Sönmez",
            "Istanbul Center for Maritime Security",
        ),
    ],
)
def test_a_person_of_a_body_is_the_speaker_not_the_body(text: str, speaker: str, role: str) -> None:
    (found,) = _all(text)
    assert (found.speaker, found.role) == (speaker, role)


def test_an_office_of_a_body_before_a_name_is_no_person_of_it() -> None:
    text = (
        "The High Representative of the EU for Foreign Affairs Josep Borrell said the union"
        " would assist the prosecutors in gathering evidence."
    )
    (found,) = _all(text)
    assert found.speaker == "Josep Borrell"


def test_told_with_an_object_and_a_circumstance_before_that_reports_the_clause() -> None:
    text = (
        "Prime Minister Zoltan Hajdu told state radio before leaving Budapest that Hungary"
        " would not stand in the way of the plan."
    )
    found = _find(text, "Hungary would not stand")
    assert (found.speaker, found.quote) == (
        "Zoltan Hajdu",
        "Hungary would not stand in the way of the plan",
    )
    # "I told you that …" is a speaker's own words to the audience, no report.
    assert not [s for s in _all("I told you that the war would come.") if s.speaker == "I"]


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        (
            "Jaan Ots told reporters the attack bore the hallmarks of a military unit.",
            "the attack bore the hallmarks of a military unit",
        ),
        (
            "Jaan Ots told the BBC the attackers targeted three substations overnight.",
            "the attackers targeted three substations overnight",
        ),
    ],
)
def test_told_then_a_clause_in_the_past_tense_without_that_is_reported(
    text: str, clause: str
) -> None:
    found = _find(text, clause)
    assert (found.speaker, found.quote) == ("Jaan Ots", clause)


@pytest.mark.parametrize(
    "text",
    [
        "Olena Marchuk told the audience about the projects implemented under her care.",
        "Jaan Ots told him the news on Monday evening.",
    ],
)
def test_told_with_no_clause_after_its_object_reports_nothing(text: str) -> None:
    assert _all(text) == []


def test_told_us_in_a_news_story_is_the_newsroom_told_and_the_clause_reported() -> None:
    text = (
        "Jaan Ots, head of threat intelligence at a security firm, told us the attack bore"
        " the hallmarks of a military unit. Investigators are still working."
    )
    found = _find(text, "the attack bore the hallmarks")
    assert found.speaker == "Jaan Ots"


def test_tells_us_in_a_speech_reports_no_one_else() -> None:
    text = "History tells us the war will end as every war has ended, at a table."
    found = _all(text, principal=("Ivan Roe", "President"))
    assert all(s.speaker == "Ivan Roe" for s in found)  # no "History" speaking


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        (
            "David Williams, the permanent secretary, said arms makers had been asked to"
            " increase production.",
            "arms makers had been asked to increase production",
        ),
        (
            "President Ivan Petrov said he had to act because his country was threatened.",
            "he had to act because his country was threatened",
        ),
        # The speaker's next act still ends the clause.
        (
            "Jane Roe said the talks would continue and asked for patience.",
            "the talks would continue",
        ),
    ],
)
def test_a_passive_speech_verb_inside_the_clause_does_not_cut_it(text: str, clause: str) -> None:
    found = _find(text, " ".join(clause.split()[:2]))
    assert found.quote == clause


def test_a_release_describing_a_person_by_the_office_its_title_gives_is_theirs() -> None:
    text = (
        "Vladimir Putin met with Andrei Chibis. Andrei Chibis explained that the employment"
        " service was being restructured.\n\nHowever, there is work to be done. The Governor"
        " said that investment has grown 30 percent over the three years he has been in office."
    )
    found = _find(
        text,
        "investment has grown 30 percent",
        title="Meeting with Murmansk Region Governor Andrei Chibis",
    )
    assert found.speaker == "Andrei Chibis"


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Viktor Lyashko, the Health Minister, asked the governors to help organise the"
            " second stage of vaccination. The Minister of Health noted that the supply of"
            " oxygen to hospitals is improving in the regions.",
            "the supply of oxygen to hospitals is improving",
            "Viktor Lyashko",
        ),
        (
            "“We are confident of our victory,” said Andriy Yermak, Head of the Office of the"
            " President of Ukraine. The Head of the Office of the President suggested that"
            " certain forces may be interested in making this war very long.",
            "certain forces may be interested",
            "Andriy Yermak",
        ),
    ],
)
def test_an_office_written_with_its_of_complements_describes_its_holder(
    text: str, fragment: str, speaker: str
) -> None:
    assert _find(text, fragment).speaker == speaker


def test_a_body_written_with_its_of_complement_is_no_office() -> None:
    text = "The Ministry of Health noted that the supply of oxygen to hospitals is improving."
    assert all(s.speaker is None or "Ministry" in s.speaker for s in _all(text))
