"""The answer engine's shape: its passes run in the order its docstring gives, its hand-set
numbers are one frozen `Weights` whose every field is documented and changes answers, and the
rows it reads are named."""

from __future__ import annotations

import ast
import inspect
import re
from dataclasses import FrozenInstanceError, fields, replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.answer import engine, weights
from bot.answer.engine import PASSES, Answerer
from bot.answer.question import parse
from bot.answer.retrieve import CHARACTERS_PER_WORD, candidate
from bot.answer.weights import DEFAULT, Weights, varied
from bot.store import reads, repo
from bot.store.models import Document, Entity
from bot.store.seed import load_gazetteer_rows
from bot.store.store import Store

# (speaker, words, context around them, kind, said on)
SAID = [
    ("Olena Testenko", "Sanctions on oil exports will tighten from next month.", "", None, 3),
    ("Olena Testenko", "An embargo on oil exports is coming before the summer.", "", None, 4),
    (
        "Olena Testenko",
        "The measures start in June and will not be lifted.",
        "Asked about sanctions on oil exports, the minister said",
        None,
        5,
    ),
    (
        "Olena Testenko",
        "Sanctions on oil exports will tighten from next month, surely.",
        "",
        None,
        6,
    ),
    ("Olena Testenko", "Oil sanctions", "", None, 7),
    (
        "Olena Testenko",
        "We demand that sanctions on oil exports stay in place until the troops leave.",
        "",
        "demand",
        8,
    ),
    ("Olena Testenko", "We are ready to discuss terms on oil exports.", "", "condition", 9),
    (
        "Olena Testenko",
        "Those measures begin soon.",
        "Asked about an embargo on oil exports, she said",
        None,
        10,
    ),
    ("Ivan Testov", "Sanctions on oil exports are illegal and will fail.", "", None, 10),
    ("Ivan Testov", "An embargo on our oil exports is theft of our market share.", "", None, 11),
    ("Ivan Testov", "The sanctions on oil exports will hurt Europe more than us.", "", None, 12),
    ("Ivan Testov", "Sanctions on our oil exports will hurt Europe the most.", "", None, 13),
]

QUESTIONS = [
    "what did Testenko say about sanctions on oil exports",
    "what did Ukraine say about sanctions on oil exports",
    "who said sanctions on oil exports would hurt Europe",
    "sanctions on oil exports embargo",
    "what does Testenko demand on oil exports",
    "what did Testenko offer on oil exports",
    "what did Testenko say",
    # A country as the topic: what the entity weights act on.
    "what did Testenko say about sanctions on Russia",
]


def fill(store: Store) -> None:
    with store.transaction() as session:
        load_gazetteer_rows(session)
        ukraine = session.scalar(select(Entity).where(Entity.key == "ukraine"))
        made = []
        for n, (name, words, context, kind, day) in enumerate(SAID):
            speaker = repo.upsert_speaker(
                session, name, role="Minister", entity=ukraine if "Testenko" in name else None
            )
            doc = Document(text=words, content_hash=f"{n:064d}", title="Test", outlet="Example")
            session.add(doc)
            session.flush()
            new = repo.NewStatement(
                speaker,
                words,
                0,
                len(words),
                kind=kind,
                context=context,
                said_on=date(2022, 5, day),
            )
            made.append(repo.add_statement(session, doc, new)[0])
        repo.set_status(session, store.indexer, made, "approved", "test")


@pytest.fixture
def store(empty_store: Store) -> Store:
    fill(empty_store)
    return empty_store


def outcome(answerer: Answerer, session: Session) -> list:
    """Everything the engine decides for QUESTIONS, asked and listed: each candidate's score
    and features, and what is shown with its confidence."""
    out: list = []
    resolver = answerer.resolver(session)
    for text in QUESTIONS:
        for listing in (False, True):
            q = replace(parse(text, resolver), listing=listing)
            ranked = answerer.rank(session, q)
            out.append([(r.candidate.id, r.score, sorted(r.features.items())) for r in ranked])
            shown = answerer.answer_question(session, q, limit=0).ranked
            out.append([(s.statement.id, s.score, s.confidence) for s in shown])
    return out


# --- the passes ---------------------------------------------------------------------------


def test_the_passes_are_the_docstrings_in_its_order() -> None:
    documented = re.findall(r"^\d+\. `(\w+)`", engine.__doc__ or "", re.MULTILINE)
    assert tuple(documented) == PASSES
    assert all(callable(getattr(Answerer, name)) for name in PASSES)


def test_the_passes_run_in_order(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    for name in PASSES:
        original = getattr(Answerer, name)

        def recorded(self, *args, _name=name, _original=original, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            ran.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Answerer, name, recorded)
    answerer = Answerer(store)
    with store.reading() as session:
        assert answerer.answer(session, QUESTIONS[0]).answered
        assert ran == list(PASSES)
        ran.clear()
        # Refused before any work: no other pass runs.
        assert not answerer.answer(session, "what did Nobody Atall say about oil").answered
        assert ran == ["abstain_early"]


def test_a_person_named_in_full_whom_no_statement_mentions_is_refused_early(
    store: Store,
) -> None:
    answerer = Answerer(store)
    with store.reading() as session:
        answer = answerer.answer(session, "what did ukraine say after mykola zavodny was fined")
        assert not answer.answered
        assert answer.reason == "I have no statements from or about Mykola Zavodny."
    with store.transaction() as session:
        speaker = repo.upsert_speaker(session, "Ivan Testov")
        words = "Mykola Zavodny was fined for breaking the embargo on oil exports."
        doc = Document(text=words, content_hash="f" * 64, title="Test", outlet="Example")
        session.add(doc)
        session.flush()
        made, _ = repo.add_statement(session, doc, repo.NewStatement(speaker, words, 0, 56))
        repo.set_status(session, store.indexer, [made], "approved", "test")
    with store.reading() as session:
        # Now a statement names him: the question is searched, not refused (by a new
        # answerer: word counts are remembered for a minute).
        answer = Answerer(store).answer(
            session, "what did ivan testov say after mykola zavodny was fined"
        )
        assert answer.reason != "I have no statements from or about Mykola Zavodny."
        assert answer.answered


def test_only_a_question_asking_for_the_newest_ranks_newest_first(store: Store) -> None:
    answerer = Answerer(store)
    with store.reading() as session:
        resolver = answerer.resolver(session)
        newest = answerer.rank(
            session, parse("what has Testenko said lately on oil exports", resolver)
        )
        # "new" says which sanctions: the best answers come first, whatever their date.
        best = answerer.rank(
            session, parse("what did Testenko say about new sanctions on oil exports", resolver)
        )
        days = [r.candidate.said_on for r in newest]
        assert len(days) > 2 and days == sorted(days, reverse=True)
        scores = [r.score for r in best]
        assert len(scores) > 2 and scores == sorted(scores, reverse=True)
        assert [r.candidate.said_on for r in best] != sorted(days, reverse=True)


def test_naming_no_one_a_statement_naming_none_of_the_topics_places_answers_nothing(
    store: Store,
) -> None:
    answerer = Answerer(store)
    with store.reading() as session:
        assert answerer.answer(session, "what was agreed on sanctions on oil exports").answered
        # No statement names Iceland or its capital, in its words or its setting.
        placed = answerer.answer(session, "what was agreed about Iceland and oil export sanctions")
        assert not placed.answered


def test_a_question_about_a_named_thing_no_statement_mentions_is_refused(store: Store) -> None:
    answerer = Answerer(store)
    with store.reading() as session:
        refused = answerer.answer(session, "did Testenko invoke the Montreux convention on oil")
        assert not refused.answered
        assert refused.reason == "I have no statements that mention “montreux”."
        # An everyday word no statement uses is left to the ranking; a rare word the store
        # has is searched.
        everyday = answerer.answer(session, "what did Testenko say about bullion and oil exports")
        assert not everyday.reason.startswith("I have no statements that mention")
        assert answerer.answer(session, "what did Testenko say about the oil embargo").answered


# --- the weights --------------------------------------------------------------------------


def test_weights_are_frozen() -> None:
    with pytest.raises(FrozenInstanceError):
        DEFAULT.per_speaker = 3  # type: ignore[misc]
    assert replace(DEFAULT, per_speaker=3).per_speaker == 3 and DEFAULT.per_speaker == 2


def test_every_weight_has_a_docstring() -> None:
    tree = ast.parse(inspect.getsource(weights))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Weights")
    documented = set()
    for field_node, following in zip(cls.body, cls.body[1:], strict=False):
        if (
            isinstance(field_node, ast.AnnAssign)
            and isinstance(field_node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
            and following.value.value.strip()
        ):
            documented.add(field_node.target.id)
    assert documented == {f.name for f in fields(Weights)}


def test_every_weight_is_read_by_answering() -> None:
    """Each field is read somewhere in bot/answer besides its definition."""
    from pathlib import Path

    package = Path(weights.__file__).parent
    code = "".join(p.read_text() for p in package.glob("*.py") if p.name != "weights.py")
    unread = [f.name for f in fields(Weights) if f".{f.name}" not in code]
    assert unread == []


# A changed value for every weight that this small store shows a difference for; the rest
# (common_word_share, candidates_without_topic, duplicate_min_words) only matter in an index
# of at least `common_word_min_index` statements, where the vector search does not already
# bring every statement of a side, or among longer speeches; they are checked above to be read.
CHANGES: dict[str, Any] = {
    "candidates_from_search": 2,
    "lexical_share_with_vectors": 0.0,
    "common_word_min_index": 0,
    "duplicate_lookback": 1,
    "candidates_from_vectors": 1,
    "synonym_credit": 0.5,
    "context_credit": 0.3,
    "context_synonym_share": 0.2,
    "entity_share_of_coverage": 0.5,
    "kind_in_part": 0.9,
    "rank_scale": 3.0,
    "short_fragment_words": 1,
    "min_coverage": 0.95,
    "min_coverage_entity": 0.95,
    "min_coverage_person": 0.95,
    "min_own_words_unnamed": 0.95,
    "per_speaker": 1,
    "near_duplicate_share": 0.99,
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_changing_a_weight_changes_what_the_engine_decides(store: Store, name: str) -> None:
    changed = replace(DEFAULT, **{name: CHANGES[name]})
    with store.reading() as session:
        before = outcome(Answerer(store), session)
        after = outcome(Answerer(store, weights=changed), session)
    assert before != after


def test_a_benchmark_varies_weights_by_name() -> None:
    assert varied(DEFAULT, ["per_speaker=3", "context_credit=0.5"]) == replace(
        DEFAULT, per_speaker=3, context_credit=0.5
    )
    assert isinstance(varied(DEFAULT, ["per_speaker=3"]).per_speaker, int)
    for wrong in ("no_such_weight=1", "per_speaker", "per_speaker=many"):
        with pytest.raises(ValueError):
            varied(DEFAULT, [wrong])


# --- the rows -----------------------------------------------------------------------------


def test_light_rows_are_named_and_become_candidates(store: Store) -> None:
    with store.reading() as session:
        ids = [h.statement_id for h in store.search.search(session, ["oil"], 50)]
        rows = reads.light_rows(session, ids)
    assert rows and all(isinstance(r, reads.LightRow) for r in rows)
    by_text = {text: kind for _, text, _, kind, _ in SAID}
    for row in rows:
        c = candidate(row)
        assert (c.id, c.speaker_id, c.kind, c.points) == (row.id, row.speaker_id, row.kind, 0)
        assert c.words == row.characters // CHARACTERS_PER_WORD
        assert c.opening == row.opening and c.document_id == row.document_id
    assert {r.kind for r in rows} == {kind for kind in by_text.values()}


# --- the caches ---------------------------------------------------------------------------


class _CountingSearch:
    """A search backend's counting methods, recording what was asked."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []
        self.sized = 0

    def document_frequency(self, session: object, words: list[str]) -> dict[str, int]:
        self.asked.append(list(words))
        return {w: len(w) for w in words}

    def size(self, session: object) -> int:
        self.sized += 1
        return 1000


def test_word_counts_are_remembered_for_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.answer import caches

    now = [100.0]
    monkeypatch.setattr(caches.time, "monotonic", lambda: now[0])
    search = _CountingSearch()
    frequencies, size = caches.Frequencies(), caches.IndexSize()
    assert frequencies.get(None, search, ["oil", "embargo"]) == {"oil": 3, "embargo": 7}  # type: ignore[arg-type]
    # Only the word not yet counted is asked for; the size is read once.
    assert frequencies.get(None, search, ["oil", "gas"]) == {"oil": 3, "gas": 3}  # type: ignore[arg-type]
    assert search.asked == [["oil", "embargo"], ["gas"]]
    assert size.get(None, search) == size.get(None, search) == 1000  # type: ignore[arg-type]
    assert search.sized == 1
    now[0] += caches.TTL_S + 1
    frequencies.get(None, search, ["oil"])  # type: ignore[arg-type]
    size.get(None, search)  # type: ignore[arg-type]
    assert search.asked[-1] == ["oil"] and search.sized == 2
