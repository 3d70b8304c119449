"""Load the kind lexicon in ``data/kinds.json`` and compile it once.

The file holds the words; ``kinds.py`` holds the shapes that combine them (a necessity
and its subject, a conditional and its outcome), so the lexicon can grow without the rules
changing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from bot.resources import data_json

from .lexicon import inflect


@dataclass(frozen=True)
class KindLexicon:
    speaker_verbs: dict[str, str]  # reporting-verb lemma -> kind
    self_words: frozenset[str]
    self_possessives: frozenset[str]
    self_bodies: frozenset[str]  # "our government": the speaker's side, which may refuse
    others_of_ours: frozenset[str]  # "our partners": another party
    addressee_words: frozenset[str]
    thing_words: frozenset[str]
    pronoun_words: frozenset[str]
    readout_leads: frozenset[str]  # "the", "both": a readout's office subject opens so
    readout_modifiers: frozenset[str]  # "foreign", "prime": words inside such an office
    readout_heads: frozenset[str]  # "chancellor", "sides": the office itself
    inverted_subjects: frozenset[str]  # "should they fail": a subject after the modal
    determiners: frozenset[str]  # "the money you have to spend": a noun phrase before
    embedding_words: frozenset[str]  # "what Ukraine has to do": an embedded question
    relative_words: frozenset[str]
    clause_openers: frozenset[str]
    coordinators: frozenset[str]  # "and", "but": a verb after them may share the subject
    shared_subjects: frozenset[str]  # pronouns such a verb shares ("we …, and are ready")
    circumstance_openers: frozenset[str]
    circumstance_clauses: frozenset[str]  # "when they have to": a necessity set in a time
    concessive_openers: frozenset[str]  # "although we are open to it": still the speaker's
    verb_padding: frozenset[str]
    verb_padding_phrases: tuple[tuple[str, ...], ...]  # "going to": padding of two words
    readiness_padding: frozenset[str]
    not_a_position: re.Pattern[str]
    not_a_position_words: int  # longer sentences may state a position after a preamble
    necessity: re.Pattern[str]
    necessity_not_called_on: re.Pattern[str]
    weak_necessity: re.Pattern[str]
    ending_after_necessity: re.Pattern[str]  # "the blockade has to end": whoever ends it
    cleft_call: re.Pattern[str]
    impersonal_necessity: re.Pattern[str]  # "it is imperative that": the subject after it
    reported_view: re.Pattern[str]
    appeal: re.Pattern[str]
    appeal_by_party: re.Pattern[str]  # "Guyana demands that …": a party named appealing
    tied_to_another_act: re.Pattern[str]  # "… will sign once Armenia removes …"
    wants_from_others: re.Pattern[str]
    please: re.Pattern[str]
    condition: re.Pattern[str]
    precondition: re.Pattern[str]  # "preconditions": a condition unless its clause negates it
    precondition_negated: re.Pattern[str]  # "without", "not", "refuse" before it
    enumerated_conditions: re.Pattern[str]
    conditional_if: re.Pattern[str]
    conditional_outcome: re.Pattern[str]
    conditional_threat: re.Pattern[str]
    threat_before_if: re.Pattern[str]  # "we will cut off all cooperation if …"
    # What another party's act costs it ("our harbours will be closed to their vessels"),
    # after an "if" clause whose subject is a party (one of these heads, or a name).
    consequence_outcome: re.Pattern[str]
    party_heads: frozenset[str]
    # A statement opening with its own reporting verb ("offered to host …"): the verb's
    # lemma is group 1's, looked up in ``opening_lemmas``.
    opening_speaker_verb: re.Pattern[str]
    # A readout's "reiterated the call for …" (demand), "reaffirmed its commitment to …"
    # (offer): the kind, and what says it.
    readout_positions: tuple[tuple[str, re.Pattern[str]], ...]
    opening_lemmas: dict[str, str]
    conditional_receipt: re.Pattern[str]  # "if we receive the support": from others
    receipt_outcome: re.Pattern[str]  # "…, our victory will be faster"
    warning: re.Pattern[str]
    warning_by_party: re.Pattern[str]  # "The Government warns that …": its own, by name
    refusal_after_self: re.Pattern[str]
    refusal_by_anyone: re.Pattern[str]
    refusal_negated: re.Pattern[str]
    refusal_in_readout: re.Pattern[str]  # "The President rejected …": past, after an office
    appeal_in_report: re.Pattern[str]  # "The Minister asked the Government to …": past
    heard_said: re.Pattern[str]
    removal_called_for: re.Pattern[str]  # "has to come off the table": a call, no refusal
    calls_by_form: re.Pattern[str]  # "all parties are urged to", "Stop the war."
    relative_refusal_openers: frozenset[str]  # "who we don't recognize": about a person
    readiness: re.Pattern[str]
    commitments_after_self: re.Pattern[str]
    commitments_by_anyone: re.Pattern[str]
    briefing_commitment: re.Pattern[str]
    assessment: re.Pattern[str]
    # Reported speech: a quote opening with its verb ("expressed concern …, and called on
    # …") has the speaker as the subject of it and of the verbs joined to it.
    reported: bool = False
    # The speaker's side by name, folded ("serbia", "philippines", "turkiye"), when the
    # speaker's role names a country (``kind_of``'s ``side``): "Serbia will never
    # recognise …" said by Serbia's president is the speaker's refusal.
    side_names: frozenset[str] = frozenset()


def _any(fragments: list[str]) -> re.Pattern[str]:
    """One pattern matching any fragment as whole words, in text whose ASCII capitals
    are lowered (``kinds.Sentence``): matching ignoring case took three times as long."""
    return _compile(r"\b(?:" + "|".join(fragments) + r")\b")


# The lexicon writes a word skipped between two as "(?:\w+ )"; a hyphenated or elided word
# ("vice-premier", "Taiwan's") is one word there too.
_WORD_GAP = r"(?:\w+ )"


def _inflections(lemma: str) -> list[str]:
    """A reporting verb's past and third-person forms, the first word inflected as the
    extractor's speech verbs are (``lexicon.inflect``): "call on" → "called on", "calls
    on"; "deny" → "denied", "denies"."""
    head, _, rest = lemma.partition(" ")
    forms = sorted(f for f in inflect(head) if f != head and not f.endswith("ing"))
    return [f"{form} {rest}".strip() for form in forms]


def _inflected_lemmas(speaker_verbs: dict) -> dict[str, str]:
    return {
        form: lemma
        for kind, lemmas in speaker_verbs.items()
        if not kind.startswith("_")
        for lemma in lemmas
        for form in _inflections(lemma)
    }


def _opening_verb(speaker_verbs: dict, entry: dict) -> re.Pattern[str]:
    """The statement's opening reporting verb (group 1), after at most one adverb, with
    what must follow it for each kind (kinds.json "opening_speaker_verb")."""
    adverbs = "|".join(entry["adverbs"])
    alternatives = []
    for kind, follows in entry["follows"].items():
        forms = "|".join(
            re.escape(form) for lemma in speaker_verbs[kind] for form in _inflections(lemma)
        )
        after = rf"(?=\s+(?:{follows})\b)" if follows else r"(?=\s+\w)"
        after += rf"(?!\s+to\s+(?:{entry['not_speech']})\b)"
        alternatives.append(rf"(?:{forms}){after}")
    return re.compile(rf"^(?:(?:{adverbs})\s+)?({'|'.join(alternatives)})")


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace(_WORD_GAP, r"(?:[\w'’-]+ )"))


def _patterns(entry: dict | list) -> list[str]:
    return entry["patterns"] if isinstance(entry, dict) else entry


@cache
def kind_lexicon() -> KindLexicon:
    raw = data_json("kinds.json")
    verbs = {k: v for k, v in raw["speaker_verbs"].items() if not k.startswith("_")}
    subjects = raw["subject_words"]
    return KindLexicon(
        speaker_verbs={lemma: kind for kind, lemmas in verbs.items() for lemma in lemmas},
        self_words=frozenset(subjects["self"]),
        self_possessives=frozenset(subjects["self_possessive"]),
        self_bodies=frozenset(subjects["self_bodies"]),
        others_of_ours=frozenset(subjects["others_of_ours"]),
        addressee_words=frozenset(subjects["addressee"]),
        thing_words=frozenset(subjects["thing"]),
        pronoun_words=frozenset(subjects["pronoun"]),
        readout_leads=frozenset(subjects["readout"]["leads"]),
        readout_modifiers=frozenset(subjects["readout"]["modifiers"]),
        readout_heads=frozenset(subjects["readout"]["heads"]),
        inverted_subjects=frozenset(subjects["inverted"]),
        determiners=frozenset(subjects["determiners"]),
        embedding_words=frozenset(subjects["embedding"]),
        relative_words=frozenset(subjects["relative"]),
        clause_openers=frozenset(raw["clause_openers"]),
        coordinators=frozenset(raw["coordinators"]),
        shared_subjects=frozenset(raw["shared_subjects"]),
        circumstance_openers=frozenset(raw["circumstance_openers"]),
        circumstance_clauses=frozenset(raw["circumstance_clauses"]),
        concessive_openers=frozenset(raw["concessive_openers"]),
        verb_padding=frozenset(raw["verb_padding"]),
        verb_padding_phrases=tuple(
            tuple(phrase.split()) for phrase in raw["verb_padding_phrases"]["phrases"]
        ),
        readiness_padding=frozenset(raw["readiness_padding"]),
        not_a_position=_any(_patterns(raw["not_a_position"])),
        not_a_position_words=raw["not_a_position"]["longest_words"],
        necessity=_any(raw["necessity"]),
        necessity_not_called_on=_any(_patterns(raw["necessity_not_called_on"])),
        weak_necessity=_compile(r"\b(?:" + raw["weak_necessity"] + r")\b"),
        ending_after_necessity=_compile(
            r"\s+(?:" + "|".join(raw["ending_after_necessity"]["verbs"]) + r")\b"
        ),
        cleft_call=_compile(raw["cleft_call"]),
        impersonal_necessity=_any(_patterns(raw["impersonal_necessity"])),
        reported_view=_compile(raw["reported_view"]),
        appeal=_any(raw["appeal_verbs"]),
        wants_from_others=_any(_patterns(raw["wants_from_others"])),
        please=_any(raw["please"]),
        condition=_any(raw["condition_connectives"] + raw["condition_nouns"]),
        precondition=_any(_patterns(raw["precondition_nouns"])),
        precondition_negated=_compile(raw["precondition_nouns"]["negations"]),
        # No \b after the noun: scraped text glues words ("two conditionsneed to be met").
        enumerated_conditions=_compile(raw["enumerated_conditions"]),
        conditional_if=_compile(raw["conditional_if"]),
        conditional_outcome=_compile(raw["conditional_outcome"]),
        conditional_threat=_compile(raw["conditional_threat"]),
        threat_before_if=_compile(raw["threat_before_if"]["pattern"]),
        consequence_outcome=_compile(raw["consequence_of_act"]["outcome"]),
        party_heads=frozenset(raw["consequence_of_act"]["party_heads"]),
        appeal_by_party=_compile(raw["appeal_by_party"]["pattern"]),
        tied_to_another_act=_compile(raw["tied_to_another_act"]["pattern"]),
        opening_speaker_verb=_opening_verb(raw["speaker_verbs"], raw["opening_speaker_verb"]),
        readout_positions=tuple(
            (kind, _any(patterns))
            for kind, patterns in raw["readout_positions"].items()
            if not kind.startswith("_")
        ),
        opening_lemmas=_inflected_lemmas(raw["speaker_verbs"]),
        conditional_receipt=_compile(raw["conditional_receipt"]["if_clause"]),
        receipt_outcome=_compile(raw["conditional_receipt"]["outcome"]),
        warning=_any(raw["warning_forms"]),
        warning_by_party=_compile(raw["warning_by_party"]["pattern"]),
        refusal_after_self=_any(raw["refusal_after_self"]),
        refusal_by_anyone=_any(raw["refusal_by_anyone"]),
        refusal_negated=_compile(raw["refusal_negated"]),
        refusal_in_readout=_any(_patterns(raw["refusal_in_readout"])),
        appeal_in_report=_any(_patterns(raw["appeal_in_report"])),
        heard_said=_compile(raw["heard_said"]),
        removal_called_for=_any(_patterns(raw["removal_called_for"])),
        calls_by_form=_any(_patterns(raw["calls_by_form"])),
        relative_refusal_openers=frozenset(raw["relative_refusal_openers"]["words"]),
        readiness=_any(raw["readiness"]),
        commitments_after_self=_any(raw["commitments_after_self"]),
        commitments_by_anyone=_any(raw["commitments_by_anyone"]),
        briefing_commitment=_any(_patterns(raw["briefing_commitment"])),
        assessment=_any(raw["assessment"]),
    )


# Reported speech ("she said her government would not sign") names the speaker in the third
# person: there "he" and "she", "his" and "her" are the speaker's side.
_REPORTED_SELF = frozenset({"he", "she"})
_REPORTED_POSSESSIVES = frozenset({"his", "her"})


@cache
def reported_kind_lexicon() -> KindLexicon:
    lex = kind_lexicon()
    raw = data_json("kinds.json")
    return replace(
        lex,
        refusal_by_anyone=_any(raw["refusal_by_anyone"] + _patterns(raw["reported_refusals"])),
        self_words=lex.self_words | _REPORTED_SELF,
        self_possessives=lex.self_possessives | _REPORTED_POSSESSIVES,
        pronoun_words=lex.pronoun_words - _REPORTED_SELF,
        reported=True,
    )
