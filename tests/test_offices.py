"""Offices named with more words than the office: the side inside the phrase ("the head of
Ukraine's presidential office"), words between the side and the office ("Moscow's foreign
ministry spokeswoman"), and words that narrow who holds it ("the Pentagon press secretary",
"the ambassador to the UN", "Kyiv's mayor") (bot/text/roles.py)."""

from __future__ import annotations

import pytest

from bot.answer.question import parse
from bot.text.entities import EntityRef, Resolver, SpeakerRef
from tests.entity_refs import russia, ukraine, united_states

RUSSIA, US, UKRAINE, UN, EU, MEXICO, WHO = 1, 2, 3, 4, 5, 6, 7
(
    PESKOV,
    ZAKHAROVA,
    LAVROV,
    RYABKOV,
    PSAKI,
    KIRBY,
    THOMAS_GREENFIELD,
    SALAZAR,
    YERMAK,
    PODOLYAK,
    ZELENSKYY,
    KLITSCHKO,
    SADOVYI,
    BORRELL,
    USTENKO,
    PUTIN,
    HALUSHCHENKO,
    STARMER,
    WATSON,
) = range(10, 29)


def resolver() -> Resolver:
    return Resolver(
        [
            russia(RUSSIA),
            united_states(US),
            ukraine(UKRAINE),
            EntityRef(UN, "un", "United Nations", ("UN", "the UN"), ()),
            EntityRef(EU, "eu", "European Union", ("EU", "the EU"), ()),
            EntityRef(MEXICO, "mexico", "Mexico", (), ("Mexican",)),
            EntityRef(WHO, "who", "World Health Organization", ("WHO",), ()),
        ],
        [
            SpeakerRef(PESKOV, "Dmitry Peskov", (), "Kremlin spokesman", RUSSIA),
            SpeakerRef(ZAKHAROVA, "Maria Zakharova", (), "Foreign Ministry spokeswoman", RUSSIA),
            SpeakerRef(LAVROV, "Sergei Lavrov", (), "Foreign Minister", RUSSIA),
            SpeakerRef(RYABKOV, "Sergei Ryabkov", (), "Deputy Foreign Minister", RUSSIA),
            SpeakerRef(PUTIN, "Vladimir Putin", (), "President of Russia", RUSSIA),
            SpeakerRef(PSAKI, "Jen Psaki", (), "White House press secretary", US),
            SpeakerRef(KIRBY, "John Kirby", (), "Pentagon press secretary", US),
            SpeakerRef(
                THOMAS_GREENFIELD, "Linda Thomas-Greenfield", (), "Ambassador to the UN", US
            ),
            SpeakerRef(SALAZAR, "Ken Salazar", (), "US ambassador to Mexico", US),
            SpeakerRef(ZELENSKYY, "Volodymyr Zelenskyy", ("Zelensky",), "President", UKRAINE),
            SpeakerRef(YERMAK, "Andriy Yermak", (), "Head of the Office of the President", UKRAINE),
            SpeakerRef(
                PODOLYAK,
                "Mykhailo Podolyak",
                (),
                "Adviser to the Head of the Office of the President",
                UKRAINE,
            ),
            SpeakerRef(
                USTENKO, "Oleh Ustenko", (), "President's Adviser on Economic Affairs", UKRAINE
            ),
            SpeakerRef(KLITSCHKO, "Vitali Klitschko", (), "Mayor of Kyiv", UKRAINE),
            SpeakerRef(SADOVYI, "Andriy Sadovyi", (), "Mayor of Lviv", UKRAINE),
            SpeakerRef(BORRELL, "Josep Borrell", (), "EU foreign policy chief", EU),
            SpeakerRef(HALUSHCHENKO, "Herman Halushchenko", (), "Minister of Energy", UKRAINE),
            SpeakerRef(STARMER, "Keir Starmer", (), "Labour leader", None),
            SpeakerRef(WATSON, "Adrienne Watson", (), "National Security Council Spokesperson", US),
        ],
        ambiguous_aliases=("US", "WHO"),
    )


def speakers(question: str) -> set[int]:
    return set(parse(question, resolver()).speaker_ids)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # The side inside the office phrase.
        ("what did the head of ukraine's presidential office say about talks", {YERMAK}),
        # Words between the side and the office that are the holder's own.
        ("what did moscow's foreign ministry spokeswoman say about labs", {ZAKHAROVA}),
        ("what did the russian foreign ministry spokeswoman say", {ZAKHAROVA}),
        ("what did the kremlin's spokesman say about talks", {PESKOV}),
        # An institution named for the side narrows its holders to those it employs.
        ("the pentagon press secretary on russian losses", {KIRBY}),
        ("what did the white house press secretary say about gas prices", {PSAKI}),
        # What the office serves narrows it too.
        ("the us ambassador to the un on war crimes", {THOMAS_GREENFIELD}),
        ("the us ambassador in mexico on migration", {SALAZAR}),
        ("kyiv's mayor on the shelling", {KLITSCHKO}),
        # A deputy is not the minister, nor the minister a deputy.
        ("what did russia's deputy foreign minister say about talks", {RYABKOV}),
        ("what did russia's foreign minister say about talks", {LAVROV}),
        ("the eu's foreign policy chief on frozen assets", {BORRELL}),
        # A word ranking the office does not change it: an aide is not the president.
        ("what did zelensky's top aide say about negotiations", {PODOLYAK}),
        # A minister of any portfolio, its portfolio before or after the office in the role.
        ("what did kyiv's energy minister say about the grid", {HALUSHCHENKO}),
        # A bare office qualified by words of its holder's role, or by their initials.
        ("what did the labour leader say about the strikes", {STARMER}),
        ("the nsc spokesman on the missiles", {WATSON}),
    ],
)
def test_offices_named_with_more_words_name_their_holders(
    question: str, expected: set[int]
) -> None:
    assert speakers(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        # A verb and an article between a side and an office word make no office.
        "did russia warn the president about sanctions",
        # Words no holder's role says are the topic, not the office's qualifier.
        "what did ukraine's presidential culture adviser say about an oil embargo",
    ],
)
def test_words_that_are_not_an_office_name_no_holder(question: str) -> None:
    q = parse(question, resolver())
    assert not q.speaker_ids


def test_the_words_of_an_office_left_unfound_stay_topic_words() -> None:
    q = parse(
        "what did ukraine's presidential culture adviser say about an oil embargo", resolver()
    )
    assert {"cultur", "advis", "oil", "embargo"} <= set(q.terms)


def test_an_office_its_holders_role_words_otherwise_names_them() -> None:
    # "President's Adviser on Economic Affairs" (bot/text/described.py).
    assert speakers("what did ukraine's presidential economic adviser say about oil") == {USTENKO}


def test_a_question_word_opening_the_question_names_no_organisation() -> None:
    q = parse("who at the foreign ministry said the talks had failed", resolver())
    assert WHO not in q.subject_entity_ids | q.topic_entity_ids


def test_an_office_owning_another_is_not_the_speaker() -> None:
    # "the president's adviser" is the adviser: not every president the store knows.
    assert not speakers("what did the president's economic adviser say about oil") & {
        PUTIN,
        ZELENSKYY,
    }


def test_a_qualifier_no_holders_role_says_names_no_one() -> None:
    assert not speakers("what did the new leader say about the strikes")


def test_an_office_any_document_gave_the_speaker_names_them() -> None:
    # Kirby is stored as the Pentagon's press secretary (his first role), and later
    # documents name him the National Security Council spokesperson: the office changed
    # hands, so "the nsc spokesman" is either of its holders.
    moved = SpeakerRef(
        KIRBY,
        "John Kirby",
        (),
        "Pentagon press secretary",
        US,
        ("Pentagon press secretary", "National Security Council Spokesperson"),
    )
    people = [s if s.id != KIRBY else moved for s in resolver().speakers.values()]
    both = Resolver(list(resolver().entities.values()), people, ambiguous_aliases=("US", "WHO"))
    assert set(parse("the nsc spokesman on the missiles", both).speaker_ids) == {WATSON, KIRBY}
    # Without the later role, only the holder the first roles name.
    assert speakers("the nsc spokesman on the missiles") == {WATSON}
