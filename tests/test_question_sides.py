"""Who a question asks, and who it only talks about: the side speaking, offices, unknown
names (bot/answer/sides.py, bot/text/roles.py, bot/answer/question.py)."""

from __future__ import annotations

import pytest

from bot.answer.question import parse
from bot.text.entities import EntityRef, Resolver, SpeakerRef
from tests.entity_refs import russia, ukraine, united_states

RUSSIA, US, UKRAINE, ITALY, YEMEN, NATO, GERMANY = 1, 2, 3, 4, 5, 6, 7
BIDEN, SULLIVAN, ZELENSKYY, YERMAK, PUTIN, MEDVEDEV, TRUSS, TRUSTS = 10, 11, 12, 13, 14, 15, 16, 17
HARRIS, AUSTIN, STOLTENBERG, LAMBRECHT, STEFANCHUK = 18, 19, 20, 21, 22


def resolver() -> Resolver:
    return Resolver(
        [
            russia(RUSSIA),
            united_states(US),
            ukraine(UKRAINE),
            EntityRef(ITALY, "italy", "Italy", ("Rome",), ("Italian",)),
            EntityRef(YEMEN, "yemen", "Yemen", (), ("Yemeni",)),
            EntityRef(NATO, "nato", "NATO", ("Nato", "the alliance"), ()),
            EntityRef(GERMANY, "germany", "Germany", ("Berlin",), ("German",)),
        ],
        [
            SpeakerRef(BIDEN, "Joe Biden", (), "President", US),
            SpeakerRef(SULLIVAN, "Jake Sullivan", (), "National Security Adviser", US),
            SpeakerRef(HARRIS, "Kamala Harris", (), "Vice President", US),
            SpeakerRef(AUSTIN, "Lloyd Austin", (), "US defence secretary", US),
            SpeakerRef(ZELENSKYY, "Volodymyr Zelenskyy", ("Zelensky",), "President", UKRAINE),
            SpeakerRef(YERMAK, "Andriy Yermak", (), "Head of the Office of the President", UKRAINE),
            SpeakerRef(
                STEFANCHUK, "Ruslan Stefanchuk", (), "Chairman of The Verkhovna Rada", UKRAINE
            ),
            SpeakerRef(PUTIN, "Vladimir Putin", (), "President of Russia", RUSSIA),
            SpeakerRef(MEDVEDEV, "Dmitry Medvedev", (), "former Russian president", RUSSIA),
            SpeakerRef(TRUSS, "Liz Truss", (), "Foreign Secretary", None),
            SpeakerRef(TRUSTS, "Pew Trusts", (), None, None),
            SpeakerRef(STOLTENBERG, "Jens Stoltenberg", (), "Secretary General", NATO),
            SpeakerRef(LAMBRECHT, "Christine Lambrecht", (), "Defence Minister", GERMANY),
        ],
        ambiguous_aliases=("US",),
    )


def side(question: str) -> tuple[set[int], set[int]]:
    q = parse(question, resolver())
    return set(q.speaker_ids), set(q.subject_entity_ids)


@pytest.mark.parametrize(
    ("question", "speakers", "entities"),
    [
        # After an auxiliary the party is the subject, whatever else is named first.
        ("which big russian lender did the white house sanction", set(), {US}),
        ("why did warsaw's rome want it", set(), {ITALY}),
        ("what did minsk say", set(), set()),  # unknown capital: no side at all
        # A person opening a fragment speaks, not the country the first fragment is about.
        ("can kyiv use american missiles inside russia? sullivan at the summit", {SULLIVAN}, set()),
        # So does a party opening a later fragment, or asked what it says.
        ("should kyiv talk to moscow? the white house, in july", set(), {US}),
        ("did russia strike the plant? what does the alliance say", set(), {NATO}),
        ("did russia say the plant was hit", set(), {RUSSIA}),
        # "according to" and "per" cite the source.
        ("what was russia after with the strikes, according to biden", {BIDEN}, set()),
        ("who is behind yemen's rebels, per biden", {BIDEN}, set()),
        # Otherwise the first party named speaks ("which british minister said putin …").
        ("which american official said putin had lost it", set(), {US}),
        # A possessive names the side speaking only before a stance or an office.
        ("rome's view on the nordic applications to join the alliance", set(), {ITALY}),
        ("biden on yemen's rebels", {BIDEN}, set()),
        # The one told, asked or warned is addressed: never the side speaking.
        ("which Baltic president told Harris that war was near", set(), set()),
        ("what did an aide tell biden about the port", set(), set()),
        ("which minister warned the kremlin about the grain deal", set(), set()),
        ("what did zelensky ask stoltenberg for", {ZELENSKYY}, set()),
        # A party's bodies speak for it, as its offices and stances do.
        ("what did kyiv's military intelligence say about the shells", set(), {UKRAINE}),
        ("what did the russian delegation propose", set(), {RUSSIA}),
        ("biden on the russian military", {BIDEN}, set()),
        # A person's body is the person's whole side.
        ("what did the biden team say about sanctions", set(), {US}),
        ("what did zelensky's government say about grain", set(), {UKRAINE}),
        ("biden on the putin regime", {BIDEN}, set()),
        # A place naming an occasion is where, not who.
        ("what was promised at the Rome summit about grain", set(), set()),
        ("what was offered at his Berlin press conference on gas", set(), set()),
        ("how will the ukraine war end", set(), set()),
        # Not before an occasion, or after an auxiliary, it may still speak.
        ("what did the berlin government say about gas", set(), {GERMANY}),
        ("did berlin strike a deal on gas", set(), {GERMANY}),
    ],
)
def test_the_side_speaking_is_told_from_where_each_party_stands(
    question: str, speakers: set[int], entities: set[int]
) -> None:
    assert side(question) == (speakers, entities)


def test_a_place_naming_an_occasion_is_its_topic() -> None:
    q = parse("what was promised at the Rome summit about grain", resolver())
    assert ITALY in q.topic_entity_ids


def test_other_parties_become_the_topic() -> None:
    q = parse("what did the white house say about yemen's rebels and kyiv", resolver())
    assert set(q.subject_entity_ids) == {US}
    assert set(q.topic_entity_ids) == {YEMEN, UKRAINE}


@pytest.mark.parametrize(
    ("question", "speakers"),
    [
        # "X's OFFICE" is someone else on X's side.
        ("how did biden's national security adviser react", {SULLIVAN}),
        ("what did zelensky's chief of staff tell the italians", {YERMAK}),
        # "the OFFICE" alone: its holders anywhere.
        ("what did the vice president promise the poles", {HARRIS}),
        # A ministry's head is its minister, not the government's leader.
        ("what's the pentagon chief's end goal for russia", {AUSTIN}),
        ("what did russia's ex-president threaten", {MEDVEDEV}),
        ("what did the speaker of ukraine's parliament say", {STEFANCHUK}),
        # A name that is also a word, where a name goes, beats a spelling guess.
        ("truss on shooting down planes", {TRUSS}),
    ],
)
def test_offices_and_names_in_their_places(question: str, speakers: set[int]) -> None:
    assert side(question)[0] == speakers


def test_a_colleague_nobody_holds_is_the_side_without_the_person() -> None:
    q = parse("what did biden's deputy nsa for economics say", resolver())
    assert set(q.subject_entity_ids) == {US} and BIDEN in q.excluded_speaker_ids


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("what did german defence minister pistorius say about conscription", "pistorius"),
        ("what's robert fico's line on arming ukraine", "robert fico"),
        ("ioc president thomas bach on russian athletes", "thomas bach"),
    ],
)
def test_a_named_speaker_the_store_does_not_know_is_named_not_replaced(
    question: str, unknown: str
) -> None:
    q = parse(question, resolver())
    assert q.unknown_party and unknown in q.unknown_party


@pytest.mark.parametrize(
    "question",
    [
        "what did the kremlin say about gershkovich's arrest",  # a topic, not a speaker
        "what did biden say about the nord stream pipeline",
        "is nato's view on ukraine changing",
        # A known holder named after the office.
        "what did the national security adviser jake sullivan say about sanctions",
    ],
)
def test_unknown_words_outside_a_speakers_place_name_no_one(question: str) -> None:
    assert parse(question, resolver()).unknown_party is None


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("yulia navalnaya's appeal to western leaders", [("yulia navalnaya", "navalnaya")]),
        ("what did the kremlin say after darya dugina was killed", [("darya dugina", "dugina")]),
        # A known speaker, one unknown word, words apart: no full name of someone unknown.
        ("what did liz truss say about gershkovich's arrest", []),
        ("zelensky on kobakhidze, ivanishvili and the elections", []),
    ],
)
def test_full_names_of_no_one_known_are_kept_for_the_store_to_check(
    question: str, names: list[tuple[str, str]]
) -> None:
    assert list(parse(question, resolver()).unplaced_names) == names


def test_a_name_opening_its_slot_is_taken_whatever_else_the_slot_holds() -> None:
    # "Canberra" is an alias that must be written with its capital, except where a name is
    # expected: after the auxiliary, even with another party further in the slot.
    australia = EntityRef(30, "australia", "Australia", ("Canberra",), ("Australian",))
    with_capital = Resolver([australia, ukraine(UKRAINE)], [], ambiguous_aliases=("Canberra",))
    q = parse("why does canberra help ukraine so much", with_capital)
    assert set(q.subject_entity_ids) == {30}
    assert set(q.topic_entity_ids) == {UKRAINE}


def test_an_office_then_a_name_not_its_holders_is_someone_the_store_does_not_know() -> None:
    # "chris" is a word as well as a given name; "hipkins" no dictionary has. The office
    # alone names the holder the store knows, which is not who is asked about.
    zealand = EntityRef(40, "new-zealand", "New Zealand", ("Wellington",), ("New Zealander",))
    people = Resolver([zealand], [SpeakerRef(41, "Jan Ardmore", (), "Prime Minister", 40)])
    q = parse("what did new zealand's prime minister chris hipkins say on sanctions", people)
    assert q.unknown_party and "chris hipkins" in q.unknown_party
    q = parse("what did new zealand's prime minister jan ardmore say on sanctions", people)
    assert q.unknown_party is None and set(q.speaker_ids) == {41}
