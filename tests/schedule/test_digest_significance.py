"""The factors that make a statement news, each on its own (bot/schedule/significance.py)."""

from __future__ import annotations

import pytest

from bot.schedule.candidates import readable
from bot.schedule.significance import (
    WEIGHTS,
    kind_weight,
    novelty,
    significance,
    spread,
)
from bot.text.offices import Office, office_level


@pytest.mark.parametrize(
    "role",
    [
        "President",
        "Ukraine’s president",
        "Russia’s foreign minister",
        "US secretary of state",
        "Kremlin spokesperson",
        "White House press secretary",
        "Ambassador to the UN",
        "Nato’s secretary general",
        "EU’s foreign policy chief",
        "Defence Secretary",
    ],
)
def test_heads_ministers_spokespeople_ambassadors_and_heads_of_organisations_lead(
    role: str,
) -> None:
    assert office_level(role) == Office.TOP


@pytest.mark.parametrize(
    "role",
    [
        "Russian deputy foreign minister",
        "vice president",
        "governor of the Luhansk region",
        "Senate minority leader",
        "member of Russia’s Federation Council",
        # A role naming two offices counts by the better one.
        "Conservative MP and former senior communications officer at the Ministry of Defence",
    ],
)
def test_other_officials_come_next(role: str) -> None:
    assert office_level(role) == Office.OFFICIAL


@pytest.mark.parametrize(
    "role", ["former Chancellor", "military analyst", "former French diplomat", "resident", None]
)
def test_witnesses_analysts_former_office_holders_and_unknown_roles_come_last(
    role: str | None,
) -> None:
    assert office_level(role) == Office.OTHER


def test_a_government_speaking_as_a_body_is_an_official_voice() -> None:
    assert office_level(None, "government", has_entity=True) == Office.OFFICIAL


def test_the_signatories_of_a_joint_statement_are_an_official_voice() -> None:
    # Their role is the document's noun, which names no office.
    assert office_level("joint statement", "group", has_entity=False) == Office.OFFICIAL
    assert office_level("joint statement") == Office.OTHER
    assert office_level(None, "organisation", has_entity=False) == Office.OTHER


def test_conditions_demands_offers_rejections_warnings_rank_above_assessments() -> None:
    strong = {kind_weight(k) for k in ("condition", "demand", "offer", "rejection", "warning")}
    assert len(strong) == 1
    assert strong.pop() > kind_weight("assessment") > kind_weight(None) == 0


def test_words_carried_by_more_documents_and_outlets_rank_higher_up_to_a_cap() -> None:
    assert spread(1, 1) == 0
    assert spread(1, 1) < spread(2, 1) < spread(2, 2) < spread(4, 4)
    assert spread(1000, 1000) == WEIGHTS.spread_cap


def test_a_repetition_is_not_new_and_a_changed_position_is() -> None:
    earlier = [frozenset({"talk", "istanbul", "neutral", "condit"})]
    assert novelty(frozenset({"talk", "istanbul", "neutral"}), earlier) == 0
    assert novelty(frozenset({"withdraw", "troop", "crimea"}), earlier) == 1
    assert 0 < novelty(frozenset({"talk", "withdraw", "troop", "crimea"}), earlier) < 1
    assert novelty(frozenset({"talk"}), []) == 1


def test_office_outweighs_what_and_how_widely_for_a_lesser_speaker() -> None:
    head_of_state_assessment = significance(Office.TOP, "assessment", 1, 1, 0)
    commentator_warning = significance(Office.OTHER, "warning", 2, 2, 1)
    assert head_of_state_assessment > commentator_warning
    assert significance(Office.TOP, "condition", 1, 1, 1) > head_of_state_assessment


@pytest.mark.parametrize(
    ("words", "direct", "in_sentence", "ok"),
    [
        ("Washington", True, False, False),
        ("he would back all EU sanctions against Russia, while", False, False, False),
        (
            "of disastrous consequences for Russia should Putin use chemical weapons",
            False,
            False,
            False,
        ),
        ("citizens against travelling to the conflict zone", True, False, False),
        ("was wrong, and at the end of the session a backbencher spoke", False, False, False),
        ("citizens against travelling to the conflict zone", True, True, True),
        ("the measures will take time to take hold", False, False, True),
        ("The world will hold Russia accountable.", True, False, True),
    ],
)
def test_words_that_cannot_be_read_alone_are_told_apart(
    words: str, direct: bool, in_sentence: bool, ok: bool
) -> None:
    assert readable(words, direct, in_sentence) is ok
