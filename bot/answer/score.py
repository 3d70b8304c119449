"""Scoring the candidates (pass 4 of the engine): keep those on the question's side, work
out each one's features (bot.answer.features) and weigh them with the fitted model
(bot.answer.model), best first.

Commands that list many statements (timelines, comparisons) keep only those saying enough
of the topic themselves; a question naming no one keeps only statements whose own words
say some of it, since nothing else narrows the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.answer.features import Asked, Candidate, Setting, features
from bot.answer.model import AnswerModel
from bot.answer.question import Question
from bot.answer.weights import Weights
from bot.text.analysis import terms as analyse
from bot.text.entities import Resolver


@dataclass
class Ranked:
    """A candidate on its way through the passes: its features, its score, and (once the
    engine asks, pass 5) its fitted confidence."""

    candidate: Candidate
    features: dict[str, float]
    score: float
    confidence: float = 0.0


def score(
    candidates: list[Candidate], asked: Asked, model: AnswerModel, weights: Weights
) -> list[Ranked]:
    """The candidates on the question's side that say enough, scored, best first (newest
    first when the question asks for the latest)."""
    question = asked.q
    kept = [c for c in candidates if on_side(c, question)]
    for c in kept:
        asked.find(c)
    if question.listing:
        kept = [c for c in kept if says_enough(c, asked, weights)]
    elif not question.names_someone and question.terms:
        # Naming no one, nothing narrows the field but the words: a statement whose own
        # words say none of the topic (only the paragraph around it does) answers nothing.
        kept = [c for c in kept if asked.own_words(asked.topic_levels(c)) > 0]
    if not question.names_someone and asked.entities:
        # Nor does one that names none of the parties or places the topic names ("what was
        # agreed at the Reykjavik summit"), in its words or in its setting.
        kept = [c for c in kept if asked.entity_share(c) > 0]
    setting = Setting.of(kept, asked)
    weigh = model.score
    ranked = []
    for c in kept:
        found = features(c, asked, setting)
        ranked.append(Ranked(c, found, weigh(found)))
    if question.latest:
        ranked.sort(
            key=lambda r: (
                -(r.candidate.said_on or date.min).toordinal(),
                -r.score,
                r.candidate.id,
            )
        )
    else:
        ranked.sort(key=lambda r: (-r.score, r.candidate.id))
    return ranked


def entity_forms(
    resolver: Resolver, entity_ids: frozenset[int]
) -> list[tuple[int, tuple[str, ...]]]:
    """Each way of naming the topic entities, as analysed terms ("kremlin", "unit state")."""
    forms = []
    for i in entity_ids:
        e = resolver.entities[i]
        for phrase in (e.name, *e.aliases, *e.demonyms):
            stems = tuple(analyse(phrase))
            if stems:
                forms.append((i, stems))
    return forms


def on_side(c: Candidate, q: Question) -> bool:
    """Whether the statement is by the side the question asks about."""
    if q.speaker_ids and c.speaker_id not in q.speaker_ids:
        return False
    if not q.speaker_ids and q.subject_entity_ids and c.entity_id not in q.subject_entity_ids:
        return False
    if q.intent == "who_said" and c.speaker_id in q.topic_speaker_ids:
        return False
    return c.speaker_id not in q.excluded_speaker_ids


def says_enough(c: Candidate, asked: Asked, weights: Weights) -> bool:
    """For commands listing a side's statements on a topic: the statement (or the words
    around it) says most of the topic; with no side named, its own words must."""
    q = asked.q
    has_topic = bool(q.terms or asked.entities)
    levels = asked.topic_levels(c)
    if has_topic and asked.coverage(c, levels) < min_coverage(q, weights):
        return False
    if not q.names_someone and q.terms and asked.own_words(levels) < weights.min_own_words_unnamed:
        return False
    if not has_topic:
        if not q.names_someone:
            return False
        if q.intent == "conditions" and not (c.kind and c.kind in q.kinds):
            return False
    return True


def min_coverage(q: Question, weights: Weights) -> float:
    """How much of the topic a statement must cover. Naming a person already narrows the
    field to their words, so part of the topic will do; naming no one needs most of it."""
    if q.speaker_ids:
        return weights.min_coverage_person
    if q.subject_entity_ids:
        return weights.min_coverage_entity
    return weights.min_coverage
