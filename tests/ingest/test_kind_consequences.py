"""Kind shapes found on held-out documents written for the purpose (issue 15): each with
an invented sentence that takes the kind and the look-alikes that must not."""

from __future__ import annotations

import pytest

from bot.ingest.extract.kinds import kind_of


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # warning: accountability, justice or countermeasures as the consequence
        ("Whoever shelled the convoy will be held to account.", "warning"),
        ("The commanders responsible will face justice, wherever they hide.", "warning"),
        ("Any such step would put thousands of lives at serious risk.", "warning"),
        ("If they hold the drills, they will face firm countermeasures.", "warning"),
        ("If the junta goes ahead, we will seek tougher sanctions at the UN.", "warning"),
        (
            "Should the board vote for the referral, Cairo will reconsider its cooperation.",
            "warning",
        ),
        # condition: an act withheld until, or done once, another party acts
        ("We will not release the second tranche until the prisoners are freed.", "condition"),
        ("The restrictions will remain in place until the militia disarms.", "condition"),
        ("We would resume deliveries once the other side has withdrawn its troops.", "condition"),
        ("Export permits will be issued only where the buyer can be verified.", "condition"),
        ("Our preconditions for talks have not changed.", "condition"),
        # rejection
        ("The islands are not for sale.", "rejection"),
        ("Nobody will dictate to us which reactors we may build.", "rejection"),
        # demand: an appeal in the third person by the speaker's office, or from both sides
        ("The Secretary-General calls on the parties to open the crossings.", "demand"),
        ("Both sides must return the detained fishermen.", "demand"),
    ],
)
def test_the_shape_takes_its_kind(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    ("text", "not_kind"),
    [
        ("We will not rest until the last hostage is home.", "condition"),
        ("The ministry will not comment until the inquiry has reported.", "condition"),
        ("We would not start the deliveries until the end of March.", "condition"),
        ("We will announce the details once the cabinet has met.", "condition"),
        ("Those who care about the law invoke it only when it suits them.", "condition"),
        ("It is the only dispute where one side refuses to meet the other.", "condition"),
        ("We are ready to talk without political preconditions.", "condition"),
        ("We will not accept a change of our constitution as a precondition.", "condition"),
        ("If you made less than that, you did not pay a penny more.", "warning"),
        ("If the war goes on, it will show that the existing sanctions are too weak.", "warning"),
        ("The neighbours are worried whether Moscow will provide the gas.", "offer"),
    ],
)
def test_the_look_alike_does_not(text: str, not_kind: str) -> None:
    assert kind_of(text) != not_kind


def test_a_verb_joined_to_the_one_a_reported_quote_opens_with_is_the_speakers() -> None:
    text = "expressed concern about the drills, and called on Beijing to halt the intercepts"
    assert kind_of(text, reported=True) == "demand"
    # In the speaker's own words, the subject is whoever did the expressing.
    assert kind_of("They expressed concern, and called on Beijing to halt them") != "demand"
