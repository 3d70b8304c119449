"""Kind idioms of diplomatic speech and writing (issue 15), found on a set of statements
written for the purpose in three registers (briefings, written releases and readouts, news
reports): each an invented sentence that takes the kind, then the look-alikes from the
corpus's briefings and meetings that must not."""

from __future__ import annotations

import pytest

from bot.ingest.extract.kinds import kind_of


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # demand: appeals in the progressive and the third person, the onus, imperatives
        ("I'm asking the health ministry to publish the figures by Friday.", "demand"),
        ("We are calling on both militias to reopen the airport road.", "demand"),
        ("The Ministry requests that the embassy explain the overflight.", "demand"),
        ("We expect the transitional authorities to set a date for the vote.", "demand"),
        ("The onus is on the junta to free the detained reporters.", "demand"),
        ("It is incumbent upon the occupying forces to protect the hospital.", "demand"),
        ("Let the inspectors into the plant.", "demand"),
        ("We want to see the confiscated ships returned this month.", "demand"),
        # offer: what the speaker's side can or would give, a door open, a proposal tabled
        ("We can supply the transformers the region lacks at cost price.", "offer"),
        ("We would host the next round in our capital.", "offer"),
        ("Our door to dialogue remains open.", "offer"),
        ("Our airfields are at the disposal of the relief agencies.", "offer"),
        ("We have put a proposal on the table for a joint patrol.", "offer"),
        ("We'd be happy to share the radar data with the investigators.", "offer"),
        # rejection: third-person refusals, turning down, no question, void, "no"
        ("The Ministry rejects the accusation that aid was diverted.", "rejection"),
        ("We won't pay a single cent of those fines.", "rejection"),
        ("We turned down the loan because of the strings attached.", "rejection"),
        ("The referendum is null and void.", "rejection"),
        ("Absolutely not.", "rejection"),
        ("A foreign base on our soil is not on the agenda.", "rejection"),
        ("Our answer to the ultimatum is no.", "rejection"),
        # condition: an act put after another party's, the reverse imperative
        ("We will restore the power lines as soon as the shelling stops.", "condition"),
        ("Until such time as the crew is released, consultations stay suspended.", "condition"),
        ("We can consider a truce, but not while they keep advancing.", "condition"),
        ("Any return to the talks presupposes that the border is respected.", "condition"),
        ("Reconnect our banks and we will extend the corridor tomorrow.", "condition"),
        (
            "The extradition decision will depend on assurances about the death penalty.",
            "condition",
        ),
        ("Should the council lift the embargo, we would reopen the consulate.", "condition"),
        # warning: what an act will be met with or treated as, a threat before its "if"
        ("Any incursion will be treated as an act of aggression.", "warning"),
        ("A strike on the dam would be met with a military answer.", "warning"),
        ("They would be making a grave mistake if they tested us.", "warning"),
        ("We will cut off all cooperation if the monitors are expelled.", "warning"),
        ("Withdrawing the peacekeepers would plunge the valley back into war.", "warning"),
        ("If the regime crosses that line, all options are on the table.", "warning"),
    ],
)
def test_the_idiom_takes_its_kind(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    ("text", "not_kind"),
    [
        ("Let me go to the back of the room.", "demand"),
        ("Let's do one more question, and then we'll wrap up.", "condition"),
        ("Let me check, and we will get the answer back to you.", "condition"),
        ("I don't have any predictions or calls for that at this point.", "demand"),
        ("No, we are not calling for regime change.", "demand"),
        ("If and when we have something to announce, we'll let you know.", "condition"),
        ("The team has prepared in the event that the talks fail.", "condition"),
        ("It is only on the basis of cooperation that progress has been made.", "condition"),
        ("The car industry is traditionally tied to many other industries.", "condition"),
        ("The pipeline is not on track to be approved until at least next summer.", "condition"),
        (
            "There is a tendency to hope that nothing worse won't happen and to wait until it's"
            " too late.",
            "condition",
        ),
        ("I had no intention of running again at the time.", "rejection"),
        ("Let me warn you, this is going to be a long answer.", "warning"),
        ("We will respond to your question if time allows.", "warning"),
    ],
)
def test_the_look_alike_does_not(text: str, not_kind: str) -> None:
    assert kind_of(text) != not_kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("We will no longer accept lectures from abroad.", "rejection"),
        ("We are categorically opposed to the new export rules.", "rejection"),
        ("We reject as legally baseless the claim to our shelf.", "rejection"),
        ("The decision to leave the bloc is not open for discussion.", "rejection"),
        ("Those who fund the gangs will have to answer for it.", "warning"),
        ("To the smugglers: we will come after you.", "warning"),
        ("Sending troops north would risk reigniting a wider war.", "warning"),
        ("Should the drilling go on, we will seek restrictive measures.", "warning"),
    ],
)
def test_more_idioms_take_their_kind(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Some members of Congress were strongly opposed to the relief.",
        "Canada has strongly opposed the annexation for years.",
    ],
)
def test_someone_elses_opposition_is_no_rejection(text: str) -> None:
    assert kind_of(text) != "rejection"
