"""Kind shapes of diplomatic writing read off the held-out documents5's misses (issue 15):
a party expected to act is called on ("expects the authorities to release …") while an
expected event is a forecast ("we expect inflation to fall"); the speaker's side meeting
costs, making supplies available, opening its records or renewing an invitation offers;
reserving a right to act after an inserted phrase, taking a matter to a court, advising
anyone considering a step, refusing to stand idly by and "not defenceless" warn, as does
an outcome costing a party named in an "if" clause ("If Vestmark keeps fishing …, our ports
will be closed to its boats"); consent withheld and measures called unjustified are
rejections. Each invented sentence with the look-alike that must keep its kind."""

from __future__ import annotations

import pytest

from bot.ingest.extract.kinds import kind_of


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # demand: a party expected to do something
        ("The Government expects the provincial authorities to free the detainees.", "demand"),
        ("We expect every coastal state to require its trawlers to report catches.", "demand"),
        ("We expect Moscow to honour its commitments.", "demand"),
        # offer: the speaker's side meets a cost, makes something available, opens up
        ("Our two governments will meet the full cost of rebuilding the bridge.", "offer"),
        ("We will make 200,000 tonnes of seed available to farmers in the north.", "offer"),
        ("We will open our archives to the joint commission of historians.", "offer"),
        ("The Government renews its standing invitation to the rapporteur.", "offer"),
        # warning: a right reserved, a court threatened, a caution to anyone
        (
            "We reserve our right, under the treaty of 1961, to take all measures needed "
            "to protect the river.",
            "warning",
        ),
        (
            "Should the dam be filled early, we will take the matter to the international court.",
            "warning",
        ),
        ("I would advise anyone thinking of crossing the line to think again.", "warning"),
        ("We will not stand idly by while our fishermen are detained.", "warning"),
        ("We are a small nation, but we are not defenceless.", "warning"),
        ("It would be unwise for anyone to test our patience.", "warning"),
        # warning: what another party's act will cost it, after an "if" clause naming it
        (
            "If Vestmark keeps fishing at these levels, our ports will be closed to its boats.",
            "warning",
        ),
        ("If this Assembly rejects the budget, the programme will be suspended.", "warning"),
        ("If the Council stays silent, it will be read as permission.", "warning"),
        ("Should the junta postpone the vote again, its membership would be revoked.", "warning"),
        # rejection: consent withheld, measures dismissed, a dismissal in quotation marks
        ("Our government will not give its consent to the pipeline.", "rejection"),
        ("These tariffs are unjustified.", "rejection"),
        ('The charges were "baseless and politically motivated".', "rejection"),
        (
            "Any trawler caught inside the zone without a permit will lose its licence.",
            "warning",
        ),
    ],
)
def test_the_shape_gives_the_kind(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        # an expected event, or the meeting's expected topics: a forecast, no call
        "We expect inflation to fall next year.",
        "We expect there to be breakthrough cases across the country.",
        "I expect it to be a wide-ranging conversation tomorrow.",
        "We certainly expect trade to be a topic of discussion.",
        "We expected the enemy to attack from the north.",
        # a report made available, a case taken on by a court: no offer, no threat
        "We will make the full report available to the press on Monday.",
        "The court will take the case to its next hearing.",
        # a circumstance in the "if" clause, or an outcome the speaker's side offers
        "If prices keep rising, inflation will be harder to bring down.",
        "If the weather holds, the harvest will be closed by October.",
        "If Vestmark lowers its quota, we will lift the port restrictions.",
        "If they come back to the table, we will listen.",
        # consent given is no refusal
        "We would give our consent to the pipeline.",
        # the longer something lasts, the greater a danger: an assessment, no warning
        "The longer the war lasts, the greater the risks for the whole world.",
    ],
)
def test_the_look_alike_states_no_such_position(text: str) -> None:
    assert kind_of(text) not in {"demand", "offer", "warning", "rejection"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("offered to host technical talks on the border before May", "offer"),
        ("also warned that the port would stay closed", "warning"),
        ("urged the minister to reverse the tariff increase", "demand"),
        ("rejected the proposal to share the river's water", "rejection"),
    ],
)
def test_a_readout_sentence_carrying_its_verb_takes_the_verb_s_kind(text: str, kind: str) -> None:
    # A readout's "The Secretary offered to host …" is stored after its subject.
    assert kind_of(text, reported=True) == kind


@pytest.mark.parametrize(
    "text",
    [
        "refused to comment on the report",  # no position, a reporter turned away
        "offered his condolences to the families",  # courtesy, not an offer
        "Rejected claims are common in such disputes.",  # a sentence of its own
    ],
)
def test_an_opening_verb_that_reports_no_position_gives_none_of_its_kind(text: str) -> None:
    assert kind_of(text, reported=True) not in {"offer", "rejection"}
