"""Ranking principles on statements written for these tests: broken fragments, entities
named in a statement's own words, and clauses that only say when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.answer.engine import Answerer
from bot.answer.question import parse
from bot.store import repo
from bot.store.models import Document, Entity
from bot.store.seed import load_gazetteer_rows
from bot.store.store import Store

# (speaker, words, context around them, direct)
SAID = [
    # A clause cut off mid-phrase, with every topic word in its own words.
    ("Joe Biden", "Putin against using chemical weapons and", "", True),
    ("Joe Biden", "We would respond if he uses chemical weapons.", "", True),
    # China named in the words themselves, or only in the paragraph around them.
    (
        "Antony Blinken",
        "This is a charged moment for the whole world.",
        "Blinken, asked about China and Russia, said",
        True,
    ),
    (
        "Antony Blinken",
        "China poses the greatest long-term challenge to the international order.",
        "Blinken spoke in Washington about Russia.",
        True,
    ),
    # Said on the day the war began; the words never say "invasion".
    (
        "António Guterres",
        "President Putin, in the name of humanity, bring your troops back to Russia.",
        "As the invasion started, the secretary general appealed directly to Putin.",
        True,
    ),
    (
        "António Guterres",
        "The climate crisis is the defining issue of our time.",
        "Guterres spoke at a summit.",
        True,
    ),
    # A person as the topic, named in one of their spellings.
    ("Boris Johnson", "I spoke to President Zelenskiy again this morning.", "", True),
    # The same quote as two reports cut it.
    ("Sergei Lavrov", "engaged in a war through a proxy and is arming that proxy", "", True),
    (
        "Sergei Lavrov",
        "in essence … engaged in a war through a proxy and is arming that proxy",
        "",
        True,
    ),
    ("Sergei Lavrov", "Any cargo of arms for the proxy regime is a target.", "", True),
    # A transcript naming its own speaker.
    (
        "Vladimir Putin",
        "Vladimir Putin thanked Putin's guests.",
        "He spoke once the election results were announced.",
        False,
    ),
]


def add_approved(store: Store, statements: Callable[[Session], list[repo.NewStatement]]) -> None:
    """Store what `statements` builds (with the gazetteer's entities loaded), approved."""
    with store.transaction() as session:
        load_gazetteer_rows(session)  # entities such as China, but no seeded statements
        doc = Document(text="test", content_hash="r" * 64, title="Test", outlet="Example")
        session.add(doc)
        session.flush()
        made = [repo.add_statement(session, doc, new)[0] for new in statements(session)]
        repo.set_status(session, store.indexer, made, "approved", "test")


@pytest.fixture
def answerer(empty_store: Store) -> Answerer:
    def said(session: Session) -> list[repo.NewStatement]:
        return [
            repo.NewStatement(
                repo.upsert_speaker(session, name),
                words,
                n,
                n + 1,
                direct=direct,
                context=context,
                said_on=date(2022, 3, n + 1),
            )
            for n, (name, words, context, direct) in enumerate(SAID)
        ]

    add_approved(empty_store, said)
    return Answerer(empty_store)


def top(answerer: Answerer, question: str) -> list[str]:
    with answerer.store.sessions() as session:
        return [s.statement.text for s in answerer.answer(session, question).ranked]


def test_a_clause_cut_off_mid_phrase_ranks_below_a_whole_statement(answerer) -> None:
    ranked = top(answerer, "what did biden say about chemical weapons")
    assert ranked[0].startswith("We would respond")
    assert ranked[1].endswith("chemical weapons and")


def test_naming_the_topic_entity_itself_beats_naming_it_only_nearby(answerer) -> None:
    with answerer.store.sessions() as session:
        assert parse("blinken on china", answerer.resolver(session)).topic_entity_ids
    ranked = top(answerer, "what has blinken said about china")
    assert ranked[0].startswith("China poses")


def test_a_when_clause_places_the_question_but_is_not_required(answerer) -> None:
    ranked = top(answerer, "what did guterres ask putin when the invasion started")
    assert ranked and ranked[0].startswith("President Putin, in the name of humanity")


@pytest.mark.parametrize(
    ("question", "terms", "circumstance"),
    [
        # A relation to a dated event is a time window (bot/answer/when.py), not words.
        ("what did guterres ask putin when the invasion started", {"putin"}, set()),
        ("what did biden say after the summit", set(), {"summit"}),
        ("when would russia use nuclear weapons", {"use", "nuclear", "weapon"}, set()),
        ("what did zelensky say when asked about crimea", {"crimea"}, set()),
        # "Going after" is a verb and its particle, no time.
        ("johnson on going after the kremlin's gold", {"gold"}, set()),
        # A question asking nothing but a reaction: the event reacted to is its topic.
        (
            "the white house's reaction when the mercenary boss bragged about meddling",
            {"mercenari", "boss", "brag", "meddl"},
            set(),
        ),
    ],
)
def test_when_clauses_are_told_apart_from_the_topic(
    answerer, question: str, terms: set[str], circumstance: set[str]
) -> None:
    with answerer.store.sessions() as session:
        q = parse(question, answerer.resolver(session))
    assert set(q.terms) >= terms and set(q.circumstance) == circumstance
    assert not (set(q.terms) & circumstance)
    assert not ({"invas", "start"} & set(q.terms))


def test_a_person_asked_about_is_found_under_any_form_of_their_name(answerer) -> None:
    ranked = top(answerer, "what did johnson say about zelensky")
    assert ranked and "Zelenskiy" in ranked[0]


@pytest.mark.parametrize(
    ("question", "terms", "kinds"),
    [
        ("does ukraine want to join nato", {"join"}, set()),  # a wish, not a demand
        ("what does ukraine want from nato", set(), {"condition", "demand"}),
        ("did lavrov mention chemical weapons", {"chemic", "weapon"}, set()),
        ("what has the us secretary of state said about china", set(), set()),
        ("is kyiv open to talks with moscow", {"open", "talk"}, {"offer"}),
    ],
)
def test_reporting_verbs_and_wishes_are_not_topic_or_kind(
    answerer, question: str, terms: set[str], kinds: set[str]
) -> None:
    with answerer.store.sessions() as session:
        q = parse(question, answerer.resolver(session))
    assert set(q.terms) == terms and set(q.kinds) == kinds


def test_readiness_on_terms_answers_an_offer_asked_in_part(answerer) -> None:
    with answerer.store.sessions() as session:
        offer = parse("is kyiv open to talks with moscow", answerer.resolver(session))
        terms = parse("what are kyiv's conditions for talks", answerer.resolver(session))
    assert offer.kinds == {"offer"} and offer.kinds_in_part == {"condition"}
    assert terms.kinds_in_part == frozenset()


def test_words_of_the_speakers_role_describe_who_is_asked(empty_store: Store) -> None:
    roles = [
        ("Oleh Ustenko", "Adviser to the President of Ukraine on Economic Issues"),
        ("Dmytro Kuleba", "Foreign Minister"),
    ]
    words = "An embargo on Russian oil must come now, not in five months."

    def said(session: Session) -> list[repo.NewStatement]:
        ukraine = session.scalar(select(Entity).where(Entity.key == "ukraine"))
        return [
            repo.NewStatement(
                repo.upsert_speaker(session, name, role=role, entity=ukraine),
                words,
                n,
                n + 1,
                role=role,
            )
            for n, (name, role) in enumerate(roles)
        ]

    add_approved(empty_store, said)
    ranked = top_speakers(
        Answerer(empty_store), "what did ukraine's economic adviser say about an oil embargo"
    )
    assert ranked[0] == "Oleh Ustenko"


def top_speakers(answerer: Answerer, question: str) -> list[str]:
    with answerer.store.sessions() as session:
        return [s.statement.speaker.name for s in answerer.answer(session, question).ranked]


def test_the_same_words_from_two_reports_are_shown_once(answerer) -> None:
    ranked = top(answerer, "what did lavrov say about arming a proxy")
    assert sum("arming that proxy" in text for text in ranked) == 1
    assert any(text.startswith("Any cargo") for text in ranked)


def test_who_said_something_about_a_person_is_answered_by_others(answerer) -> None:
    with answerer.store.sessions() as session:
        ranked = answerer.answer(session, "who criticised putin").ranked
    assert ranked and "Vladimir Putin" not in {s.statement.speaker.name for s in ranked}


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("who called it posturing", "who_said"),
        ("who first warned about nuclear weapons", "who_said"),
        ("who supports sending tanks", "who_said"),
        ("who won the election", "position"),  # a fact, not who said it
        ("who does the kremlin want to negotiate with", "position"),
    ],
)
def test_who_asks_for_a_speaker_only_with_a_verb_of_saying(
    answerer, question: str, intent: str
) -> None:
    with answerer.store.sessions() as session:
        q = parse(question, answerer.resolver(session))
    assert q.intent == intent
    assert not {"warn", "call", "first"} & set(q.terms)


def test_a_question_naming_no_one_needs_its_words_in_the_statement_itself(answerer) -> None:
    # The election is only in the words around Putin's statement, and nobody is named.
    assert top(answerer, "what about the election results") == []
    assert top(answerer, "what did putin say about the election results")


def test_a_word_finds_its_other_spelling(empty_store: Store) -> None:
    """The store holds British and American English; a question in either finds both."""
    said = [
        ("Maria Zakharova", "Our defence spending will keep growing next year."),
        ("Maria Zakharova", "Our spending on schools will keep growing next year."),
        ("Ned Price", "We will never recognize the sham referendums."),
    ]

    def statements(session: Session) -> list[repo.NewStatement]:
        return [
            repo.NewStatement(repo.upsert_speaker(session, name), words, n, n + 1)
            for n, (name, words) in enumerate(said)
        ]

    add_approved(empty_store, statements)
    answerer = Answerer(empty_store)
    with empty_store.sessions() as session:
        american = answerer.answer(session, "what did zakharova say about defense")
        british = answerer.answer(session, "did ned price say he would recognise the referendums")
    assert american.ranked[0].statement.text.startswith("Our defence spending")
    assert american.ranked[0].coverage == 1.0  # the word is said, in the other spelling
    assert british.ranked and british.ranked[0].statement.speaker.name == "Ned Price"
    assert british.ranked[0].coverage == 1.0


@pytest.mark.parametrize(
    ("word", "others"),
    [
        ("recognised", {"recogn"}),  # recognized
        ("defense", {"defenc"}),  # defence
        ("mobilisation", {"mobil"}),  # mobilization
        ("travelled", set()),  # "traveled" stems alike
        ("promise", set()),  # no other spelling, though it ends like "recognise"
        ("four", set()),  # nor does this, though it ends like "favour"
    ],
)
def test_other_spellings_are_a_dictionarys_not_a_rules(word: str, others: set[str]) -> None:
    from bot.text.spelling import spelling_stems

    assert spelling_stems(word) == others
