"""Every role documents gave a speaker (`speaker.roles`, migration 0014), and a question
describing the speaker by a role other than the first (bot/text/described.py), on SQLite
and PostgreSQL. Every person here is invented."""

from __future__ import annotations

from sqlalchemy import select, text

from bot.answer.engine import Answerer
from bot.ingest.inputs import text_document
from bot.ingest.pipeline import ingest_document
from bot.store import repo
from bot.store.db import HEAD_REVISION, current_revision, migrate
from bot.store.models import Speaker
from bot.store.store import Store

FIRST = (
    "Ukraine's Deputy Prime Minister Oksana Hrytsenko said: “The evacuation of civilians from "
    "the eastern towns will continue for as long as the corridors stay open.”"
)
SECOND = (
    "Oksana Hrytsenko, the Minister for Reintegration of the Temporarily Occupied Territories, "
    "said: “We warn the occupiers that any shelling of the Sumy route will be documented.”"
)
THIRD = (
    "The minister for reintegration of the temporarily occupied territories, Oksana "
    "Hrytsenko, said: “Buses will leave at nine every morning from the central square.”"
)


def _ingest(store: Store, *texts: str) -> None:
    with store.transaction() as session:
        for i, body in enumerate(texts):
            ingest_document(session, store.indexer, text_document(body, label=f"doc{i}"))


def _speaker(store: Store, name: str) -> Speaker:
    with store.reading() as session:
        return session.scalars(select(Speaker).where(Speaker.name == name)).one()


def test_every_role_a_document_gives_is_kept_once_first_seen_first(store: Store) -> None:
    _ingest(store, FIRST, SECOND, THIRD)
    speaker = _speaker(store, "Oksana Hrytsenko")
    assert speaker.role == "Ukraine's Deputy Prime Minister"
    # The third document's role differs from the second's only in case: kept once.
    assert speaker.roles == [
        "Ukraine's Deputy Prime Minister",
        "Minister for Reintegration of the Temporarily Occupied Territories",
    ]


def test_roles_kept_are_bounded(store: Store) -> None:
    with store.transaction() as session:
        speaker = repo.upsert_speaker(session, "Ivo Varga", role="Envoy 0")
        for i in range(1, repo.MOST_ROLES + 5):
            repo.remember_role(speaker, f"Envoy {i}")
        assert len(speaker.roles) == repo.MOST_ROLES and speaker.roles[0] == "Envoy 0"


def test_a_question_naming_a_later_role_finds_the_speaker(store: Store) -> None:
    _ingest(store, FIRST, SECOND)
    answerer = Answerer(store)
    with store.reading() as session:
        answer = answerer.answer(
            session, "what did ukraine's reintegration minister warn the occupiers about"
        )
        assert answer.question.speaker_ids == {_speaker(store, "Oksana Hrytsenko").id}
    # Nothing is approved yet: no statement shown, but the speaker was understood.
    assert not answer.ranked


def test_migrating_to_0014_gathers_the_roles_of_statements_not_rejected(
    empty_store: Store,
) -> None:
    migrate(empty_store.engine, "0013")
    with empty_store.engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO speaker (id, key, name, aliases, role, kind, created_at, "
                "approved_count) VALUES (1, 'ann-roe', 'Ann Roe', '[]', 'Deputy Premier', "
                "'person', '2024-01-01', 0), (2, 'bo-lind', 'Bo Lind', '[]', NULL, "
                "'person', '2024-01-01', 0)"
            )
        )
        rows = [
            (1, "Energy Minister", "approved"),
            (1, "Energy Minister", "pending"),
            (1, "Minister of Energy", "approved"),
            (1, "Spy", "rejected"),
            (2, "Mayor of Lviv", "approved"),
        ]
        for i, (speaker_id, role, status) in enumerate(rows, start=1):
            db.execute(
                text(
                    "INSERT INTO statement (id, speaker_id, role, text, fingerprint, direct, "
                    "status, confidence, context, created_at, tags, announce) VALUES (:id, "
                    ":speaker, :role, 'words', :fp, true, :status, 1.0, '', '2024-01-01', "
                    "'[]', true)"
                ),
                {"id": i, "speaker": speaker_id, "role": role, "fp": f"fp{i}", "status": status},
            )
    migrate(empty_store.engine)
    assert current_revision(empty_store.engine) == HEAD_REVISION
    with empty_store.reading() as session:
        roles = {s.name: s.roles for s in session.scalars(select(Speaker))}
    # The stored role first, then the most often given; a rejected statement's is not.
    assert roles == {
        "Ann Roe": ["Deputy Premier", "Energy Minister", "Minister of Energy"],
        "Bo Lind": ["Mayor of Lviv"],
    }
    migrate(empty_store.engine, "0013")
    with empty_store.engine.connect() as db:
        columns = db.execute(text("SELECT * FROM speaker")).keys()
    assert "roles" not in columns
    migrate(empty_store.engine)
