"""Kind shapes read off held-out documents' misses (issue 15): readiness under a proviso
("…, provided our officers have …", "… once that is settled") is a condition, a claim
called untrue or a pretext is dismissed, "our retaliatory strikes will …" threatens while a
retaliatory strike described does not, a counted population's needs call on no one, and a
request reported with "requested" is a demand. Each invented sentence with the look-alike
that must keep its kind."""

from __future__ import annotations

import pytest

from bot.ingest.extract.kinds import kind_of


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # condition: the speaker's readiness under a proviso introduced without "that"
        ("We are ready to extend the mission, provided our troops are paid on time.", "condition"),
        ("We will sign the accord, provided both parliaments ratify it.", "condition"),
        ("We are ready to hand over the archive once the dispute is settled.", "condition"),
        ("The embassy will reopen once the compensation is paid.", "condition"),
        # rejection: a claim dismissed as untrue, false or a pretext
        ("That is simply untrue.", "rejection"),
        ("The allegation is false.", "rejection"),
        ("That is a pretext.", "rejection"),
        ("Those claims are plainly wrong.", "rejection"),
        # warning: the speaker's own retaliation threatened
        ("Our retaliatory strikes will be swift.", "warning"),
        ("We reserve the right to take retaliatory measures.", "warning"),
    ],
)
def test_the_shape_gives_the_kind(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        # "provided" as a verb, or with what it was provided by
        "The aid, provided by the Red Cross, reached the valley on Monday.",
        "The shelters were provided to families from the border villages.",
        # a retaliatory strike described, not threatened
        "Each attack, and each retaliatory strike, hardens positions on both sides.",
        # "untrue" and "false" inside a description, not dismissing a claim
        "It is not true that the talks failed; they were postponed.",
    ],
)
def test_the_look_alike_takes_no_such_kind(text: str) -> None:
    assert kind_of(text) not in ("condition", "rejection", "warning")


def test_a_counted_population_needing_something_is_no_demand() -> None:
    assert kind_of("More than 4 million Utopians need food assistance this winter.") != "demand"
    assert kind_of("Thousands of families need shelter.") != "demand"
    # a party named needing something still asks it of others
    assert kind_of("Ukraine needs more air defence systems.") == "demand"
    assert kind_of("We need 200 tanks.") == "demand"


def test_a_request_reported_with_requested_is_a_demand() -> None:
    assert kind_of("the committee speed up the signing", "request", reported=True) == "demand"


@pytest.mark.parametrize(
    ("text", "side", "kind"),
    [
        # a party named refusing, the speaker's side unknown: taken for the speaker's own, as a
        # party named ready is taken for an offer
        ("Tashkar would not accept the proposed doubling of transit fees.", (), "rejection"),
        ("The Republic does not negotiate the release of convicted killers.", (), "rejection"),
        # the speaker's side known, and the party another: a refusal reported, no position
        ("Russia will not accept a ceasefire.", ("united states", "us"), None),
    ],
)
def test_a_party_named_refusing(text: str, side: tuple[str, ...], kind: str | None) -> None:
    got = kind_of(text, side=frozenset(side))
    assert (got == "rejection") == (kind == "rejection")


@pytest.mark.parametrize(
    "text",
    [
        "They refuse to notice the obvious things.",  # a pronoun, no party named
        "But I see how our people refuse to play by the rules of the invaders.",
        # a refusal wanted of another, not made
        "The best decision would be for Kiev itself to refuse to join the bloc.",
    ],
)
def test_a_refusal_described_or_wanted_is_none_of_the_speakers(text: str) -> None:
    assert kind_of(text) != "rejection"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the speaker's side withheld, dismissing, no matter for talks
        ("We will not sit at a table while our fishermen are being run down.", "rejection"),
        ("We will not put our name to any finance goal without grants.", "rejection"),
        ("The border is ours. That is not a matter for negotiation.", "rejection"),
        ("That claim has no basis.", "rejection"),
        ("That door is closed.", "rejection"),
        # a hostile act of the speaker's side made conditional: a warning, not a condition
        (
            "If it does not, I will not renew the truce decree, and our forces will resume "
            "operations.",
            "warning",
        ),
        (
            "If the crossings stay shut, the Government will consider reciprocal measures.",
            "warning",
        ),
        ("I should also warn those who smuggle ore across our border.", "warning"),
        ("Any further attempt to board our ships would be answered with naval escorts.", "warning"),
        ("Unilateral acts have consequences.", "warning"),
        # conditions in the shapes officials use beyond "only if"
        ("Relocation only works if other member states actually take people.", "condition"),
        (
            "The council would only consider restoring the seat at the leaders' summits once "
            "there was tangible progress.",
            "condition",
        ),
        ("The second tranche would be released once the commission had begun work.", "condition"),
        ("We will accept them, gladly, the day they come without conditions.", "condition"),
        ("The moment the guns are quiet, we can move.", "condition"),
        (
            "If the junta publishes a calendar, the bloc can look at lifting the measures.",
            "condition",
        ),
    ],
)
def test_more_shapes_give_the_kind(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "We will meet once again next week.",
        "The day after the vote, we will meet the observers.",
        "Society and the state only succeed when they unite.",
        "We will never forget the victims.",
    ],
)
def test_times_and_truths_are_no_condition_or_refusal(text: str) -> None:
    assert kind_of(text) not in ("condition", "rejection")


@pytest.mark.parametrize(
    "text",
    [
        # a consequence promised to whoever acts
        "Anyone who helps them evade the sanctions will be sanctioned themselves.",
        "Any vessel that violates the quarantine will be seized.",
        "Failure to reach an agreement by the deadline will result in the return of all tariffs.",
        # what an act would be treated as, or expose someone to
        "Any interference with the cables will be treated as an attack on our infrastructure.",
        "Entering the exclusion zone will expose ships to interception.",
        "Deploying the missiles to the enclave would constitute a grave escalation.",
        "Caldoria reserves the right to respond at a time of its choosing.",
        # the speaker cautioning or warning, in person or as an office in its own release
        "I'd caution the junta against any move on the capital.",
        "Let me warn the smugglers: our coast guard will find you.",
        "The Government warns that aircraft violating the order will be forced to land.",
        # a threat put before its "if"
        "Utopia will reconsider its participation in the accord if the others break it.",
    ],
)
def test_warning_shapes(text: str) -> None:
    assert kind_of(text) == "warning"


@pytest.mark.parametrize(
    "text",
    [
        "Experts warned that the dam could fail.",  # others' warning, described
        "They warned that prices would rise.",
        "Those who fled the fighting will find shelter in the camps.",
        "Anyone who needs a visa will be treated at the consulate first.",
    ],
)
def test_warning_look_alikes(text: str) -> None:
    assert kind_of(text) != "warning"
