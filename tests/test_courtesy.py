"""Statements of courtesy and procedure (bot/text/courtesy.py): told from their look-alikes,
tagged at ingest and by migration 0015, ranked below statements with substance, on SQLite
and PostgreSQL. Every person here is invented."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from bot.answer.engine import Answerer
from bot.ingest.inputs import text_document
from bot.ingest.pipeline import ingest_document
from bot.store.db import HEAD_REVISION, current_revision, migrate
from bot.store.models import Statement
from bot.store.store import Store
from bot.text.courtesy import TAG, is_courtesy, sentences


@pytest.mark.parametrize(
    "words",
    [
        "Thank you, Mr. President. Thank you all very much.",
        "Good afternoon, colleagues. I am glad to meet you in this hospitable city.",
        "Welcome to Vilnius, Prime Minister. It is an honour to host you.",
        "Thank you, Mr Rahmon. President Orlova is our next speaker. Please go ahead.",
        "And now I will hand it over to the Secretary.",
        "Congratulations on your election, and thank you for the warm welcome.",
        # Most of its words are thanks; the editor's note is left out.
        "Thank you so much. (Applause.) Thank you. It is good to be back in Warsaw.",
    ],
)
def test_greetings_thanks_and_procedure_are_courtesies(words: str) -> None:
    assert is_courtesy(words, None)
    assert is_courtesy(words, "assessment")


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        # Welcoming a decision is endorsing it; "thanks to" is "because of".
        ("We welcome Germany's decision to send air defence systems to Ukraine.", None),
        ("Thanks to the sanctions, Russia's economy will shrink by a tenth this year.", None),
        # Thanks first, then a position taking most of the words.
        (
            "Thank you. We will never accept the annexation of our land, and we demand that "
            "Russia withdraw its troops from every region it occupies today.",
            None,
        ),
        # Thanks that take a position: an offer of more aid.
        ("Thank you, and we stand ready to send more aid.", "offer"),
        # A long sentence may state a position after its thanks.
        (
            "I want to thank the minister for the talks, which showed that a ceasefire along "
            "the current line is possible only if both sides withdraw their heavy weapons "
            "at least thirty kilometres from the front and monitors are admitted.",
            None,
        ),
        ("", None),
    ],
)
def test_look_alikes_are_not_courtesies(words: str, kind: str | None) -> None:
    assert not is_courtesy(words, kind)


def test_sentences_do_not_end_after_a_title_or_an_initial() -> None:
    assert sentences("Thank you, Mr. President. Joseph R. Biden spoke. Then we left.") == [
        "Thank you, Mr. President.",
        "Joseph R. Biden spoke.",
        "Then we left.",
    ]


TRANSCRIPT = (
    "Meeting of the grain council\n\n"
    "PRESIDENT MARTA ORLOVA: Thank you, colleagues. I am glad to meet you all at the grain "
    "council in Odesa. Welcome to Odesa.\n\n"
    "PRESIDENT MARTA ORLOVA: The grain corridor in Odesa must stay open, and every ship "
    "leaving the council's ports will be escorted."
)


def _ingest(store: Store, body: str) -> None:
    with store.transaction() as session:
        ingest_document(
            session, store.indexer, text_document(body, label="council"), auto_approve=True
        )


def test_ingest_tags_courtesies_and_answers_rank_them_below_substance(store: Store) -> None:
    _ingest(store, TRANSCRIPT)
    with store.reading() as session:
        tags = {st.text[:9]: st.tags for st in session.scalars(select(Statement))}
        # Orlova's two turns; the seeded store's statements are no courtesies.
        assert {k: v for k, v in tags.items() if v or k in ("The grain", "Thank you")} == {
            "Thank you": [TAG],
            "The grain": [],
        }
        answer = Answerer(store).answer(
            session, "what did orlova say at the grain council in odesa", limit=1
        )
    # The greeting says more of the question's words; the position ranks first all the same.
    assert [s.statement.text[:9] for s in answer.ranked] == ["The grain"]


def test_migrating_to_0015_tags_the_courtesies_stored_before(empty_store: Store) -> None:
    migrate(empty_store.engine, "0014")
    said = [
        (1, "Thank you, colleagues. Welcome to Odesa.", None, "[]"),
        (2, "The corridor must stay open.", "demand", "[]"),
        (3, "Thank you all very much.", None, '["grain"]'),
    ]
    with empty_store.engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO speaker (id, key, name, aliases, role, roles, kind, created_at, "
                "approved_count) VALUES (1, 'marta-orlova', 'Marta Orlova', '[]', NULL, '[]', "
                "'person', '2024-01-01', 0)"
            )
        )
        for i, words, kind, tags in said:
            db.execute(
                text(
                    "INSERT INTO statement (id, speaker_id, text, kind, fingerprint, direct, "
                    "status, confidence, context, created_at, tags, announce) VALUES (:id, 1, "
                    ":words, :kind, :fp, true, 'approved', 1.0, '', '2024-01-01', :tags, true)"
                ),
                {"id": i, "words": words, "kind": kind, "fp": f"fp{i}", "tags": tags},
            )
    migrate(empty_store.engine)
    assert current_revision(empty_store.engine) == HEAD_REVISION

    def stored() -> dict[int, list[str]]:
        with empty_store.reading() as session:
            return {st.id: st.tags for st in session.scalars(select(Statement))}

    assert stored() == {1: [TAG], 2: [], 3: ["grain", TAG]}
    migrate(empty_store.engine, "0014")
    assert stored() == {1: [], 2: [], 3: ["grain"]}
    migrate(empty_store.engine)
