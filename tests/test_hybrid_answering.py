"""Answering with words and meaning together: the vector search finds what the words miss,
a question's time places its answer, the fitted confidence abstains, and `ask --json` says
why each statement ranks where it does. On both backends, with the shipped model."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.answer.engine import Answerer
from bot.answer.question import parse
from bot.answer.retrieve import lexical_budget
from bot.store import repo
from bot.store.models import Document, Entity
from bot.store.seed import load_gazetteer_rows
from bot.store.store import Store

# (words, said on): one speaker's statements, none sharing a word with the questions below
# that they answer.
SAID = [
    (
        "Thousands of children have been taken from their families and must be brought home.",
        date(2022, 5, 3),
    ),
    ("The grain corridor through the Black Sea has to stay open for ships.", date(2022, 7, 20)),
    ("Sanctions on oil exports will tighten from next month.", date(2022, 3, 15)),
    ("Sanctions on oil exports will tighten from the first of June.", date(2022, 5, 25)),
    ("Our air defence needs more launchers before the winter.", date(2022, 10, 1)),
]


def fill(store: Store) -> None:
    with store.transaction() as session:
        load_gazetteer_rows(session)
        ukraine = session.scalar(select(Entity).where(Entity.key == "ukraine"))
        speaker = repo.upsert_speaker(
            session, "Olena Testenko", role="Foreign Minister", entity=ukraine
        )
        made = []
        for n, (words, said_on) in enumerate(SAID):
            doc = Document(text=words, content_hash=f"{n:064d}", title="Test", outlet="Example")
            session.add(doc)
            session.flush()
            new = repo.NewStatement(speaker, words, 0, len(words), said_on=said_on)
            made.append(repo.add_statement(session, doc, new)[0])
        repo.set_status(session, store.indexer, made, "approved", "test")


@pytest.fixture
def answerer(empty_store: Store) -> Answerer:
    fill(empty_store)
    return Answerer(empty_store)


def ranked_words(answerer: Answerer, session: Session, question: str) -> list[tuple[str, int]]:
    q = parse(question, answerer.resolver(session))
    return [
        (st.text, r.candidate.lexical_rank)
        for r in answerer.rank(session, q)
        for st in [session.get(repo.Statement, r.candidate.id)]
    ]


def test_the_vector_search_finds_a_statement_in_other_words(answerer: Answerer) -> None:
    with answerer.store.reading() as session:
        ranked = ranked_words(
            answerer, session, "what did testenko say about the abducted youngsters"
        )
    text, lexical_rank = ranked[0]
    assert text.startswith("Thousands of children")
    # No word in common, nor a synonym of the thesaurus ("kids" would be): only the
    # meaning found it.
    assert lexical_rank is None


def test_a_time_in_the_question_places_the_answer(answerer: Answerer) -> None:
    with answerer.store.reading() as session:
        march = ranked_words(answerer, session, "testenko on oil sanctions in march 2022")
        may = ranked_words(answerer, session, "testenko on oil sanctions in late may")
    assert march[0][0].endswith("from next month.")
    assert may[0][0].endswith("the first of June.")


def test_the_confidence_model_abstains_when_nothing_answers(answerer: Answerer) -> None:
    with answerer.store.reading() as session:
        answer = answerer.answer(session, "what did testenko say about the eurovision song contest")
        asked = answerer.answer(session, "what did testenko say about sanctions on oil exports")
    assert not answer.answered and "Olena Testenko" in answer.reason
    assert asked.answered
    top = asked.ranked[0]
    assert top.confidence is not None and top.confidence >= answerer.model.answer_at
    # Both oil statements say every word asked: found by the words (either may rank first).
    assert top.lexical_rank in (0, 1) and top.dense is not None


def test_a_side_and_no_topic_is_answered_by_that_side(answerer: Answerer) -> None:
    with answerer.store.reading() as session:
        answer = answerer.answer(session, "what did testenko say")
    assert answer.answered and answer.ranked[0].statement.speaker.name == "Olena Testenko"


async def test_ask_json_says_why_each_statement_ranks_where_it_does(ask) -> None:  # noqa: ANN001
    from bot.cli.output import reply_json

    reply = await ask("who called it posturing?")
    shown = reply_json(reply, "")["statements"]
    assert shown
    why = shown[0]["why"]
    assert set(why) == {"lexical_rank", "dense_rank", "similarity", "score", "confidence"}
    assert why["lexical_rank"] == 0 and isinstance(why["score"], float)
    assert why["similarity"] is not None and -1.0 <= why["similarity"] <= 1.0


def test_with_vectors_the_words_rank_fewer_matches(empty_store: Store) -> None:
    """The vector search finds what the words miss, so a common word's matches are ranked
    within a smaller budget; with vectors off, the full-text search keeps its own."""
    full = empty_store.search.match_budget
    answerer = Answerer(empty_store)
    assert lexical_budget(empty_store.search, answerer.vectors, answerer.weights) < full
    empty_store.vectors.use(None)
    answerer = Answerer(empty_store)
    assert lexical_budget(empty_store.search, answerer.vectors, answerer.weights) == full
