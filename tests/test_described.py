"""Speakers a question describes by office in its own words, where the office gazetteer
finds no holder (bot/text/described.py): the qualifying words said by the holder's role in
other forms, a complement, a side that documents never gave the holder, a former office.
Every person here is invented."""

from __future__ import annotations

import pytest

from bot.answer.question import parse
from bot.text.entities import EntityRef, Resolver, SpeakerRef
from tests.entity_refs import russia, united_states

RUSSIA, US, GERMANY, UK, ESTONIA, AUSTRALIA = 1, 2, 3, 4, 5, 6
(
    ECONOMY,
    FINANCE,
    CHANCELLOR,
    FORMER_CHANCELLOR,
    COMMITTEE_CHAIR,
    UK_MINISTER_A,
    UK_MINISTER_B,
    UK_MINISTER_C,
    UK_MINISTER_D,
    PERMANENT_SECRETARY,
    ESTONIAN_MINISTER,
    TREASURER,
    TREASURY,
    FOREIGN_MINISTER,
) = range(10, 24)


def resolver(*extra: SpeakerRef) -> Resolver:
    return Resolver(
        [
            russia(RUSSIA),
            united_states(US),
            EntityRef(GERMANY, "germany", "Germany", ("Berlin",), ("German",)),
            EntityRef(UK, "uk", "United Kingdom", ("Britain", "UK"), ("British",)),
            EntityRef(ESTONIA, "estonia", "Estonia", ("Tallinn",), ("Estonian",)),
            EntityRef(AUSTRALIA, "australia", "Australia", ("Canberra",), ("Australian",)),
        ],
        [
            SpeakerRef(
                ECONOMY,
                "Karl Brenner",
                (),
                "Minister for Economic Affairs and Climate Action",
                GERMANY,
            ),
            SpeakerRef(FINANCE, "Lutz Hammer", (), "Finance Minister", GERMANY),
            SpeakerRef(CHANCELLOR, "Otto Feld", (), "Chancellor", GERMANY),
            SpeakerRef(FORMER_CHANCELLOR, "Greta Wald", (), "former Chancellor", GERMANY),
            # No document said whose committee: the side is unknown.
            SpeakerRef(COMMITTEE_CHAIR, "Tom Ashby", (), "chair of the defence select committee"),
            SpeakerRef(UK_MINISTER_A, "Ann Bright", (), "Minister for Europe", UK),
            SpeakerRef(UK_MINISTER_B, "Ben Cole", (), "Armed Forces Minister", UK),
            SpeakerRef(UK_MINISTER_C, "Cara Dent", (), "Minister of State", UK),
            SpeakerRef(UK_MINISTER_D, "Dan Eyre", (), "Security Minister", UK),
            SpeakerRef(
                PERMANENT_SECRETARY,
                "Jaan Kask",
                (),
                "permanent secretary of the Estonian foreign ministry",
                ESTONIA,
            ),
            SpeakerRef(ESTONIAN_MINISTER, "Mari Tamm", (), "Minister of Culture", ESTONIA),
            SpeakerRef(TREASURY, "Ruth Vale", (), "Secretary of the Treasury", US),
            SpeakerRef(FOREIGN_MINISTER, "Ivan Orlov", (), "Foreign Minister", RUSSIA),
            *extra,
        ],
    )


@pytest.mark.parametrize(
    "question, speakers",
    [
        # The role says the qualifying word in another form ("economic", "economy").
        ("what did germany's economy minister say about coal plants", {ECONOMY}),
        ("what did the German economy minister say about coal plants", {ECONOMY}),
        # A complement after the head, and a word the role does not say ("tory"): half of
        # three or more qualifying words will do; no British speaker fits, so a speaker of
        # no known side who does.
        (
            "how did the tory chair of the defence committee react to the minister's refusal",
            {COMMITTEE_CHAIR},
        ),
        # A former office is not its holder's: the gazetteer's chancellor is set aside.
        ("does the former german chancellor regret her 2008 veto", {FORMER_CHANCELLOR}),
        ("what did the ex chancellor of germany say about gas", {FORMER_CHANCELLOR}),
        # A generic head ("official") is any office's; the words around it choose.
        (
            "what did estonia's top foreign ministry official push for before the summit",
            {PERMANENT_SECRETARY},
        ),
        # A side named, none of its speakers fitting: the one speaker of no known side
        # whose role says most of the complement.
        (
            "did the chair of the uk parliament's defence committee think troops would help",
            {COMMITTEE_CHAIR},
        ),
        # After a break in the question, the description starts afresh.
        ("is the price cap working? us treasury secretary before the summit", {TREASURY}),
    ],
)
def test_a_described_office_names_its_holder(question: str, speakers: set[int]) -> None:
    assert set(parse(question, resolver()).speaker_ids) == speakers


def test_an_office_with_no_qualifier_on_an_unknown_side_finds_a_holder_of_no_side() -> None:
    treasurer = SpeakerRef(TREASURER, "Josh Reed", (), "treasurer")
    q = parse("what did australia's treasurer tell people going to fight", resolver(treasurer))
    assert set(q.speaker_ids) == {TREASURER}


def test_a_holder_on_the_side_comes_before_one_of_no_side() -> None:
    own = SpeakerRef(TREASURER, "Josh Reed", (), "Treasurer", AUSTRALIA)
    other = SpeakerRef(99, "Lee Moss", (), "treasurer")
    q = parse("what did australia's treasurer say about sanctions", resolver(own, other))
    assert set(q.speaker_ids) == {TREASURER}


@pytest.mark.parametrize(
    ("role", "question"),
    [
        # An office in one word of its country's own language, or held by one person.
        ("Taoiseach", "what did the taoiseach say about neutrality"),
        ("Emir", "what did the emir say about the gas prices"),
        ("Senator", "what did estonia's senator say about the drones"),
    ],
)
def test_an_office_few_hold_names_its_holder(role: str, question: str) -> None:
    holder = SpeakerRef(99, "Sean Brady", (), role, None)
    assert set(parse(question, resolver(holder)).speaker_ids) == {99}


@pytest.mark.parametrize(
    "question",
    [
        # The description is what is asked: it names no one.
        "which british official said the president had lost it",
        # Four British officials fit "British official" equally: a group, not someone.
        "what did the british official say about the strike",
        # Nothing in any role says "culture" and "heritage" together.
        "what did germany's culture and heritage minister say",
    ],
)
def test_a_description_many_or_none_fit_names_no_one(question: str) -> None:
    assert not parse(question, resolver()).speaker_ids


def test_a_lesser_office_is_not_the_office_a_description_names() -> None:
    vice = SpeakerRef(98, "Pia Holm", (), "vice chair of the health select committee")
    r = resolver(vice)
    assert not parse("what did the chair of the health committee say", r).speaker_ids
    assert set(parse("what did the vice chair of the health committee say", r).speaker_ids) == {98}


def test_every_role_a_speaker_was_given_is_read() -> None:
    # First stored as a deputy premier; another document gave the ministry.
    minister = SpeakerRef(
        97,
        "Olha Kravets",
        (),
        "Deputy Prime Minister",
        GERMANY,
        ("Deputy Prime Minister", "Minister for Reintegration of the Occupied Territories"),
    )
    q = parse("what did the german reintegration minister warn about", resolver(minister))
    assert set(q.speaker_ids) == {97}


def test_an_office_the_gazetteer_knows_keeps_its_holder() -> None:
    # "Foreign minister" is the gazetteer's; the description does not replace it.
    assert set(parse("what did russia's foreign minister say", resolver()).speaker_ids) == {
        FOREIGN_MINISTER
    }
    assert set(parse("what did the german chancellor say", resolver()).speaker_ids) == {CHANCELLOR}


UKRAINE, HEAD, DEPUTY_HEAD, ADVISER_TO_HEAD, PRESIDENT, ENERGY, ECONOMIC = 7, 30, 31, 32, 33, 34, 35


def ukrainian_office() -> Resolver:
    return Resolver(
        [EntityRef(UKRAINE, "ukraine", "Ukraine", ("Kyiv",), ("Ukrainian",))],
        [
            SpeakerRef(PRESIDENT, "Taras Bilyk", ("Bilyk",), "President", UKRAINE),
            SpeakerRef(HEAD, "Ivan Hora", (), "Head of the Office of the President", UKRAINE),
            SpeakerRef(
                DEPUTY_HEAD, "Oleh Lys", (), "Deputy Head of the Office of the President", UKRAINE
            ),
            SpeakerRef(
                ADVISER_TO_HEAD,
                "Petro Yar",
                (),
                "Adviser to the Head of the Office of the President",
                UKRAINE,
            ),
            SpeakerRef(ENERGY, "Anna Dub", (), "Minister of Energy", UKRAINE),
            SpeakerRef(
                ECONOMIC, "Lev Sokil", (), "President's Adviser on Economic Affairs", UKRAINE
            ),
        ],
    )


def test_a_persons_office_in_other_words_is_held_on_their_side() -> None:
    # "Chief of staff" is the gazetteer's "head of the office of the president"; "deputy"
    # makes it the deputy's; the person named is whose side it is, never its holder.
    q = parse("what did bilyk's deputy chief of staff tell the allies", ukrainian_office())
    assert set(q.speaker_ids) == {DEPUTY_HEAD}


def test_a_persons_office_no_one_holds_is_their_side_without_them() -> None:
    q = parse("what did bilyk's deputy press secretary tell the allies", ukrainian_office())
    assert not q.speaker_ids
    assert set(q.subject_entity_ids) == {UKRAINE} and PRESIDENT in q.excluded_speaker_ids


def test_an_office_in_what_a_role_serves_is_not_the_roles_office() -> None:
    # "Adviser to the Head of the Office" is an adviser; "President's Adviser" is no
    # president.
    q = parse("what did the head of the presidential office say", ukrainian_office())
    assert set(q.speaker_ids) == {HEAD}


def test_two_described_speakers_joined_by_and_both_speak() -> None:
    q = parse(
        "what did kyiv's energy minister and the president's economic adviser propose",
        ukrainian_office(),
    )
    assert set(q.speaker_ids) == {ENERGY, ECONOMIC}


def test_the_gazetteers_holders_are_joined_by_those_wording_the_office_otherwise() -> None:
    china = EntityRef(8, "china", "China", ("Beijing",), ("Chinese",))
    r = Resolver(
        [china],
        [
            SpeakerRef(40, "Li Wen", (), "Chinese foreign ministry spokesperson", 8),
            SpeakerRef(41, "Zhu Bo", (), "spokesman for China's ministry of foreign affairs", 8),
            SpeakerRef(42, "Ma Lin", (), "Minister of Commerce", 8),
        ],
    )
    q = parse("what did beijing's foreign ministry spokesman say about the alliance", r)
    assert set(q.speaker_ids) == {40, 41}


def test_speakers_of_no_known_side_are_taken_for_a_side_only_when_one_fits() -> None:
    # Three committee chairs whose side no document gave: none is the African Union's.
    chairs = [
        SpeakerRef(60 + i, f"Chair {name}", (), f"chair of the {name} committee")
        for i, name in enumerate(("health", "trade", "energy"))
    ]
    union = EntityRef(9, "au", "African Union", ("the AU",), ())
    r = Resolver([union], chairs)
    assert not parse("what did the african union chair tell the summit", r).speaker_ids


def test_prepare_reads_the_roles_before_any_question() -> None:
    from bot.text.described import prepare

    r = resolver()
    prepare(r)

    def read_again() -> list:
        raise AssertionError("the roles were read again")

    assert r.derived("described roles", read_again)


def test_a_lesser_word_outside_the_office_the_gazetteer_read_names_the_lesser_holder() -> None:
    # "deputy" stands before "White House", outside the office the gazetteer reads ("White
    # House press secretary"): its holders are not the ones described.
    white_house = EntityRef(US, "united-states", "United States", ("White House",), ())
    people = Resolver(
        [white_house],
        [
            SpeakerRef(97, "Ann Lake", (), "Press Secretary", US),
            SpeakerRef(98, "Bo Tran", (), "Deputy Press Secretary", US),
        ],
    )
    assert set(parse("deputy white house press secretary on the strikes", people).speaker_ids) == {
        98
    }
    assert set(parse("white house press secretary on the strikes", people).speaker_ids) == {97}


def _presidency() -> Resolver:
    ukraine = EntityRef(50, "ukraine", "Ukraine", ("Kyiv",), ("Ukrainian",))
    return Resolver(
        [ukraine],
        [
            SpeakerRef(51, "Ivan Horak", (), "President", 50),
            SpeakerRef(52, "Petro Lysak", (), "Head of the Office of the President", 50),
            # An organisation whose last word is an everyday one: never a name in a slot.
            SpeakerRef(53, "Foreign Office"),
        ],
    )


@pytest.mark.parametrize(
    "question",
    [
        # A person's possessive in the office's complement gives the side.
        "what equipment did the head of horak's office ask for",
        # "his" owns the office: the one person the question names before it.
        "how are horak's building plans going, according to his head of office",
    ],
)
def test_an_office_owned_in_its_complement_or_by_a_pronoun_names_its_holder(
    question: str,
) -> None:
    q = parse(question, _presidency())
    assert set(q.speaker_ids) == {52}
    # "office" ending the slot after "did" is the owner's office, not the organisation.
    assert all(53 not in m.target_ids for m in q.mentions if m.kind == "speaker")
