"""Roles written as a title before the name ("Adviser to the President of Utopia on Economic
Issues Jana Petrenko", "US secretary of state Dan Colby"): the whole title is the role of that
mention and of the person. Every text is invented for these tests."""

from __future__ import annotations

import pytest

from bot.ingest.extract import extract_document, extract_statements
from bot.ingest.extract.offices import title_before
from bot.ingest.extract.titles import title_people
from tests.ingest.extract_helpers import find_statement as _find


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Exports will fall. This was stated by Adviser to the President of Utopia on "
            "Economic Issues Jana Petrenko in a comment to the Herald. Petrenko said the "
            "embargo would cut the regime's income by half.",
            "Adviser to the President of Utopia on Economic Issues",
        ),
        (
            "Exports will fall. This was stated by adviser to the President of Utopia on "
            "economic issues Jana Petrenko in an interview with the Herald. Petrenko said the "
            "embargo would cut the regime's income by half.",
            "adviser to the President of Utopia on economic issues",
        ),
        (
            "Head of the Office of the President Marek Holub said the talks would go on next "
            "week in the capital.",
            "Head of the Office of the President",
        ),
        (
            "US secretary of state Dan Colby said on Friday the door to negotiation was open.",
            "US secretary of state",
        ),
        (
            "On Monday Palace spokesman Ivo Drozd said the king would not attend the summit.",
            "Palace spokesman",
        ),
        (
            "Talks resumed. Former Utopian foreign minister Karel Brod said the deal was dead.",
            "Former Utopian foreign minister",
        ),
    ],
)
def test_a_title_before_the_name_is_the_speakers_role(text: str, title: str) -> None:
    fragment = next(f for f in _FRAGMENTS if f in text)
    assert _find(text, fragment).role == title


_FRAGMENTS = (
    "embargo would cut",
    "talks would go on",
    "door to negotiation",
    "would not attend",
    "deal was dead",
)


def test_a_run_that_starts_inside_the_title_ends_at_the_name() -> None:
    # "of Utopia Ivo Marek": "Utopia" ends the title; the name starts after it, even when the
    # given name is not a known one.
    text = (
        "Deputy Head of the Office of the President of Utopia Ivo Marek met the speaker of "
        "the assembly. “We count on your support,” Marek said."
    )
    s = _find(text, "We count on your support")
    assert s.speaker == "Ivo Marek"
    assert s.role == "Deputy Head of the Office of the President of Utopia"


def test_a_subject_whose_name_follows_an_of_complement_is_the_named_person() -> None:
    text = "Minister of Foreign Affairs of Utopia Dmitri Kalno said the embassy would reopen soon."
    s = _find(text, "the embassy would reopen")
    assert (s.speaker, s.role) == ("Dmitri Kalno", "Minister of Foreign Affairs of Utopia")


def test_a_complement_that_goes_on_is_still_the_title_not_a_name() -> None:
    # "the Temporarily Occupied Territories of Utopia": the capitalised run is followed by
    # another complement, so it is no name.
    text = (
        "Two corridors opened this morning. This was announced by Deputy Prime Minister - "
        "Minister for Reintegration of the Temporarily Occupied Territories of Utopia Irina "
        "Vask. “The convoy left at nine,” she said."
    )
    s = _find(text, "The convoy left at nine")
    assert s.speaker == "Irina Vask"
    assert s.role is not None and s.role.endswith("Occupied Territories of Utopia")


def test_each_of_two_joint_authors_gets_the_title_before_their_name() -> None:
    text = (
        "Prices will stay high. This is stated in a joint article by President's Adviser on "
        "Economic Affairs Jana Petrenko and Minister of Energy Tomas Rell for the Herald. "
        "“We cannot wait,” Petrenko wrote. “Every day counts,” Rell added."
    )
    assert _find(text, "We cannot wait").role == "President's Adviser on Economic Affairs"
    assert _find(text, "Every day counts").role == "Minister of Energy"


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # No verb, no preceding clause, no glued text in a title.
        (
            "The deal fell through after Anna Berg met Foreign Minister Petr Dolan",
            "Petr",
            "Foreign Minister",
        ),
        ("Exports fell. Putin meets prime minister Jana Petrenko", "Jana", "prime minister"),
        (
            "he met troops at Camp Baird.Prime minister Jana Petrenko visits",
            "Jana",
            "Prime minister",
        ),
        ("22 Mar 202210.05UK prime minister Jana Petrenko", "Jana", "UK prime minister"),
        (
            "The assembly heard the report of Minister of Energy Tomas Rell",
            "Tomas",
            "Minister of Energy",
        ),
        ("said EU’s foreign policy chief Josep Varga", "Josep", "EU’s foreign policy chief"),
        ("The president went on to accuse Utopian forces", "Utopian", ""),
        ("a staff member for the aid group Doctors Together in the city", "Doctors", ""),
        ("President of the Commission Margit van der Berg", "Berg", ""),
        ("In the capital Jana Petrenko said", "Jana", ""),
        ("President's Commissioner for Children's Rights said", "Rights", ""),
        ("Under Secretary of Defense Jana Petrenko said", "Jana", "Under Secretary of Defense"),
        ("Prices rose, Jana Petrenko said", "Jana", ""),
    ],
)
def test_title_before_takes_only_the_title(text: str, name: str, title: str) -> None:
    assert title_before(text, text.index(name)) == title


def test_a_word_after_a_possessive_in_a_title_is_no_person() -> None:
    # "Commissioner for Children's Rights": "Rights" is owned by "Children's", not a name with
    # a title; the quotation is not given to a person called "Rights".
    text = (
        "Marta Holub, Adviser - President's Commissioner for Children's Rights, met the "
        "families. “We have more than a hundred registers,” she said. "
        "According to the President's Commissioner for Children's Rights, a single register "
        "is needed."
    )
    assert all(s.speaker != "Rights" for s in extract_statements(text))


@pytest.mark.parametrize(
    "title",
    [
        "Speech by the President of Utopia at the National Council of the Slovak Republic",
        "Speech by the President of Utopia in the National Assembly of the Republic of Korea",
        "Speech by the President of Utopia in the House of Representatives of Cyprus",
    ],
)
def test_a_parliament_named_in_a_speechs_title_is_not_its_speaker(title: str) -> None:
    """ "the National Council", "the House of Representatives of Cyprus" are where the speech
    was given; read as a person ("Council", "of Cyprus"), the whole speech was filed under a
    body and dropped from the store. It is the release's principal's."""
    assert title_people(title) == []
    text = (
        "Dear Mr. Speaker! Dear members of parliament! Our cities are shelled every night, "
        "and we ask you for air defence systems now, before the winter comes."
    )
    found = extract_document(text, principal=("Ivan Petrov", "President of Utopia"), title=title)
    assert found.statements and {s.speaker for s in found.statements} == {"Ivan Petrov"}


UN_BODY = "\n\n".join(
    [
        "Mr. President, the war in our region must end.",
        "We call on all members of this Assembly to stand by the Charter, and we are ready to "
        "host talks in our capital.",
    ]
)


@pytest.mark.parametrize(
    ("title", "role"),
    [
        (
            "Statement by H.E. Mr. Karl Brandt, Minister for Foreign Affairs of Nordvik, at the "
            "General Debate of the 77th Session",
            "Minister for Foreign Affairs of Nordvik",
        ),
        (
            "Statement by H.E. Karl Brandt, President of the Republic of Nordvik, at the "
            "General Debate",
            "President of the Republic of Nordvik",
        ),
        (
            "Address by His Excellency Karl Brandt, President of Nordvik, to the Assembly",
            "President of Nordvik",
        ),
    ],
)
def test_a_courtesy_before_the_name_and_the_office_after_it(title: str, role: str) -> None:
    """A diplomatic title: "H.E." or "His Excellency" is no office, the apposition is; the
    statement is the one person's, not a list of signatories."""
    found = extract_document(UN_BODY, title=title).statements
    assert {(s.speaker, s.role, s.speaker_kind) for s in found} == {("Karl Brandt", role, "person")}
    assert len(found) == 2
