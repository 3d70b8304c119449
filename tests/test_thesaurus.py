"""The domain thesaurus (data/thesaurus.json): the everyday words a question types for the
formal words officials say. Its groups are words, not names of anything, and a question
asking in one of a group's words finds a statement saying another; its phrases ("kicked
out", "behind bars") give the question's words in them the formal words for the whole."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy.orm import Session

from bot.answer.engine import Answerer
from bot.answer.question import _phrase_forms, expand, parse
from bot.resources import data_json
from bot.store import repo
from bot.store.store import Store
from bot.text.analysis import STOPWORDS, stem, words
from tests.test_ranking import add_approved

# Letters only: text is split at hyphens before it is stemmed, so "cease-fire" in a group
# would never meet anything.
_WORD = re.compile(r"[a-z]+")


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


# --- phrases ------------------------------------------------------------------------------


def test_every_phrase_is_several_words_said_formally_in_single_words() -> None:
    phrases = data_json("thesaurus.json")["phrases"]
    assert phrases
    for entry in phrases:
        assert len(entry["phrase"].split()) >= 2, entry
        assert len(entry["words"]) >= 2 and all(_WORD.fullmatch(w) for w in entry["words"])
        assert not [w for w in entry["words"] if stem(w) in STOPWORDS], entry


PHRASES = {
    "kick": ((("kick", "out"), frozenset({"expel", "expuls"})),),
    "behind": ((("behind", "bar"), frozenset({"prison", "jail"})),),
}


@pytest.mark.parametrize(
    ("question", "term", "formal"),
    [
        # any form of the phrase's verb
        ("why did warsaw kick out the diplomats", "kick", {"expel", "expuls"}),
        ("why were the diplomats kicked out", "kick", {"expel", "expuls"}),
        ("how many end up back behind bars", "bar", {"prison", "jail"}),
    ],
)
def test_a_phrase_gives_its_searched_term_the_formal_words(
    question: str, term: str, formal: set[str]
) -> None:
    tokens = words(question)
    searched = {stem(t) for t in tokens if t not in STOPWORDS}
    assert dict(_phrase_forms(tokens, searched, PHRASES))[term] == formal


@pytest.mark.parametrize(
    "question",
    [
        "did he kick the ball out",  # the words apart are no phrase
        "what did they say about the bars in the capital",  # one word of it alone
    ],
)
def test_words_of_a_phrase_apart_or_alone_give_nothing(question: str) -> None:
    tokens = words(question)
    searched = {stem(t) for t in tokens if t not in STOPWORDS}
    assert _phrase_forms(tokens, searched, PHRASES) == ()


def test_the_shipped_phrases_reach_a_parsed_question(empty_store: Store) -> None:
    answerer = _answerer(empty_store)
    with answerer.store.sessions() as session:
        resolver = answerer.resolver(session)
        phrased = parse("why did the embassy staff get kicked out", resolver)
        alone = parse("what did they kick", resolver)
    assert stem("expel") in phrased.forms(stem("kick"))
    assert stem("expel") not in alone.forms(stem("kick"))
