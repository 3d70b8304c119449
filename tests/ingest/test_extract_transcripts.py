"""Briefing and press-conference transcripts, titled speeches and statements, readouts.

Every text here is invented; the shapes are those of a government briefing room's releases:
turns labelled in capitals ("MS. RIVERA:", "THE PRESIDENT:", "Q …"), speakers named only in
the title, readouts in the office's words.
"""

from __future__ import annotations

import pytest

from bot.ingest.extract import extract_document
from bot.ingest.extract.confidence import Confidence
from bot.ingest.extract.core import _dedupe
from bot.ingest.extract.labels import LabelResolver, parse_label
from bot.ingest.extract.model import Draft
from bot.ingest.extract.speakers import Person
from bot.ingest.extract.titles import title_people, title_speaker_person

BRIEFING_TITLE = (
    "Press Briefing by Press Secretary Dana Rivera and National Security Advisor Tom Okafor"
)
BRIEFING = """James Brady Room

1:05 P.M. EST

MS. RIVERA: Good afternoon. Today we are joined by our National Security Advisor.

MR. OKAFOR: Thanks, Dana. We stand together. We will not accept a redrawing of borders by force.

We have made that clear to Moscow in every channel.

Q Thank you, Tom. Senator Blake said today “this is a surrender.” Will you send more aid?

MR. OKAFOR: We will keep sending aid for as long as it takes.

MR. OKAFAR: And the next package is ready.

NATO: We are prepared to defend every inch of allied territory, and that is a fact.

Q And on sanctions?

MS. RIVERA: I have nothing to announce today on sanctions.

MODERATOR: That concludes the call.

END 1:40 P.M. EST
"""


def _by_speaker(statements) -> dict[str, list[str]]:  # noqa: ANN001
    out: dict[str, list[str]] = {}
    for s in statements:
        out.setdefault(s.speaker, []).append(s.quote)
    return out


def test_briefing_turns_go_to_the_full_names_the_title_gives() -> None:
    found = extract_document(BRIEFING, title=BRIEFING_TITLE)
    assert found.kind == "transcript"
    said = _by_speaker(found.statements)
    assert set(said) == {"Dana Rivera", "Tom Okafor"}
    okafor = " ".join(said["Tom Okafor"])
    assert "We will not accept a redrawing of borders by force." in okafor
    # A turn runs over its unlabelled paragraphs, and over a line that only looks like a
    # label ("NATO: …" once, inside an answer).
    assert "We have made that clear to Moscow in every channel." in okafor
    assert "We are prepared to defend every inch" in okafor
    # A typing slip in a label is the same person.
    assert "And the next package is ready." in okafor


def test_reporters_never_speak_and_their_question_is_the_answers_context() -> None:
    found = extract_document(BRIEFING, title=BRIEFING_TITLE).statements
    assert not any("surrender" in s.quote or "Thank you, Tom" in s.quote for s in found)
    assert all(s.speaker != "Blake" and "Blake" not in (s.speaker or "") for s in found)
    answer = next(s for s in found if s.quote.startswith("We will keep sending aid"))
    assert "Will you send more aid?" in answer.context


def test_long_turns_are_split_at_paragraphs_never_inside_a_sentence() -> None:
    found = extract_document(BRIEFING, title=BRIEFING_TITLE).statements
    for s in found:
        assert BRIEFING[s.start : s.end] == s.quote
        assert s.quote.rstrip()[-1] in ".?!”", s.quote
        assert "\n\n" not in s.quote
    # The timestamps and the closing line belong to nobody.
    assert not any("P.M." in s.quote for s in found)


def test_a_courtesy_turn_is_no_statement() -> None:
    text = BRIEFING.replace(
        "MS. RIVERA: I have", "MR. OKAFOR: Thank you, Dana.\n\nMS. RIVERA: I have"
    )
    found = extract_document(text, title=BRIEFING_TITLE).statements
    assert not any(s.quote == "Thank you, Dana." for s in found)
    assert any(s.quote.startswith("I have nothing to announce") for s in found)


def test_anonymous_labels_are_no_one() -> None:
    found = extract_document(BRIEFING, title=BRIEFING_TITLE).statements
    assert not any("concludes the call" in s.quote for s in found)


JOINT_TITLE = (
    "Remarks by President Harlan and Prime Minister Sato Kenji of Utopia in Joint Press Conference"
)
JOINT = """East Room

PRESIDENT HARLAN: Welcome, Prime Minister. Our two countries will sign a new defence pact.

PRIME MINISTER SATO: (As interpreted.) Thank you, Mr. President. Utopia will stand with you.

Q Mr. President, will you meet President Volkov of Ruritania?

THE PRESIDENT: Not until his troops leave the border.
"""


def test_joint_press_conference_gives_each_leader_their_turns_and_the_president_is_the_host() -> (
    None
):
    known = [("Walter Harlan", ("Harlan", "President Harlan"))]
    found = extract_document(JOINT, title=JOINT_TITLE, known_speakers=known)
    assert found.kind == "transcript"
    said = _by_speaker(found.statements)
    assert any("new defence pact" in q for q in said["Walter Harlan"])
    # "THE PRESIDENT" is the host the title names, not the president the question mentions.
    assert any("Not until his troops leave" in q for q in said["Walter Harlan"])
    # A name written surname first keeps its order.
    assert any("Utopia will stand with you" in q for q in said["Sato Kenji"])
    assert "Volkov" not in " ".join(said)


def test_a_surname_nobody_expands_stays_bare_rather_than_invented() -> None:
    resolver = LabelResolver("Press Gaggle Aboard Air Force One", "MS. LINDQVIST: Hi.", ())
    label = parse_label("MS. LINDQVIST")
    assert label is not None
    assert resolver.resolve(label) == ("Lindqvist", "")


def test_labels_in_capitals_are_parsed_into_office_and_surname() -> None:
    assert parse_label("MR. KIRBY").surname == "Kirby"  # type: ignore[union-attr]
    pm = parse_label("PRIME MINISTER SATO")
    assert pm is not None and (pm.office, pm.surname) == ("Prime Minister", "Sato")
    host = parse_label("THE VICE PRESIDENT")
    assert host is not None and (host.office, host.surname) == ("Vice President", "")
    assert parse_label("SENIOR ADMINISTRATION OFFICIAL").anonymous  # type: ignore[union-attr]
    assert parse_label("Q").reporter  # type: ignore[union-attr]
    assert parse_label("JEAN-PIERRE") is not None
    assert parse_label("WHITE HOUSE") is None


def test_titles_name_people_without_swallowing_the_event() -> None:
    people = title_people("Remarks by President Harlan Before Marine One Departure")
    assert [(p.office, p.name) for p in people][:1] == [("President", "Harlan")]
    people = title_people("Readout of President Walter J. Harlan, Jr. Call with Mayor Ann Lee")
    assert people[0].name == "Walter J. Harlan Jr."
    assert people[1].name == "Ann Lee"
    people = title_people(
        "Press Briefing by Director of Communications Kate Bell and Trade Council Director "
        "Ravi Mehta"
    )
    assert [p.name for p in people] == ["Kate Bell", "Ravi Mehta"]
    # A country after "President of" is no name.
    assert title_people("Address by the President of Utopia") == []
    speaker = title_speaker_person("Statement from National Security Advisor Tom Okafor on Trade")
    assert speaker is not None and speaker.name == "Tom Okafor"
    assert title_speaker_person("Joint Statement on Further Economic Measures") is None


STATEMENT_TITLE = "Statement by President Walter Harlan on the Anniversary of the Invasion"
STATEMENT = (
    "Two years ago today, Ruritania launched a brutal war against its neighbour.\n\n"
    "The United States will continue to stand with the people of Utopia. Sanctions will stay "
    "until every soldier has left.\n\n"
    "Senator Blake said the war was “a stain on our century”."
)


def test_a_titled_statement_is_its_principal_s_every_sentence_but_not_others_words() -> None:
    found = extract_document(STATEMENT, title=STATEMENT_TITLE)
    assert found.kind == "statement"
    harlan = [s for s in found.statements if s.speaker == "Walter Harlan"]
    text = " ".join(s.quote for s in harlan)
    assert "Two years ago today, Ruritania launched a brutal war" in text
    assert "Sanctions will stay until every soldier has left." in text
    assert "stain" not in text  # the senator's words are the senator's


READOUT_TITLE = "Readout of President Harlan’s Call with Prime Minister Ana Sousa of Utopia"
READOUT = (
    "President Walter Harlan spoke today with Prime Minister Ana Sousa of Utopia. "
    "President Harlan strongly condemned Ruritania’s missile strikes on civilian power plants. "
    "Prime Minister Sousa welcomed Utopia’s new place in the joint reconstruction fund. "
    "The leaders agreed to stay in touch."
)


def test_readout_verbs_give_reported_speech_to_their_subjects() -> None:
    found = extract_document(READOUT, title=READOUT_TITLE)
    assert found.kind == "readout"
    by_quote = {s.quote: s for s in found.statements}
    condemned = by_quote["strongly condemned Ruritania’s missile strikes on civilian power plants"]
    assert condemned.speaker == "Walter Harlan" and not condemned.direct
    welcomed = by_quote["welcomed Utopia’s new place in the joint reconstruction fund"]
    assert welcomed.speaker == "Ana Sousa" and not welcomed.direct
    assert not any("stay in touch" in q for q in by_quote)


def test_document_kinds_come_from_structure_and_title() -> None:
    assert extract_document("Lena Vogt said the talks failed.", title="Talks fail").kind == (
        "news article"
    )
    speech = extract_document(
        "Thank you all. We gather today to remember.", title="Remarks by Mayor Ann Lee at a Vigil"
    )
    assert speech.kind == "speech"
    assert speech.statements and speech.statements[0].speaker == "Ann Lee"
    blog = extract_document(
        "09.12 The mayor spoke.\n10.30 Trains resumed.\n11.45 Schools reopened.", title="Storm"
    )
    assert blog.kind == "live blog"
    release = extract_document(
        "The office held a meeting on roads.", title="Meeting on roads", principal=("Ann Lee", None)
    )
    assert release.kind == "press release"


def test_a_turn_takes_the_office_the_title_gives_and_never_a_reporters_q() -> None:
    text = BRIEFING.replace("Q And on sanctions?", "Q Mr. Okafor, and on sanctions?")
    found = extract_document(text, title=BRIEFING_TITLE).statements
    roles = {s.role for s in found if s.speaker == "Tom Okafor"}
    assert roles == {"National Security Advisor"}


@pytest.mark.parametrize(
    ("title", "label", "role"),
    [
        # The label shortens the office the title gives in full.
        (
            "Press Gaggle by Secretary of the Treasury Dana Lee Ahead of the Summit",
            "SECRETARY LEE",
            "Secretary of the Treasury",
        ),
        (
            "Remarks by Deputy Secretary of State Omar Reyes",
            "SECRETARY REYES",
            "Deputy Secretary of State",
        ),
        # Another office in the title is not the label's: the label's stands.
        ("Remarks by Ambassador Dana Lee at the Council", "DIRECTOR LEE", "Director"),
        ("Remarks by President Dana Lee", "PRESIDENT LEE", "President"),
    ],
)
def test_a_labels_office_is_completed_from_the_title(title: str, label: str, role: str) -> None:
    text = (
        f"{label}: Good morning. The price cap continues to work and we will keep it.\n\n"
        "Q Will you tighten it?\n\n"
        f"{label}: We are looking at every option to cut the revenues of the war.\n"
    )
    found = extract_document(text, title=title).statements
    assert found and {s.role for s in found} == {role}


INTERVIEW_TITLE = "Interview of Foreign Minister Pavel Marek by Lena Ho"
INTERVIEW = (
    "Q: Minister, is the ceasefire holding tonight in the east?\n\n"
    "A: It is holding in most places, but we have recorded dozens of violations.\n\n"
    "Q: Who is responsible?\n\n"
    "A: The evidence we have points clearly to the other side, and we will show it.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        INTERVIEW,
        # The labels written out, in title case.
        INTERVIEW.replace("Q:", "Question:").replace("A:", "Answer:"),
    ],
)
def test_an_interview_s_answers_are_the_interviewee_s_the_title_names(text: str) -> None:
    found = extract_document(text, title=INTERVIEW_TITLE)
    assert found.kind == "transcript"
    assert {s.speaker for s in found.statements} == {"Pavel Marek"}
    first = found.statements[0]
    assert first.quote.startswith("It is holding") and "ceasefire holding" in first.context


OFFICE_TRANSCRIPT = (
    "Prime Minister: Good afternoon. Today I can announce new support for our farmers.\n\n"
    "Journalist: Prime Minister, how much will it cost?\n\n"
    "Prime Minister: It will cost less than the damage that doing nothing would do.\n"
)


def test_office_labels_in_title_case_are_the_office_holder_never_invented() -> None:
    title = "Prime Minister's remarks at a press conference"
    unnamed = extract_document(OFFICE_TRANSCRIPT, title=title)
    assert unnamed.kind == "transcript" and unnamed.statements == []
    named = extract_document(
        OFFICE_TRANSCRIPT, title=title, principal=("Ana Sousa", "Prime Minister")
    )
    assert [s.speaker for s in named.statements] == ["Ana Sousa", "Ana Sousa"]
    assert not any("how much will it cost" in s.quote for s in named.statements)


def test_an_interpreters_note_before_the_colon_still_makes_a_label() -> None:
    """ "Ivan Petrov (retranslated):", "Question(retranslated):": the note is no part of the
    name, and without reading it the guest's turn and the reporter's question ran on inside
    the host's."""
    text = (
        "President of Russia Oleg Marin: Good afternoon. We discussed the gas contracts and "
        "the new bridge across the river at length today.\n\n"
        "President of Utopia Ivan Petrov (retranslated): Thank you for the invitation. Our "
        "ministers will sign the trade agreement in the spring of next year. "
        "Question(retranslated): Anna Berg, Utopia Daily. Mr Marin, when will the troops "
        "leave the border?\n\n"
        "Oleg Marin: The exercises end on Sunday and the units will return to their bases."
    )
    found = extract_document(text, principal=("Oleg Marin", "President of Russia"))
    said = _by_speaker(found.statements)
    assert any("trade agreement" in q for q in said["Ivan Petrov"])
    assert not any("trade agreement" in q for q in said["Oleg Marin"])
    assert not any("troops leave" in q for qs in said.values() for q in qs)
    roles = {s.role for s in found.statements if s.speaker == "Ivan Petrov"}
    assert roles and all("retranslated" not in r for r in roles)


def test_labels_with_an_office_noun_or_a_letter_beyond_ascii_start_turns() -> None:
    """ "ADMINISTRATOR CRISWELL:" (an office that is no title), "TAOISEACH VARADKAR:" and
    "PRESIDENT NAUSĖDA:" (a letter outside Latin-1) are turns of their own; unread, each
    guest's words were filed under the host. A crew's announcement is no one's statement."""
    text = (
        "East Room\n\n"
        "THE PRESIDENT: Welcome, everyone. Today we talk about the floods along the river.\n\n"
        "ADMINISTRATOR HOLLOWAY: Thank you, Mr. President. Our teams have delivered water and "
        "generators to every county along the river since Monday.\n\n"
        "TAOISEACH BRENNAN: Our two countries will keep building bridges between our people "
        "for the next hundred years.\n\n"
        "PRESIDENT GRYBAUSKAITĖ: The security of our region depends on what happens in the "
        "east over the coming winter.\n\n"
        "AIR FORCE ONE CREW: We will be on the ground in ten minutes.\n\n"
        "THE PRESIDENT: Thank you all. We will keep working on the recovery together."
    )
    title = "Remarks by President Harlan, Administrator Jo Holloway and Taoiseach Sean Brennan"
    found = extract_document(text, title=title)
    said = _by_speaker(found.statements)
    host = next(name for name, quotes in said.items() if any("floods" in q for q in quotes))
    assert not any(
        w in q for q in said[host] for w in ("generators", "bridges", "security", "ground")
    )
    assert any("generators" in q for name, qs in said.items() if "Holloway" in name for q in qs)
    assert any("bridges" in q for name, qs in said.items() if "Brennan" in name for q in qs)
    assert any("security" in q for name, qs in said.items() if "Grybauskait" in name for q in qs)
    assert not any("on the ground" in q for qs in said.values() for q in qs)


def test_a_label_ending_a_long_title_after_a_comma_starts_a_turn() -> None:
    """A Kremlin-style label whose title runs across a comma: the turn is the official's,
    not the host's. An apposition after a name ("Anna Berg, Head of the Service for Health
    and Welfare:") invents no speaker from its last words."""
    text = (
        "Meeting on northern development\n\n"
        "* * * President of Russia Oleg Marin: Good afternoon, colleagues. We will discuss "
        "the northern shipping route today. Deputy Prime Minister – Envoy to the Far Eastern "
        "Federal District, Chairman of the State Commission for Northern Development Pavel "
        "Rudin: Mr President, colleagues, the shipping route needs twelve new icebreakers by "
        "the end of the decade. Anna Berg, Head of the Service for Health and Welfare: Thank "
        "you. The clinics along the route will open in the spring. Oleg Marin: Thank you. "
        "We will return to this in a month."
    )
    found = extract_document(text, principal=("Oleg Marin", "President of Russia"))
    said = _by_speaker(found.statements)
    assert any("icebreakers" in q for q in said["Pavel Rudin"])
    assert not any("icebreakers" in q for q in said["Oleg Marin"])
    assert not any("welfare" in name.lower() for name in said)


def test_labels_with_long_titles_name_particles_a_glued_colon_or_a_doubled_name() -> None:
    """Kremlin transcripts' labels: a title of many capitalised words, a name with "bin", a
    colon with no space after it, and a scraped widget repeating the name surname first.
    Each is a turn of its own, not more of the host's."""
    text = (
        "President of Russia Oleg Marin: Welcome, colleagues. Let us begin with the reports. "
        "President of the International Federation of Red Cross and Red Crescent Societies "
        "Paolo Verdi(retranslated): Thank you. Our volunteers have reached every camp along "
        "the border this month. Oleg Marin: Thank you. Next, please. Khalid bin Omar "
        "Al-Rashid: Thank you. Our fund will invest in the northern port next year. "
        "Samir Haddad:Thank you, Mr Al-Rashid. The forum will continue after the break. "
        "Director General of the State Space Corporation Pavel Orlov Orlov Pavel: The launch "
        "window closes in the third quarter. Oleg Marin: Good. We will meet again in a month."
    )
    found = extract_document(text, principal=("Oleg Marin", "President of Russia"))
    said = _by_speaker(found.statements)
    assert any("volunteers" in q for q in said["Paolo Verdi"])
    assert any("northern port" in q for q in said["Khalid bin Omar Al-Rashid"])
    assert any("after the break" in q for q in said["Samir Haddad"])
    assert any("launch window" in q for q in said["Pavel Orlov"])
    host = " ".join(said["Oleg Marin"])
    assert not any(w in host for w in ("volunteers", "northern port", "break", "launch"))


def test_a_label_after_a_glued_dinkus_or_a_lone_widget_starts_the_speech() -> None:
    """ "…was adopted.*** President of Russia Oleg Marin: …": the office's summary, a section
    break glued to it, then the speech; its opening sentences are the speaker's too. A lone
    scraped widget (the name written twice) is a turn even with no other label."""
    text = (
        "The leaders discussed trade and a joint statement was adopted.*** President of "
        "Russia Oleg Marin: Mr President, it is a pleasure to see you. Our trade grew by a "
        "third last year and we expect more. Welcome.\n\n"
        "President of Utopia Ivan Petrov Petrov IvanPresident of Utopia(retranslated): Thank "
        "you for the invitation. Our farmers want to sell more grain to your market."
    )
    found = extract_document(text, principal=("Oleg Marin", "President of Russia"))
    said = _by_speaker(found.statements)
    assert any(q.startswith("Mr President, it is a pleasure") for q in said["Oleg Marin"])
    assert any("farmers" in q for q in said["Ivan Petrov"])
    assert not any("farmers" in q or "joint statement" in q for q in said["Oleg Marin"])


def test_a_widget_with_two_given_names_is_a_turn() -> None:
    """ "President of Utopia Anwar Ivan Petrov Petrov Anwar IvanPresident of Utopia:": the
    name reversed puts the surname before both given names."""
    text = (
        "President of Russia Oleg Marin: Mr President, welcome. Our trade grew by a third.\n\n"
        "President of Utopia Anwar Ivan Petrov Petrov Anwar IvanPresident of Utopia "
        "(retranslated): Thank you. We have no restrictions on expanding our ties, and they "
        "will be permanent and strategic."
    )
    found = extract_document(text, principal=("Oleg Marin", "President of Russia"))
    said = _by_speaker(found.statements)
    assert any("permanent and strategic" in q for q in said["Anwar Ivan Petrov"])
    assert {s.role for s in found.statements if s.speaker == "Anwar Ivan Petrov"} == {
        "President of Utopia"
    }


def test_a_quotation_that_is_its_speakers_whole_turn_is_stored_once() -> None:
    """A release gathering reactions ("Colorado Senator Jan Holt: “…” [Tweet, 10/19/23]")
    gave the label's turn and the quotation inside it, the same words twice: one statement,
    the quotation's own. A quotation that is only part of its speaker's turn is inside it
    already; another speaker's quotation inside a turn is kept."""
    holt, reyes = Person("Jan Holt"), Person("Tom Reyes")

    def draft(start: int, end: int, who: Person) -> Draft:
        return Draft(start, end, True, who, "", None, Confidence.LABELLED, (start, end))

    text = " " * 200
    turn = draft(40, 150, holt)
    whole = draft(41, 140, holt)  # the quotation without its marks and the "[Tweet …]" aside
    assert _dedupe(text, [turn, whole]) == [whole]
    part = draft(60, 90, holt)
    assert _dedupe(text, [turn, part]) == [turn]
    other = draft(60, 90, reyes)
    assert _dedupe(text, [turn, other]) == [turn, other]


def test_another_persons_clause_reported_with_that_inside_a_turn_is_kept() -> None:
    """Only a clause reported with "that" stands alone beside the turn holding it; one
    without ("told me on this item") is a circumstance of the turn's speaker's words."""
    text = (
        "HOLT: The Foreign Secretary, Tom Reyes, told the committee that he was confident the"
        " sanctions were working well. Reyes told me on this item last week in his office."
    )
    holt, reyes = Person("Jan Holt"), Person("Tom Reyes")
    turn = Draft(6, len(text), True, holt, "", None, Confidence.LABELLED, (6, len(text)))
    start = text.index("he was confident")
    that = Draft(start, text.index(". Reyes"), False, reyes, "", "told", 0.8, (6, 100))
    start = text.index("on this item")
    bare = Draft(start, len(text) - 1, False, reyes, "", "told", 0.8, (100, len(text)))
    assert _dedupe(text, [turn, that, bare]) == [turn, that]


SPOKESPERSON_BRIEFING = """Ministry of Foreign Affairs, Orlandia. Daily press briefing

Spokesperson: Ms. Ilka Brandt. Tuesday, 4 June

SPOKESPERSON: Good morning. The Minister travels to Velm this afternoon.

QUESTION: Will the ministry answer the new tariffs?

SPOKESPERSON: We will not accept tariffs set without consultation, and we expect Velm to
withdraw them.

QUESTION: And if it doesn't?

SPOKESPERSON: Then we will take the matter to the union's court.
"""


def test_a_spokesperson_label_speaks_for_the_spokesperson_the_heading_names() -> None:
    found = extract_document(SPOKESPERSON_BRIEFING).statements
    quotes = {s.quote: s for s in found}
    assert not any("Ilka Brandt. Tuesday" in q for q in quotes)  # the heading is no turn
    refusal = next(s for q, s in quotes.items() if q.startswith("We will not accept tariffs"))
    assert refusal.speaker == "Ilka Brandt"
    assert refusal.kind == "rejection"
    court = next(s for q, s in quotes.items() if q.startswith("Then we will take the matter"))
    assert court.speaker == "Ilka Brandt"
    assert court.kind == "warning"
    assert not any(s.quote.startswith("Will the ministry") for s in found)


def test_a_spokesperson_label_stays_no_one_where_the_opening_names_two() -> None:
    text = SPOKESPERSON_BRIEFING.replace(
        "Spokesperson: Ms. Ilka Brandt.", "Spokesperson Ilka Brandt and Spokesperson Tomas Weil."
    )
    assert not extract_document(text).statements
