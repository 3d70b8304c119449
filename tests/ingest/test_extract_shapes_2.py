"""Three shapes of English the extractor misread, each with look-alikes that must not change:
an office whose complement holds "and" before the holder's name ("Secretary of the National
Security and Defense Council Jane Doe"), a reporter's gloss appended to reported speech ("…,
concessions he was unlikely to receive"), and verbs that report speech only with a "that"
clause ("maintained that …", not "maintained friendly ties"). Every text is invented."""

from __future__ import annotations

from bot.ingest.extract import ExtractedStatement, extract_statements

_LEAD = "Talks resumed in the capital on Monday.\n\n"


def _all(text: str, **kw: object) -> list[ExtractedStatement]:
    found = extract_statements(_LEAD + text, **kw)  # type: ignore[arg-type]
    for s in found:
        assert (_LEAD + text)[s.start : s.end] == s.quote
    return found


def _one(text: str, fragment: str, **kw: object) -> ExtractedStatement:
    hits = [s for s in _all(text, **kw) if fragment in s.quote]
    assert hits, f"no statement holds {fragment!r}: {[(s.speaker, s.quote) for s in _all(text)]}"
    return hits[0]


def _quotes(text: str, **kw: object) -> list[str]:
    return [s.quote for s in _all(text, **kw)]


# -- "and" inside an office's complement ------------------------------------------------------


def test_an_and_inside_the_complement_stays_in_the_title() -> None:
    s = _one(
        "“The sector is working,” Secretary of the National Security and Defense Council "
        "Marta Kovalenko said.",
        "sector is working",
    )
    assert (s.speaker, s.role) == (
        "Marta Kovalenko",
        "Secretary of the National Security and Defense Council",
    )


def test_according_to_a_title_with_and() -> None:
    s = _one(
        "According to Secretary of the National Security and Defense Council Marta Kovalenko, "
        "the members of the council will meet again.",
        "members of the council",
    )
    assert (s.speaker, s.role, s.direct) == (
        "Marta Kovalenko",
        "Secretary of the National Security and Defense Council",
        False,
    )


def test_a_ministry_of_two_fields() -> None:
    s = _one("“We will not give up,” Minister of Trade and Industry Tomas Reiner said.", "give up")
    assert (s.speaker, s.role) == ("Tomas Reiner", "Minister of Trade and Industry")


def test_an_unknown_given_name_after_a_title_with_and() -> None:
    # "Xolani" is in no list of given names: the title written before the name decides.
    s = _one(
        "Secretary of Health and Human Services Xolani Mbeki said the agency was ready.",
        "agency was ready",
    )
    assert (s.speaker, s.role) == ("Xolani Mbeki", "Secretary of Health and Human Services")


def test_an_inverted_speaker_with_such_a_title() -> None:
    s = _one(
        "The talks went well, said the Minister of Foreign Affairs and Trade Lena Marsh.",
        "talks went well",
    )
    assert (s.speaker, s.role) == ("Lena Marsh", "Minister of Foreign Affairs and Trade")


def test_two_people_joined_by_and_keep_their_own_titles() -> None:
    s = _one("“We will win,” President Jane Doe and Prime Minister John Roe said.", "will win")
    assert (s.speaker, s.role) == ("John Roe", "Prime Minister")


def test_an_and_before_another_office_is_not_in_the_title() -> None:
    s = _one(
        "“We will win,” the Minister of Foreign Affairs of Utopia Jane Doe and Prime Minister "
        "John Roe said.",
        "will win",
    )
    assert (s.speaker, s.role) == ("John Roe", "Prime Minister")


def test_according_to_two_people_of_whom_the_first_has_a_long_title() -> None:
    s = _one(
        "According to President of Utopia Jane Doe and Chancellor John Roe, the talks went well.",
        "talks went well",
    )
    assert (s.speaker, s.role) == ("Jane Doe", "President of Utopia")


# -- a reporter's gloss after reported speech -------------------------------------------------


def test_a_resumptive_gloss_is_cut_from_reported_speech() -> None:
    s = _one(
        "Jan Volkov demanded legal guarantees that Utopia would never join the alliance or host "
        "its missiles, concessions he was unlikely to receive.",
        "legal guarantees",
    )
    assert s.quote.endswith("host its missiles")
    assert not s.direct


def test_a_gloss_whose_own_verb_is_a_cue_is_cut_too() -> None:
    # "a claim the ministry denies": "denies" would otherwise end the clause at "the".
    s = _one("Lena Marsh said the sanctions had failed, a claim the ministry denies.", "sanctions")
    assert s.quote == "the sanctions had failed"


def test_glosses_with_that_and_with_something() -> None:
    assert (
        _one(
            "Lena Marsh said her country would send troops to the border, a move that angered "
            "its neighbours.",
            "troops",
        ).quote
        == "her country would send troops to the border"
    )
    assert (
        _one(
            "Lena Marsh said Utopia wanted firm security guarantees, something the alliance has "
            "refused.",
            "guarantees",
        ).quote
        == "Utopia wanted firm security guarantees"
    )


def test_an_apposition_to_a_noun_or_a_repeated_word_is_no_gloss() -> None:
    assert _quotes(
        "Lena Marsh said the talks would resume in Geneva, a city that has hosted many summits."
    ) == ["the talks would resume in Geneva, a city that has hosted many summits"]
    assert _quotes("Lena Marsh said the plan was a major step, a step that would help them.") == [
        "the plan was a major step, a step that would help them"
    ]


def test_a_quotation_keeps_its_gloss_like_words() -> None:
    assert _quotes(
        "“We want guarantees, something the alliance has refused,” Lena Marsh said."
    ) == ["We want guarantees, something the alliance has refused"]


def test_an_office_glossing_its_principal_keeps_the_gloss() -> None:
    # In a release the office narrates its principal: its gloss is on the principal's side.
    text = (
        "Lena Marsh stressed the futility of attempts to delay the talks, something the other "
        "side is doing to regroup its forces."
    )
    found = _all(text, principal=("Lena Marsh", "President of Utopia"))
    assert any(s.quote.endswith("regroup its forces") for s in found)


def test_a_possessive_her_opens_the_reported_clause() -> None:
    # "said her country …, a move that …": "that" belongs to the gloss, not to "said".
    assert _quotes(
        "Lena Marsh said her country would stay neutral, a move that surprised many."
    ) == ["her country would stay neutral"]
    assert _quotes("Lena Marsh told her on Monday that the troops would stay.") == [
        "the troops would stay"
    ]


# -- verbs that report speech only with a clause ----------------------------------------------


def test_a_plain_object_after_mention_maintain_observe_is_no_speech() -> None:
    assert _quotes("Lena Marsh mentioned each of the volunteers by name.") == []
    assert _quotes("Lena Marsh maintained friendly ties with her neighbours for years.") == []
    assert _quotes("Lena Marsh observed the exercise from the command centre.") == []
    assert _quotes("Lena Marsh recalled the ambassador from Utopia for consultations.") == []
    assert _quotes("Lena Marsh will continue the evacuation mission tomorrow.") == []
    # "conclude an agreement" makes one; "concluded that …" reports (ninth session).
    assert _quotes("Utopia would not conclude an agreement that left its farmers behind.") == []


def test_a_participle_with_a_plain_object_is_no_speech() -> None:
    found = _all(
        "Lena Marsh noted the role of the allies, maintaining the talks in the Geneva format."
    )
    assert [s.quote for s in found] == ["the role of the allies"]


def test_the_same_verbs_with_a_clause_report_speech() -> None:
    assert _quotes("Lena Marsh mentioned that the talks had failed.") == ["the talks had failed"]
    assert _quotes("Lena Marsh concluded that the talks had failed.") == ["the talks had failed"]
    assert _quotes("Lena Marsh maintained she had done nothing wrong.") == [
        "she had done nothing wrong"
    ]
    assert _quotes("Lena Marsh observed that the exercise had gone well.") == [
        "the exercise had gone well"
    ]
    assert _quotes("As Lena Marsh observes, they have received a warm welcome.") == [
        "they have received a warm welcome"
    ]
    assert _quotes("Lena Marsh continued: The reality is that the city is blocked.") == [
        "The reality is that the city is blocked"
    ]
    assert _quotes("Lena Marsh maintained it was a mistake to leave.") == [
        "it was a mistake to leave"
    ]


def test_a_pronoun_object_is_no_clause() -> None:
    assert _quotes("Lena Marsh mentioned it in her speech on Monday.") == []
