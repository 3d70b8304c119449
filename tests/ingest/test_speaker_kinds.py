"""What speaks: a person, a government, an organisation (stored on both backends)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.ingest.inputs import text_document
from bot.ingest.linking import body_name
from bot.ingest.pipeline import ingest_document
from bot.store.models import Entity, Speaker, Statement
from bot.store.seed import load_gazetteer_rows
from bot.store.store import Store


@pytest.fixture
def gazetteer_store(empty_store: Store) -> Store:
    with empty_store.transaction() as session:
        load_gazetteer_rows(session)
    return empty_store


def _speakers_of(store: Store, text: str) -> dict[str, tuple[str, str | None]]:
    with store.transaction() as session:
        ingest_document(session, store.indexer, text_document(text, label="t"))
    with store.reading() as session:
        rows = session.execute(select(Statement.text, Speaker.name, Speaker.kind).join(Speaker))
        return {quote: (name, kind) for quote, name, kind in rows}


def test_a_country_speaking_is_its_government_not_a_person(gazetteer_store: Store) -> None:
    text = (
        "Ukraine accused Moscow of blocking the convoy, saying “the trucks were turned back "
        "twice at the same checkpoint”."
    )
    found = _speakers_of(gazetteer_store, text)
    speakers = set(found.values())
    assert ("Government of Ukraine", "government") in speakers
    assert not any(name == "Ukraine" for name, _ in speakers)


def test_an_organisation_and_a_person_keep_their_kinds(gazetteer_store: Store) -> None:
    text = (
        "Nato said “the alliance will defend every inch of its territory”.\n\n"
        "Maria Novak, the city's mayor, said “the bridge will be rebuilt before winter”."
    )
    kinds = dict(_speakers_of(gazetteer_store, text).values())
    assert kinds.get("Nato") == "organisation"
    assert kinds.get("Maria Novak") == "person"


def test_a_body_named_by_its_head_noun_is_an_organisation(gazetteer_store: Store) -> None:
    text = "Harbour Rights Watch said “the new port rules will hurt every fishing family”."
    kinds = dict(_speakers_of(gazetteer_store, text).values())
    assert kinds == {"Harbour Rights Watch": "organisation"}


def test_a_scare_quoted_word_next_to_a_country_is_no_statement(gazetteer_store: Store) -> None:
    text = "At the games, the Netherlands said its team had won “silver” in the relay."
    found = _speakers_of(gazetteer_store, text)
    assert "silver" not in found


def test_body_names(gazetteer_store: Store) -> None:
    with gazetteer_store.reading() as session:
        russia = session.scalar(select(Entity).where(Entity.key == "russia"))
        assert russia is not None
        assert body_name("Russia", russia) == "Government of Russia"
        assert body_name("Moscow", russia) == "Government of Russia"
        assert body_name("the Kremlin", russia) == "Kremlin"


def test_an_institution_written_with_the_speaks_and_an_acronym_is_no_persons_name(
    gazetteer_store: Store,
) -> None:
    from bot.ingest.linking import SpeakerLinker

    with gazetteer_store.transaction() as session:
        linker = SpeakerLinker(session)
        kremlin = linker.link(session, "the Kremlin")
        assert kremlin is not None and (kremlin.name, kremlin.kind) == ("Kremlin", "government")
        assert linker.link(session, "NSW Rail") is None
        assert linker.link(session, "JD Vance") is not None  # initials in capitals stay a name
