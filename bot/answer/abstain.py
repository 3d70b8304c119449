"""When the engine says it has nothing rather than guess.

Twice: before any work, when a question cannot be answered honestly at all (`refusal`: a
speaker the store has never heard of, a question too thin to search for; `unheard_of`: a
person named in full whom no statement mentions); and after
ranking, when the best statement's fitted confidence is too low (`confident`). `why_not`
words the reply when nothing was shown.
"""

from __future__ import annotations

from collections.abc import Callable

from wordfreq import zipf_frequency

from bot.answer.model import AnswerModel
from bot.answer.question import Question
from bot.answer.score import Ranked
from bot.text.analysis import stem, words
from bot.text.entities import Resolver

# A word rarer than this in English (wordfreq's Zipf scale: 3 is once per million words) is
# a name rather than an everyday word: "bullion" (3.2) and "handover" (3.0) are words,
# "montreux" (2.6) and "crocus" (2.5) names.
_RARE_ZIPF = 2.8
_LEAST_LETTERS = 4


def refusal(q: Question) -> str:
    """Why the question cannot be answered honestly at all, or ""."""
    if q.unknown_party:
        return f"I have no statements from {q.unknown_party}."
    if too_thin(q):
        return (
            "That names no one and says too little of a topic for me to find who said "
            "what; ask about a person, a country or an organisation, or a phrase."
        )
    return ""


def unheard_of(q: Question, frequencies: Callable[[list[str]], dict[str, int]]) -> str:
    """Why a question naming a person in full whom the store knows nothing of cannot be
    answered, or "": no speaker is called so and no statement's words name them (their last
    name, in any spelling), so any statement shown would be about someone else.
    `frequencies` gives how many statements say each stem."""
    for name, last in q.unplaced_names:
        forms = [last, *q.forms(last)]
        if not any(frequencies(forms).values()):
            return f"I have no statements from or about {name.title()}."
    return ""


def unheard_of_thing(q: Question, frequencies: Callable[[list[str]], dict[str, int]]) -> str:
    """Why a question asking about a named thing the store has never seen cannot be
    answered, or "": a word of its topic that no statement says in any form it is known
    by, and that is no everyday word either ("the Montreux convention", "Yandex"), is a name
    of something the store knows nothing of, as `unheard_of` finds for people. An everyday
    word no statement happens to use ("bullion") is left to the ranking."""
    for word in words(q.text):
        term = stem(word)
        if term not in q.terms or not word.isalpha() or len(word) < _LEAST_LETTERS:
            continue
        forms = [term, *q.forms(term)]
        # "flopped" is rarer than "flop": an inflection of an everyday word is everyday.
        everyday = max(zipf_frequency(word, "en"), zipf_frequency(term, "en")) >= _RARE_ZIPF
        if everyday or any(frequencies(forms).values()):
            continue
        return f"I have no statements that mention “{word}”."
    return ""


def too_thin(q: Question) -> bool:
    """A question naming no one, asking no "who said", with a single topic word ("tell me a
    joke") would be answered by whoever happened to use that word."""
    return (
        not q.names_someone
        and q.intent != "who_said"
        and not q.topic_entity_ids
        and len(q.terms) + len(q.circumstance) < 2
    )


def only_a_side(q: Question) -> bool:
    """A question naming a side and nothing it is about ("what did Ned Price say")."""
    return q.names_someone and not (q.terms or q.topic_entity_ids or q.circumstance or q.when)


def confident(chosen: list[Ranked], q: Question, model: AnswerModel) -> list[Ranked]:
    """The statements sure enough to show: none unless the best reaches `answer_at`, then
    those reaching `also_show_at`. A question naming a side and nothing it is about ("what
    did Ned Price say", "what are the Kremlin's demands") is answered by any of that side's
    statements: confidence is about the topic, and there is none."""
    for r in chosen:
        r.confidence = model.confidence_of(confidence_features(r.features, r.score, q))
    if only_a_side(q):
        return chosen
    if not chosen or chosen[0].confidence < model.answer_at:
        return []
    return [chosen[0]] + [r for r in chosen[1:] if r.confidence >= model.also_show_at]


def confidence_features(features: dict[str, float], score: float, q: Question) -> dict[str, float]:
    """What the confidence model reads of a statement (besides its ranking features)."""
    named = 1.0 if q.names_someone else 0.0
    return {
        **features,
        "score": score,
        "names_someone": named,
        "has_topic": 1.0 if q.terms or q.topic_entity_ids else 0.0,
        "has_when": 1.0 if q.when else 0.0,
        # With no side named, nothing narrows the field but the words: the statement's own
        # words must say the topic (not only the paragraph around it).
        "unnamed_own_words": features["own_words"] * (1.0 - named),
    }


def why_not(q: Question, resolver: Resolver) -> str:
    """Why nothing was shown for a question that was not refused."""
    if q.speaker_ids:
        names = " or ".join(sorted(resolver.speakers[i].name for i in q.speaker_ids))
        return f"I have no statement from {names} that answers this."
    if q.subject_entity_ids:
        names = " or ".join(sorted(resolver.entities[i].name for i in q.subject_entity_ids))
        return f"I have no statement from {names} that answers this."
    if not q.terms and not q.topic_entity_ids:
        return "I could not tell who or what the question is about."
    return "I have no statement that answers this."
