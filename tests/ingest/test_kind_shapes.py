"""Kind tags: the narrower shapes read off the whole development corpus (issue 15). Each
shape gets a written sentence that fires and the look-alikes, met in briefings, speeches and
releases, that must not: the words of a position in a sentence that takes none."""

from __future__ import annotations

import pytest

from bot.ingest.extract.kind_lexicon import kind_lexicon
from bot.ingest.extract.kinds import Subject, kind_of, subject_of
from bot.text.positions import POSITION_KINDS


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # warning: a consequence tied to an action, however it is worded
        ("They will pay a heavy price for this.", "warning"),
        ("This will bring heavy costs for the regime.", "warning"),
        ("They will face the full force of our alliance.", "warning"),
        ("The deployment of such systems is a red line for us.", "warning"),
        ("The consequences will be very severe for them.", "warning"),
        ("If they strike again, we will respond.", "warning"),
        ("We are ready to respond decisively should they move.", "warning"),
        ("We stand prepared to impose severe costs on them.", "warning"),
        # demand: a call on another party, in the shapes the narrower rules keep
        ("What they should do is withdraw their troops.", "demand"),
        ("All you need to do is stop the shelling.", "demand"),
        ("Russia needs to understand that the alliance is united.", "demand"),
        ("All of you must vote next week.", "demand"),
        ("I ask you to close the sky over the city.", "demand"),
        ("We support the plan and call on the council to adopt it.", "demand"),
        # offer
        ("We will back the new government.", "offer"),
        ("We continue to seek diplomacy and are prepared to meet them.", "offer"),
        ("We will be with them as long as they need us.", "offer"),
        ("We would be prepared to work with both of them.", "offer"),
        ("We will be ready to continue these discussions.", "offer"),
        ("We are prepared to meet without preconditions.", "offer"),
        # rejection
        ("We will not give up our land.", "rejection"),
        ("These sanctions have nothing to do with the nuclear deal.", "rejection"),
        # condition
        ("Grain can leave the ports, providing the mines are cleared.", "condition"),
    ],
)
def test_the_shape_gives_its_kind(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        # consequences already suffered, not threatened
        "We must address the devastating consequences of the war.",
        # answering, paying and prices of the household kind
        "Yeah, I'll respond to that.",
        "We hope the negotiators will respond positively to them.",
        "No one making less than that will pay a single penny more in taxes.",
        "They can sell it at the price the government says they'll pay for it.",
        "That's going to help bring down the price of gas.",
        "He is putting the full force of the government behind clean energy.",
        # red lines talked about, not drawn
        "People talk about new red lines for these weapons.",
        "You have mentioned red lines several times.",
        # an aside opening a sentence
        "If I could just add: Europe continues to respond to their actions.",
    ],
)
def test_warning_look_alikes(text: str) -> None:
    assert kind_of(text) != "warning"


@pytest.mark.parametrize(
    "text",
    [
        # someone else's view, heard
        "But now we hear again that Russia should be given what it wants.",
        # needs that will not arise, and needs named in a relative clause
        "Borrowers won't need to upload any documents.",
        "It is the total amount of money you have to spend on food.",
        "We are giving them the tools they need to defend themselves.",
        "We will make sure they have what they need to win.",
        # a question asked, not a request
        "Before I ask you my question, let me remind everyone of last year.",
        # the speaker's attention, not a call
        "I just want you to know that.",
        "Please understand that I do not intend to forget it.",
        "Please convey my greetings to your wife.",
        "You also have to look at the income side of the equation.",
        "What people should understand is that the schools are open.",
        "Anyone can see this; you only need to talk with the people who left.",
        # an embedded question: what someone has to do, told, not asked of them
        "They discussed what conditions Ukraine has to fulfil.",
        "I explained what people should prepare for.",
        # the inverted "if": a condition put first
        "We have options ready should Russia invade.",
        "We are preparing contingencies should there be a disruption.",
        # the necessity in a circumstance
        "He will not rest when Americans have to worry about the subway.",
        # "demand" the noun
        "We have to think about supply and demand as we manage the transition.",
    ],
)
def test_demand_look_alikes(text: str) -> None:
    assert kind_of(text) != "demand"


@pytest.mark.parametrize(
    "text",
    [
        # the briefing's own business
        "I'll come back to you.",
        "We'll go back to the room for the last question.",
        "I'll give you an update on that tomorrow.",
        "We'll provide further details at the appropriate time.",
        "That was their decision, so I'll send you to them.",
        "We absolutely stand by the President's comment.",
        "I think we're ready to take some questions.",
        "I'm not prepared to comment on that.",
        # a long clause that holds "my" far from its verb
        "I am sure that my long record of working with orphans in the region for many "
        "years will help me.",
    ],
)
def test_offer_look_alikes(text: str) -> None:
    assert kind_of(text) != "offer"


@pytest.mark.parametrize(
    "text",
    [
        "We will not let you down.",  # a promise
        "We never took it off the table.",  # the opposite of ruling out
        "Nothing is off the table.",
        "Certainly not going to take anything off the table.",
        "I'm not saying that talks are not going to happen.",
        "But we hear that their proposal is allegedly unfounded.",  # their dismissal
        "We do not give up.",  # persistence
        "We will not give up trying to save the city.",
        "We need aid for civilians who have nothing to do with the militants.",
    ],
)
def test_rejection_look_alikes(text: str) -> None:
    assert kind_of(text) != "rejection"


@pytest.mark.parametrize(
    "text",
    [
        "We remain prepared to meet them without preconditions.",
        "No food, 24 hours a day without water.",
        "But if we talk about the economy, we must understand who pays.",
        "The town not only provided space for the contest but organised it.",
        "It's the Danes actually providing the aircraft.",
        "We are proud of providing the residents with clean water.",
    ],
)
def test_condition_look_alikes(text: str) -> None:
    assert kind_of(text) != "condition"


@pytest.mark.parametrize(
    ("sentence", "verb", "subject"),
    [
        ("the tools they need to defend", "need", Subject.RELATIVE),
        ("the money you have to spend", "have", Subject.RELATIVE),
        ("all of you must vote", "must", Subject.ADDRESSEE),
        ("what Ukraine has to fulfil", "has", Subject.RELATIVE),
        ("we would be prepared to work", "prepared", Subject.SELF),
        ("we continue to seek talks and are ready to meet", "ready", Subject.SELF),
        ("the talks stalled and are ready to resume", "ready", Subject.NONE),
        # a relative clause set off between the subject and its verb is skipped
        ("Russia, which started this war, must withdraw", "must", Subject.OTHER),
        ("we, who have always been ready, are prepared to talk", "prepared", Subject.SELF),
        ("the allies — whose presence ended badly — will have to pay", "have", Subject.OTHER),
        # not an inserted clause: a list's commas
        ("the ports, the roads, must reopen", "must", Subject.NONE),
    ],
)
def test_the_subject_of_a_clause(sentence: str, verb: str, subject: Subject) -> None:
    assert subject_of(kind_lexicon(), sentence, sentence.index(verb)) is subject


def test_none_of_the_look_alikes_takes_another_position() -> None:
    # The narrower rules drop a wrong kind; they must not hand the sentence another one.
    for text in (
        "Yeah, I'll respond to that.",
        "I'll come back to you.",
        "We never took it off the table.",
        "I just want you to know that.",
        "No food, 24 hours a day without water.",
    ):
        assert kind_of(text) not in POSITION_KINDS


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a necessity that something come off the table calls on whoever holds it
        ("The President will say that a shutdown has to come off the table.", "demand"),
        # passive proposals by the speaker's side in talks or government
        ("The question of the border was offered to be settled as a separate item.", "offer"),
        ("The status of the port is proposed to be included in a separate annex.", "offer"),
        ("It is proposed that we extend the deadline for small firms by a year.", "offer"),
        # an outcome that depends on what others give the speaker's side
        ("If we receive the weapons our partners promised, our army will advance.", "condition"),
        ("I am sure that if we get more air defence, we will protect our cities.", "condition"),
        # a dismissal of claims by refuting them
        ("The results overturned all speculation about mass exclusions.", "rejection"),
        ("Let me debunk some myths about our energy policy.", "rejection"),
    ],
)
def test_issue_15_shapes(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        # "let up" is to slacken, not to allow
        "The winter will be hard, but we cannot let up.",
        "We will not let up in our support for them.",
        # an existential "there is" dismisses nothing
        "Since there is much speculation about the vote, let me say a word about it.",
        # a refusal in a relative clause describes the person named before it
        "Our talks with the colonel, who we don't recognize as the leader, were about the "
        "detained sailors.",
        "We will be firm about the issues where we don't always agree with them.",
        # "not consider X a Y": an opinion, no refusal to consider anything
        "I don't consider it a feat, but the news is really good.",
        # rejecting an ideology or hatred is a value statement (README: assessment)
        "Together we reject the cruel creed that the strong may take what they want.",
        "We reject hate and bigotry wherever they arise.",
        "I reject the use of violence to settle disputes.",
        # something kept on the table, not taken off it
        "So it is not off the table at this stage.",
        "It is not a tool we should be taking off the table.",
        "We are never going to take talks ever off the table.",
        "We don't believe that they have taken it off the table.",
        # "lies" the verb, with an adverb after it
        "The responsibility for this lies also with those who delayed.",
        # condemning a situation, not refusing a proposal
        "It is unacceptable that families pay twice as much for medicine.",
        "It is unacceptable to this office when patients are turned away.",
    ],
)
def test_issue_15_rejection_look_alikes(text: str) -> None:
    assert kind_of(text) != "rejection"


@pytest.mark.parametrize(
    "text",
    [
        "We reject the proposal to hold a referendum there.",
        "We will never recognize the annexation, which we reject.",
        "The deal is off the table.",
        "We don't recognize the results of this sham vote.",
        "It is unacceptable to politicise energy supply.",
        "We do not consider any alternative to membership.",
        "These lies about our army are nothing new.",
    ],
)
def test_issue_15_rejections_kept(text: str) -> None:
    assert kind_of(text) == "rejection"


def test_issue_15_look_alikes_take_no_other_refusal_shape() -> None:
    # Receiving things or getting to a point is no condition unless others give them.
    assert kind_of("If we get the chance, I'll check with the team.") != "condition"
    # A past proposal recounted is no offer of the speaker's.
    assert kind_of("It was proposed last year by the opposition.") != "offer"


@pytest.mark.parametrize(
    "text",
    [
        # "do without", "go without": to need something, no condition
        "Our neighbours admit that they cannot do without our gas.",
        "That is why we can't do without the river ports.",
        # "if anything," is an aside, no "if" clause
        "So, if anything, it just shows the work that needs to be done.",
    ],
)
def test_issue_15_condition_look_alikes(text: str) -> None:
    assert kind_of(text) != "condition"


@pytest.mark.parametrize(
    "text",
    [
        # ceremonial: offering congratulations or condolences is no offer
        "I offer my heartfelt congratulations to this year's winners.",
        "I offer you my warm greetings on the anniversary.",
        # readiness set in a time or a supposition offers nothing yet
        "When the Governor is ready to make that announcement, we will share it.",
        "We will see progress if Moscow is prepared to engage in good faith.",
    ],
)
def test_issue_15_offer_look_alikes(text: str) -> None:
    assert kind_of(text) != "offer"


def test_issue_15_concessive_readiness_is_still_an_offer() -> None:
    assert kind_of("Although we are open to talks, the fighting goes on.") == "offer"


@pytest.mark.parametrize(
    "text",
    [
        # a past counterfactual: criticism of what was done, no call that can be met
        "You should have seen it; the whole bridge was gone.",
        "The leader should have yielded to their objections and held talks.",
        "A division should have been stationed there long ago.",
    ],
)
def test_issue_15_demand_look_alikes(text: str) -> None:
    assert kind_of(text) != "demand"


# Shapes a held-out document may use that the development corpus had few of, each with the
# look-alike that must not take the position.
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("It is imperative that Moscow pulls back its forces.", "demand"),
        ("It is essential that they stop the shelling.", "demand"),
        ("Any settlement must include the full withdrawal of foreign troops.", "condition"),
        ("We will only sit down at the table once the troops are withdrawn.", "condition"),
        ("There can be no talks until the shelling stops.", "condition"),
        ("There is no question of negotiating under pressure.", "rejection"),
        ("These claims are categorically unacceptable.", "rejection"),
        ("Any attack on an ally will be met with a collective response.", "warning"),
    ],
)
def test_held_out_shapes(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "It is vital that we rebuild our schools.",  # the speaker's own to-do list
        "Developers have agreed that this content is unacceptable.",  # others' view
        "I will now give the floor to the minister.",  # chairing, no offer
        "There can be no doubt about the facts.",
    ],
)
def test_held_out_look_alikes(text: str) -> None:
    assert kind_of(text) not in POSITION_KINDS


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Russia, which started this war, must withdraw its troops.", "demand"),
        (
            "The United States and its allies, whose presence brought the country to ruin, "
            "should bear the cost of rebuilding it.",
            "demand",
        ),
        ("The sanctions, which we imposed in March, must be strengthened.", "demand"),
        # the speaker's own side behind the inserted clause stays the speaker's
        ("We, who have always kept our word, are ready to resume the talks.", "offer"),
        ("Our country, which has suffered so much, must rebuild its cities.", "assessment"),
    ],
)
def test_a_clause_inserted_before_the_verb(text: str, kind: str | None) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # "has got to" is "has to": a call when a party named or spoken to is its subject
        ("Belgrade has got to recognise the reality on the ground.", "demand"),
        ("You have got to stop this.", "demand"),
        ("We have got to help them.", None),
        # something made to end or stop is a call on whoever does it, not on the speaker
        ("Let me be clear: the blockade has to end.", "demand"),
        ("The shelling has got to stop.", "demand"),
        ("This has to stop, on both sides.", "demand"),
        ("We have to stop the aggressor.", None),
        ("The cargo has to wait at the border.", None),
        # "going to" is an auxiliary: the subject before it acts
        ("We're going to continue to provide the army with ammunition.", "offer"),
        ("We're going to urge both sides to settle the dispute in court.", "demand"),
        ("We're going to need to wrap it up.", "assessment"),
        # a rejection of the matter being discussed at all
        ("There can be no talk of territorial concessions.", "rejection"),
    ],
)
def test_auxiliaries_and_ends(text: str, kind: str | None) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a readout's noun of a position, the sentence stored after its subject
        ("reiterated the call for a full withdrawal of foreign troops.", "demand"),
        ("reaffirmed the United States' commitment to supporting Ukraine's defence.", "offer"),
        ("announced a new package of security assistance for Ukraine.", "offer"),
        # or after the speaker's side or a readout's office
        ("The leaders reiterated their commitment to continue providing aid to Ukraine.", "offer"),
        ("We renewed our call on all parties to respect the truce.", "demand"),
        # another side's call or package is reported, not made
        ("Russia renewed its call for talks.", None),
        ("Germany announced a new package of military aid.", None),
        # a commitment to nothing in particular offers nothing
        ("reaffirmed their commitment to further strengthening bilateral relations.", None),
    ],
)
def test_a_readouts_noun_of_a_position(text: str, kind: str | None) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a party named appealing in the third person, as its own release writes it
        ("Guyana demands that Venezuela withdraw its vessels from our waters.", "demand"),
        ("Ukraine calls on its Western partners to help close the sky.", "demand"),
        # not the nouns, nor a common noun opening the sentence
        ("We discussed Ukraine's request for air defence.", None),
        ("The talks turned to the Russian demands.", None),
        ("Analysts urged caution.", None),
        # a warning in the plural present, by a body named
        (
            "The Armed Forces of Tashkar warn all shipping companies that their ships will be "
            "targeted.",
            "warning",
        ),
        ("Experts warn that prices will rise.", None),
        # any attempt or attack met with force or a response
        (
            "Any attempt to destabilise the country ahead of the elections will receive a firm "
            "response.",
            "warning",
        ),
        ("Any attempt to divert the materials will be stopped, by force if necessary.", "warning"),
        ("Any attempt to reform the pension system will take years.", None),
        (
            "Anyone who drags the region into another war will carry a heavy responsibility.",
            "warning",
        ),
    ],
)
def test_a_party_named_appeals_or_warns_and_attempts_met_with_force(
    text: str, kind: str | None
) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # what the speaker's side will do, tied by a word of time to a party's act
        (
            "Ukraine would agree to a full ceasefire in the air and at sea as soon as Russia "
            "did the same.",
            "condition",
        ),
        (
            "Azerbaijan will sign on the day Armenia removes the claims from its constitution.",
            "condition",
        ),
        ("We will resume talks when they stop shelling our cities.", "condition"),
        # a time, or a possibility, ties nothing
        ("We will meet again when the summit opens in June.", None),
        ("Maybe we can talk after the briefing when you know more.", None),
        ("We will resume the deliveries as soon as we are ready.", None),
        # "only" with what the act must be part of, or based on
        ("Poland would send troops only as part of a mission with a clear mandate.", "condition"),
        (
            "The alliance would consider a trade accord only on the basis of reciprocity.",
            "condition",
        ),
        # refusing to undo, renew or answer
        ("We will not repeal the law.", "rejection"),
        ("The offer is an insult and we will not dignify it with a response.", "rejection"),
        ("We would not renew access arrangements with such fleets.", "rejection"),
    ],
)
def test_conditions_tied_to_another_act_and_refusals_to_undo(text: str, kind: str | None) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a claim dismissed, or denied by the speaker's side
        ("These reports are exaggerated.", "rejection"),
        ("That is simply not the case.", "rejection"),
        ("Nothing could be further from the truth.", "rejection"),
        ("We categorically deny these reports.", "rejection"),
        ("I don't buy it.", "rejection"),
        # a description, a hypothesis, a refusal to answer, another's denial
        ("This is not the case in Ukraine, where prices rose.", None),
        ("If that is not the case, we will act.", None),
        ("I can neither confirm nor deny the reports.", None),
        ("They deny that there was an attack.", None),
        ("We will deny entry to their ships.", None),
    ],
)
def test_claims_dismissed_or_denied(text: str, kind: str | None) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # readiness in the past, as reported speech writes it
        ("Halvenia stood ready to send civil protection teams.", "offer"),
        ("We nevertheless remained ready to meet the opposition leaders.", "offer"),
        # a body of the speaker's side demanding, a party named calling on another
        ("The Ministry demands the immediate release of the two vessels.", "demand"),
        ("Serenne calls on Tolmark to refrain from any countermeasures.", "demand"),
        ("Everyone urged calm.", None),
        # a claim without foundation
        ("the claim was entirely without foundation", "rejection"),
        # a costly act of the speaker's side after a party's act, the "should" after "clear"
        (
            "The Ministry wishes to make clear that should the vessels not be released by "
            "Friday, the Government will suspend the licences.",
            "warning",
        ),
        ("If our partners fail to pay, we will review our cooperation with them.", "warning"),
        ("If they show flexibility, we will review our position.", "condition"),
        ("should any harm come to the hostages, those responsible will be pursued.", "warning"),
        # tied to another's act: after readiness, on the same day, after "if"
        (
            "The office stands ready to deploy forty monitors as soon as both parties give "
            "guarantees.",
            "condition",
        ),
        (
            "We are prepared to withdraw our artillery on the same day that Pellucia withdraws "
            "its units.",
            "condition",
        ),
        ("The tariffs will be suspended if Tolmark suspends the rebate.", "condition"),
        (
            "We will sit down with their defence ministry only when the flights have stopped.",
            "condition",
        ),
    ],
)
def test_shapes_of_readouts_releases_and_reported_speech(text: str, kind: str | None) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # refusing in the future what another side asks: to free, move, pause, back or change
        ("We will not free the detainees in return for the sailors.", "rejection"),
        ("The Republic will not suspend the levies under pressure.", "rejection"),
        ("I won't change our position on the border.", "rejection"),
        ("We're not going to sign a deal written elsewhere.", "rejection"),
        ("What we won't do is reward them for breaking the accord.", "rejection"),
        ("That is something this government will not do.", "rejection"),
        ("This is not a text my government will sign.", "rejection"),
        ("there would be no renegotiation of the bonds", "rejection"),
        ("Forty days is not realistic, and we have said so.", "rejection"),
        ("the plan was not a serious basis for talks", "rejection"),
        # a refusal until a condition is met, the same exchange offered
        ("We will not lift the embargo until the troops are gone.", "condition"),
        ("We will free the detainees in return for the sailors.", "condition"),
    ],
)
def test_refusals_of_what_is_asked(text: str, kind: str | None) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        # inability, a deflection, a commitment kept, a wish for speed
        "There are things we can't change.",
        "I'm not going to put a number on it.",
        "We're not going to give up on our budget.",
        "She hoped the members would vote as soon as possible.",
    ],
)
def test_refusal_look_alikes_take_no_position(text: str) -> None:
    assert kind_of(text) not in POSITION_KINDS


@pytest.mark.parametrize(
    ("text", "reported", "kind"),
    [
        # reported speech, its tense shifted back and some of its words quoted
        ("Zelmar had “no intention” of recalling its fleet", True, "rejection"),
        ("I had no intention of running again at the time.", False, None),
        ("any strike on the port “would be answered”", True, "warning"),
        ("Zelmar “stood ready” to mediate", True, "offer"),
    ],
)
def test_reported_clauses_read_through_their_quotation_marks(
    text: str, reported: bool, kind: str | None
) -> None:
    assert kind_of(text, reported=reported) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # consequences: a mistake made, no option left, the blame laid, nobody to doubt
        ("If they cross the river, they will have made a fatal error.", "warning"),
        (
            "Should the vote pass, the Kingdom would have no option but to recall its envoy.",
            "warning",
        ),
        ("If they break the truce, the responsibility will be theirs alone.", "warning"),
        ("Nobody in the capital should doubt our resolve.", "warning"),
        ("Any measures taken against our diplomats would receive a firm response.", "warning"),
        ("If it goes on, we will raise it formally with the council.", "warning"),
        (
            "Should the envoy be expelled, the Kingdom will review the whole of its relations "
            "with them.",
            "warning",
        ),
    ],
)
def test_consequences_laid_on_another(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        # the same words describing, or offering
        "Nobody should have to live like this.",
        "If you have questions, we will take them to the minister.",
    ],
)
def test_consequence_look_alikes_warn_of_nothing(text: str) -> None:
    assert kind_of(text) != "warning"


@pytest.mark.parametrize(
    ("text", "reported", "kind"),
    [
        # what depends on a thing being done, or is tied to progress
        ("the loan depended on the dam being inspected first", True, "condition"),
        ("any new quota would be tied to measurable progress on returns", True, "condition"),
        ("his government would share the data if Velm withdrew its lawsuit", True, "condition"),
        # only on terms; a time word opening on another side's act
        ("We will only ratify a treaty that protects our fisheries.", False, "condition"),
        (
            "Once their ships have left the bay and inspectors confirm it, we will reopen "
            "the port.",
            False,
            "condition",
        ),
        (
            "We will resume the talks as soon as the new tariffs are suspended.",
            False,
            "condition",
        ),
        (
            "If the fund pays the tranche, we're in a position to double the teams.",
            False,
            "condition",
        ),
    ],
)
def test_conditions_on_what_is_done_first(text: str, reported: bool, kind: str) -> None:
    assert kind_of(text, reported=reported) == kind


@pytest.mark.parametrize(
    "text",
    [
        # procedure, a time, an aside
        "Once again, I would like to thank our hosts.",
        "Once the meeting is over, I will brief you.",
        "If there is more, we'll share it with you.",
        "I will start with the point you made when you arrived.",
    ],
)
def test_condition_look_alikes_set_no_terms(text: str) -> None:
    assert kind_of(text) not in POSITION_KINDS


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # calls: a cleft ask, an imperative after a colon, an instruction given, an expectation
        ("What we ask is that the lenders pause repayments.", "demand"),
        ("What I would like to see from them now is a clear apology.", "demand"),
        ("My message to the militia is simple: free the hostages now.", "demand"),
        ("I have asked the Ministry to publish the list by Friday.", "demand"),
        ("The Foreign Office expects the Government of Ardia to respect the accord.", "demand"),
        # commitments made in a readout
        ("The President undertook to respond to the proposal within a week.", "offer"),
        ("The Minister reiterated his invitation to President Vell to attend the forum.", "offer"),
    ],
)
def test_calls_and_commitments_in_other_shapes(text: str, kind: str) -> None:
    assert kind_of(text) == kind


def test_an_invitation_renewed_is_an_offer_stored_after_its_verb() -> None:
    quote = "his invitation to President Vell to attend the forum"
    assert kind_of(quote, "reiterate", reported=True) == "offer"


@pytest.mark.parametrize(
    "text",
    [
        # the speaker's own aim, a past request told
        "What we need is to rebuild.",
        "We asked them to hand over the files, but they refused.",
    ],
)
def test_call_look_alikes_call_on_no_one(text: str) -> None:
    assert kind_of(text) != "demand"


@pytest.mark.parametrize(
    ("text", "reported", "kind"),
    [
        # consequences: an answer promised, patience running out, what others must live with
        ("If our lorries are stopped at the border, we will answer in kind.", False, "warning"),
        ("If they shell the port again, they will get an answer.", False, "warning"),
        ("If Ardia wants a trade war, it will find that it has more to lose.", False, "warning"),
        ("The command should understand that our patience is not unlimited.", False, "warning"),
        ("Then they will have to live with what follows.", False, "warning"),
        ("Nobody should be surprised by that.", False, "warning"),
        (
            "Should the levy be imposed, Orlandia reserves the right to take all legal and "
            "commercial measures.",
            False,
            "warning",
        ),
        (
            "If they choose sanctions, they should not expect us to keep the inspection regime.",
            False,
            "warning",
        ),
        (
            "any lender attempting to seize our reserves would be excluded from the deal",
            True,
            "warning",
        ),
        ("Velm would bear full responsibility for any collision", True, "warning"),
        (
            "should the flights continue, Orlandia would have to consider restrictions",
            True,
            "warning",
        ),
        # an answer given, a debt of grief, relief considered
        ("If we missed your question, we'll do our best to answer it.", False, None),
        ("Russia will bear responsibility for this death.", False, None),
        (
            "If the inspectors get access, we'll be in a position to consider easing the "
            "restrictions.",
            False,
            "condition",
        ),
    ],
)
def test_consequences_in_other_words(text: str, reported: bool, kind: str | None) -> None:
    got = kind_of(text, reported=reported)
    assert got == kind if kind else got not in POSITION_KINDS


@pytest.mark.parametrize(
    ("text", "reported", "kind"),
    [
        # imperatives, a body's demand, a cleft need, a request a report tells
        ("Pull your tanks back to their barracks.", False, "demand"),
        ("The Council demands the immediate release of the minister.", False, "demand"),
        ("What we need is for them to stop the flights.", False, "demand"),
        ("The Minister asked the Government of Velm to reverse its decision.", False, "demand"),
        ("he asked the interior minister to open an inquiry", True, "demand"),
        # refusals: to authorise, nothing left to discuss, a claim unfair and untrue
        ("he would not authorise the convoy to enter", True, "rejection"),
        ("There is nothing to discuss about that.", False, "rejection"),
        ("That is unfair and untrue.", False, "rejection"),
        # not before, and a settlement only after another's act
        (
            "Velm would not resume payments before an agreement with all creditors had been signed",
            True,
            "condition",
        ),
        ("We will sign the accord when their troops have left and not before.", False, "condition"),
        # what others said, a time, a look back
        ("They were never covered before.", False, None),
        ("We could never return to the world we knew before the war.", False, None),
        ("There is nothing to discuss today, the talks are over.", False, None),
    ],
)
def test_calls_refusals_and_terms_in_other_words(
    text: str, reported: bool, kind: str | None
) -> None:
    got = kind_of(text, reported=reported)
    assert got == kind if kind else got not in POSITION_KINDS


@pytest.mark.parametrize(
    "text",
    [
        # an act as the subject, and the harm it would do
        "Tearing up the accord would set off an arms race along the coast.",
        "Blocking the corridor would push half a million people into famine.",
        "any move to close the strait would lead to a wider war",
        "Further delays in the payments would jeopardise the whole programme.",
        # a consequence promised to whoever acts, or to a party named
        "Fishing boats that enter the zone will be seized.",
        "The next trawler that enters the zone will be boarded.",
        "Cross the river, and you will find every road closed to you.",
        "One more shell on the city and we will close the corridor.",
        "Their decision will leave them isolated in the region.",
        "This mistake will cost them dearly.",
        "Any state that arms the militia will be treated as a party to the conflict.",
        "The blame would lie with those who cut the cables.",
        "No provocation against our ships will go unanswered.",
        "Sanctions will follow if the ballots are tampered with.",
        "They should expect a firm response.",
        "Further measures cannot be excluded should the arrests continue.",
        "The Minister cautioned that the truce could not survive another attack.",
        "Velmar is warned against any further incursion.",
        "They'd be making a serious mistake if they test us.",
    ],
)
def test_warnings_in_other_shapes(text: str) -> None:
    assert kind_of(text) == "warning"


@pytest.mark.parametrize(
    "text",
    [
        # the same words describing, promising, or telling the past
        "Building the bridge would create thousands of jobs.",
        "Decency is what we are most at risk of losing.",
        "The risk of sanctions is real for the banks.",
        "We will seek to redress the imbalance in funding.",
        "Obviously, there will be more, and you'll hear from the President soon.",
        "Our guys need your support, and they will hear it.",
        "Nothing would change the fact that the talks continue.",
        "We guarantee that returnees will not be arrested.",
        "We warned them before the war began.",
    ],
)
def test_warning_look_alikes_warn_of_nothing(text: str) -> None:
    assert kind_of(text) != "warning"
