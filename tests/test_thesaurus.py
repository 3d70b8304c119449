"""The domain thesaurus (data/thesaurus.json): the everyday words a question types for the
formal words officials say. Its groups are words, not names of anything, and a question
asking in one of a group's words finds a statement saying another."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy.orm import Session

from bot.answer.engine import Answerer
from bot.answer.question import expand
from bot.resources import data_json
from bot.store import repo
from bot.store.store import Store
from bot.text.analysis import STOPWORDS, stem
from tests.test_ranking import add_approved

_WORD = re.compile(r"[a-z][a-z-]*[a-z]")


def test_every_group_is_two_or_more_lowercase_words_and_none_a_function_word() -> None:
    groups = data_json("thesaurus.json")["groups"]
    assert groups
    seen: set[tuple[str, ...]] = set()
    for group in groups:
        assert len(set(group)) >= 2, group
        assert all(_WORD.fullmatch(w) for w in group), group
        # A stopword would link every question to every statement through it.
        assert not [w for w in group if w in STOPWORDS or stem(w) in STOPWORDS], group
        key = tuple(sorted(group))
        assert key not in seen, group
        seen.add(key)


def test_a_group_links_its_words_both_ways_by_their_stems() -> None:
    assert stem("ammunition") in expand(stem("ammo"))
    assert stem("ammo") in expand(stem("ammunition"))
    assert stem("famine") in expand(stem("starving"))
    # Words of no group link to nothing.
    assert expand(stem("september")) == {stem("september")}


SAID = [
    "Our brigades on the southern front are running out of ammunition.",
    "The harvest this year was better than anyone expected.",
    "Our schools will reopen in September.",
]


def _answerer(store: Store) -> Answerer:
    def said(session: Session) -> list[repo.NewStatement]:
        speaker = repo.upsert_speaker(session, "Petro Testenko")
        return [
            repo.NewStatement(speaker, words, n, n + 1, said_on=date(2023, 2, n + 1))
            for n, words in enumerate(SAID)
        ]

    add_approved(store, said)
    return Answerer(store)


def test_a_question_in_everyday_words_finds_the_formal_ones(empty_store: Store) -> None:
    answerer = _answerer(empty_store)
    with answerer.store.sessions() as session:
        shown = answerer.answer(session, "what did testenko say about ammo").ranked
    assert shown and shown[0].statement.text.startswith("Our brigades")
