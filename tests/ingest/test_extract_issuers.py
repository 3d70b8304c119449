"""Joint statements, declarations, communiqués and bodies' statements: the issuer's words."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.ingest.extract.core import extract_document
from bot.ingest.extract.issuers import issuer
from bot.ingest.extract.text import build_layout
from bot.ingest.inputs import jsonl_document
from bot.ingest.pipeline import ingest_document
from bot.store.models import Speaker, Statement
from bot.store.store import Store

BILATERAL_TITLE = "Joint Statement of President Anna Kovalenko and Prime Minister Piet Jansen"
BILATERAL = "\n\n".join(
    [
        "(Varna, 3 March 2023) President Anna Kovalenko and Prime Minister Piet Jansen met in "
        "Varna today to mark thirty years of diplomatic relations.",
        "The two leaders condemned the shelling of the port of Halden and called for the "
        "release of every detained sailor.",
        "Prime Minister Jansen announced that his government will fund a rehabilitation centre "
        "for wounded soldiers in Varna next year.",
        "Alongside responding to the flooding, we must rebuild the river defences before the "
        "autumn storms arrive.",
        "We will meet again in the autumn to review the progress of the reconstruction programme.",
    ]
)

G7_TITLE = "G7 Leaders’ Statement on Frozen Assets"
G7 = "\n\n".join(
    [
        "We, the Leaders of the Group of Seven (G7), have agreed how the proceeds of "
        "immobilised sovereign assets will be used.",
        "The loans will be repaid from the extraordinary revenues those assets earn, not by "
        "the taxpayers of our countries.",
        "We will keep the assets immobilised until the aggressor ends the war and pays for the "
        "damage it has caused.",
    ]
)


@pytest.mark.parametrize(
    ("title", "name", "noun", "kind"),
    [
        (
            BILATERAL_TITLE,
            "President Anna Kovalenko and Prime Minister Piet Jansen",
            "joint statement",
            "group",
        ),
        ("G7 Leaders’ Statement on Ukraine", "G7 Leaders", "statement", "group"),
        ("CARBIS BAY G7 SUMMIT COMMUNIQUÉ", "Carbis Bay G7 Summit", "communiqué", "group"),
        ("Nordvik Leaders’ Declaration", "Nordvik Leaders", "declaration", "group"),
        (
            "U.S.-EU Joint Statement of the Trade and Technology Council",
            "U.S.-EU Trade and Technology Council",
            "joint statement",
            "group",
        ),
        (
            "Joint statement following the meeting of the delegations of Ruritania and Nordvik",
            "Delegations of Ruritania and Nordvik",
            "joint statement",
            "group",
        ),
        (
            "Joint Statement Following the Meeting Between President Kovalenko and "
            "Chancellor Brandt",
            "President Kovalenko and Chancellor Brandt",
            "joint statement",
            "group",
        ),
        (
            "Joint Statement on Air Defence by Ruritanian President Anna Kovalenko, Nordvik "
            "Prime Minister Piet Jansen, Elbonian Chancellor Karl Brandt and Freedonian "
            "President Rufus Firefly",
            "Anna Kovalenko, Piet Jansen, Karl Brandt and Rufus Firefly",
            "joint statement",
            "group",
        ),
        (
            "Statement by Nordic Foreign Ministers on the Strait",
            "Nordic Foreign Ministers",
            "statement",
            "group",
        ),
        (
            "The Spirit of Varna: Joint Statement of Ruritania, Nordvik, and Elbonia",
            "Ruritania, Nordvik, and Elbonia",
            "joint statement",
            "group",
        ),
        ("NATO Statement on the Strait", "NATO", "statement", "body"),
        ("G7 Statement on Ukraine, 11 October 2022", "G7", "statement", "body"),
        (
            "Statement by the Ministry of Foreign Affairs of Ruritania on the Anniversary",
            "Ministry of Foreign Affairs of Ruritania",
            "statement",
            "body",
        ),
        (
            "Comment by the Information and Press Department on the Sanctions",
            "Information and Press Department",
            "comment",
            "body",
        ),
        (
            "Ruritanian Foreign Ministry Statement on the Blockade",
            "Ruritanian Foreign Ministry",
            "statement",
            "body",
        ),
        (
            "Statement by the North Atlantic Council on the Strait",
            "North Atlantic Council",
            "statement",
            "body",
        ),
    ],
)
def test_a_title_names_its_issuer(title: str, name: str, noun: str, kind: str) -> None:
    """A joint title names the group that signs it; a body's title, the body."""
    found = issuer(title, build_layout("The text."))
    assert found is not None
    assert (found.name, found.noun, found.kind) == (name, noun, kind)


@pytest.mark.parametrize(
    "title",
    [
        "Remarks by President Kovalenko at an Event Launching a Joint Declaration of Support",
        "Presidents of Ruritania and Nordvik signed a joint Declaration on energy",
        "Statement by President Kovalenko on the Floods",
        "Statement by the Press Secretary on the Floods",
        "Statement by H.E. Mr. Karl Brandt, Minister for Foreign Affairs of Nordvik, at the UN",
        "Statement by Ambassador Anna Kovalenko, Permanent Representative of Ruritania to the UN",
        "Statement by Boris Brandt, Prime Minister of the United Kingdom of Great Britain and "
        "Northern Ireland",
        "Statement from Secretary of State Karl Brandt on the Floods",
        "Comment: why the ministry got the floods wrong",
        "Chair’s Statement on the Ministerial Meeting",
        "Joint press statements following Ruritanian-Nordvik talks",
    ],
)
def test_a_title_about_a_declaration_or_by_one_person_is_no_joint_statement(title: str) -> None:
    assert issuer(title, build_layout("The minister spoke about the floods.")) is None


def test_the_opening_names_the_group_when_the_title_does_not() -> None:
    text = (
        "We, the leaders of the European Commission, Ruritania and Nordvik condemn the "
        "blockade of the strait.\n\nWe will impose further measures."
    )
    found = issuer("Statement on Further Economic Measures", build_layout(text))
    assert found is not None
    assert found.name == "Leaders of the European Commission, Ruritania and Nordvik"
    # "We, the people": no group of office-holders speaks.
    speech = "We, the people of this city, have rebuilt it twice.\n\nWe will do it again."
    assert issuer("Address on the Anniversary", build_layout(speech)) is None


def test_a_joint_statement_is_the_groups_not_the_publishing_offices_principal() -> None:
    ex = extract_document(
        BILATERAL, principal=("Anna Kovalenko", "President of Ruritania"), title=BILATERAL_TITLE
    )
    for s in ex.statements:
        assert BILATERAL[s.start : s.end] == s.quote
    by = {s.quote: (s.speaker, s.speaker_kind, s.role) for s in ex.statements}
    group = ("President Anna Kovalenko and Prime Minister Piet Jansen", "group", "joint statement")
    # What the two leaders did together, and the text's own "we", is the group's.
    assert by[next(q for q in by if "condemned the shelling" in q)] == group
    assert by[next(q for q in by if "meet again in the autumn" in q)] == group
    # "Alongside" is no speaker: the sentence is the group's text.
    assert by[next(q for q in by if "rebuild the river defences" in q)] == group
    # One leader reported by name keeps his words.
    jansen = next(q for q in by if "rehabilitation centre" in q)
    assert by[jansen][0] == "Piet Jansen" and by[jansen][1] == "person"
    assert not any(speaker == "Anna Kovalenko" for speaker, _, _ in by.values())


def test_a_g7_statement_is_stored_under_a_group_on_the_g7s_side(gazetteer_store: Store) -> None:
    record = {"id": "g7", "title": G7_TITLE, "text": G7, "outlet": "Test Office"}
    with gazetteer_store.transaction() as session:
        ingest_document(session, gazetteer_store.indexer, jsonl_document(record, "t"))
    with gazetteer_store.reading() as session:
        rows = session.execute(select(Statement.text, Speaker).join(Speaker)).all()
        speakers = {speaker.name: speaker for _, speaker in rows}
        assert set(speakers) == {"G7 Leaders"}
        g7 = speakers["G7 Leaders"]
        assert g7.kind == "group" and g7.role == "statement"
        assert g7.entity is not None and g7.entity.name == "G7"
        assert any("until the aggressor ends the war" in text for text, _ in rows)


def test_a_ministrys_statement_is_stored_under_the_ministry_on_its_countrys_side(
    gazetteer_store: Store,
) -> None:
    record = {
        "id": "mfa",
        "title": "Statement by the Ministry of Foreign Affairs of Ukraine on the Blockade",
        "text": "The blockade of the grain corridor is a crime against the hungry of the world.\n\n"
        "We call on our partners to send naval escorts without delay.",
        "outlet": "Test Office",
    }
    with gazetteer_store.transaction() as session:
        ingest_document(session, gazetteer_store.indexer, jsonl_document(record, "t"))
    with gazetteer_store.reading() as session:
        speakers = {s for (s,) in session.execute(select(Speaker).join(Statement)).unique()}
        assert [s.name for s in speakers] == ["Ministry of Foreign Affairs of Ukraine"]
        ministry = speakers.pop()
        assert ministry.kind == "organisation" and ministry.role == "statement"
        assert ministry.entity is not None and ministry.entity.name == "Ukraine"


TRILATERAL_TITLE = "Joint Statement by the Foreign Ministers of Estonia, Finland and Poland"
TRILATERAL = "\n\n".join(
    [
        # The title printed again as the first paragraph: no one's words.
        TRILATERAL_TITLE,
        "We, the foreign ministers of Estonia, Finland and Poland, express our deep concern at"
        " the repeated damage to undersea cables in the Baltic Sea.",
        "We will meet again in Tallinn in the autumn to review progress.",
        "Karla Saar, Minister of Foreign Affairs of Estonia\nInkeri Lahti, Minister for Foreign"
        " Affairs of Finland\nPiotr Wolny, Minister of Foreign Affairs of Poland",
        "Remarks by Minister Lahti at the signing:",
        "“Thank you, Karla and Piotr, for coming to Helsinki on such a cold morning. The Baltic"
        " Sea is, for the three of us, not a border.”",
        "“Let me be very direct. When a ship drags its anchor across four cables, we are not"
        " talking about bad seamanship.”",
    ]
)


def test_remarks_headed_by_a_ministers_name_are_hers_and_the_title_is_no_ones() -> None:
    found = extract_document(TRILATERAL, title=TRILATERAL_TITLE).statements
    by_words = {s.quote: s.speaker for s in found}
    thanks = next(q for q in by_words if q.startswith("Thank you, Karla"))
    direct = next(q for q in by_words if q.startswith("Let me be very direct"))
    assert "Lahti" in (by_words[thanks] or "") and "Lahti" in (by_words[direct] or "")
    assert TRILATERAL_TITLE not in by_words
    assert any(q.startswith("We, the foreign ministers") for q in by_words)
