"""The speaker's side by name (issue 15): diplomats write their own country in the third
person, and its refusal, offer or obligation is the speaker's as "we" would be. The side
comes from the speaker's role, or else from the sides the document gives its speakers."""

from __future__ import annotations

import pytest

from bot.ingest.extract import ExtractedStatement
from bot.ingest.extract.kinds import kind_of
from bot.ingest.extract.own_side import side_names, with_sides
from bot.ingest.inputs import jsonl_document
from bot.ingest.linking import SpeakerLinker
from bot.ingest.pipeline import prepare_document
from bot.text.gazetteer import load_gazetteer, side_names_of

PARAGUAY = side_names("Paraguayan Deputy Foreign Minister")


def test_the_side_is_the_country_the_role_holds_not_the_one_it_is_about() -> None:
    assert {"paraguay", "paraguayan"} <= PARAGUAY
    assert side_names("Ambassador to Paraguay") == frozenset()
    assert side_names("Special Envoy for Paraguay", "foreign minister") == frozenset()
    assert "paraguay" in side_names("Minister of Foreign Affairs of Paraguay")
    assert side_names("Director General", None) == frozenset()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Paraguay will never accept a border drawn by force.", "rejection"),
        ("The Paraguayan government will not sign the protocol.", "rejection"),
        ("Asunción is prepared to host the next round.", "offer"),
        ("Paraguay urges both armies to pull back from the river.", "demand"),
        ("Paraguay should receive the guarantees it was promised.", "demand"),
    ],
)
def test_the_speakers_country_as_subject_is_the_speakers_side(text: str, kind: str) -> None:
    assert kind_of(text, side=PARAGUAY) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Paraguay will never accept a border drawn by force.",
        "Paraguay urges both armies to pull back from the river.",
    ],
)
def test_another_country_as_subject_is_someone_elses_position(text: str) -> None:
    assert kind_of(text, side=side_names("Uruguayan foreign minister")) not in (
        "rejection",
        "demand",
    )


def test_with_no_side_known_a_country_refusing_or_appealing_is_taken_for_the_speakers() -> None:
    # As a party named ready is an offer (eighth session: held-out documents whose speakers'
    # side is never said, rejection recall 0.37 -> 0.63 on the unread set, precision 0.91 ->
    # 0.89). An appeal in the third person likewise (tenth session: demand recall on
    # documents2 .81 -> .85 and documents4 .68 -> .71, precision unchanged), where it was
    # no one's call before.
    assert kind_of("Paraguay will never accept a border drawn by force.") == "rejection"
    assert kind_of("Paraguay urges both armies to pull back from the river.") == "demand"


@pytest.mark.parametrize(
    ("text", "not_kind"),
    [
        # the country's own obligation is no call on anyone
        ("Paraguay must modernise its ports before the decade ends.", "demand"),
        # an embedded question about the country is no commitment of it
        ("Investors wonder whether Paraguay will provide the promised credits.", "offer"),
    ],
)
def test_look_alikes_of_the_side(text: str, not_kind: str) -> None:
    assert kind_of(text, side=PARAGUAY) != not_kind


def test_a_body_of_the_side_given_instructions_is_called_on() -> None:
    text = "All ministries of Paraguay must report their spending by May."
    assert kind_of(text, side=PARAGUAY) == "demand"


def _kinds(linker: SpeakerLinker, country: str) -> list[str | None]:
    record = {
        "id": "release-1",
        "title": "Statement by the Director General",
        "outlet": f"Ministry of Foreign Affairs of {country}",
        "principal": {"name": "Elena Vargas", "role": "Director General", "country": country},
        "text": (
            "Paraguay will never accept a border drawn by force.\n\n"
            "Paraguay urges its neighbour to withdraw its troops from the crossing."
        ),
    }
    prepared = prepare_document(jsonl_document(record, "release-1"), linker)
    return [found.kind for found in prepared.extraction.statements]


def test_the_side_the_document_gives_a_speaker_whose_role_names_none(seeded_linker) -> None:
    # "Director General" names no country; the release's principal is Paraguay's.
    assert _kinds(seeded_linker, "Paraguay") == ["rejection", "demand"]


def test_a_document_giving_the_speaker_another_side_changes_nothing(seeded_linker) -> None:
    rejection, demand = _kinds(seeded_linker, "Uruguay")
    assert rejection != "rejection" and demand != "demand"


def _statement(quote: str, side: frozenset[str] = frozenset()) -> ExtractedStatement:
    return ExtractedStatement(
        speaker="Elena Vargas",
        role=None,
        quote=quote,
        start=0,
        end=len(quote),
        direct=True,
        kind=None,
        cue=None,
        confidence=1.0,
        side=side,
    )


def test_a_statement_is_read_again_only_when_the_document_gives_a_new_side() -> None:
    paraguay = next(e for e in load_gazetteer().entities if e.name == "Paraguay")
    new, known, unnamed = with_sides(
        [
            _statement("Paraguay will never accept it."),
            # the role gave this side already: its kind was read with it, not read twice
            _statement("Paraguay will never accept it.", side=side_names_of(paraguay)),
            # no country or organisation named: the side cannot change its kind
            _statement("We will never accept it, Mr Chairman."),
        ],
        {"Elena Vargas": 1},
        {1: paraguay},
    )
    assert new.kind == "rejection" and new.side == side_names_of(paraguay)
    assert known.kind is None
    assert unnamed.side == frozenset()
