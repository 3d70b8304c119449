"""Question understanding: what is asked, about whom, on what topic.

The parser never looks for whole questions; it classifies words (intent words, light
reporting verbs, topic words) and mentions (entities, speakers) by principle, so it
generalises to questions it has never seen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

from bot.answer.analysis import STOPWORDS, fold, stem, words
from bot.answer.entities import Mention, Resolver
from bot.answer.roles import office_mentions
from bot.resources import data_dir


@dataclass(frozen=True)
class Lexicon:
    intents: dict[str, frozenset[str]]
    kind_words: dict[str, frozenset[str]]
    light_words: frozenset[str]
    topic_prepositions: frozenset[str]
    synonyms: dict[str, frozenset[str]]


@cache
def lexicon() -> Lexicon:
    raw = json.loads((data_dir() / "question_words.json").read_text(encoding="utf-8"))
    synonyms: dict[str, frozenset[str]] = {}
    for group in raw["synonyms"]:
        for member in group:
            synonyms[member] = frozenset(group) - {member}
    return Lexicon(
        intents={k: frozenset(v) for k, v in raw["intents"].items()},
        kind_words={k: frozenset(v) for k, v in raw["kind_words"].items()},
        light_words=frozenset(raw["light_words"]),
        topic_prepositions=frozenset(raw["topic_prepositions"]),
        synonyms=synonyms,
    )


@dataclass(frozen=True)
class Question:
    text: str
    intent: str  # "conditions", "who_said" or "position"
    speaker_ids: frozenset[int] = frozenset()
    subject_entity_ids: frozenset[int] = frozenset()
    topic_entity_ids: frozenset[int] = frozenset()
    # Stems the answer must be about; alias stems that only help ranking.
    terms: tuple[str, ...] = ()
    alias_terms: tuple[str, ...] = ()
    topic_entity_terms: tuple[str, ...] = ()
    kinds: frozenset[str] = frozenset()
    latest: bool = False
    mentions: tuple[Mention, ...] = field(default=(), compare=False)

    @property
    def names_someone(self) -> bool:
        return bool(self.speaker_ids or self.subject_entity_ids)


def parse(text: str, resolver: Resolver) -> Question:
    lex = lexicon()
    mentions = office_mentions(text, resolver.find(text), resolver)
    folded = fold(text)
    tokens = words(text)
    token_set = set(tokens)

    intent = "position"
    if token_set & lex.intents["conditions"] and not _is_who_question(tokens):
        intent = "conditions"
    if _is_who_question(tokens):
        intent = "who_said"
    kinds = frozenset(kind for kind, cue_words in lex.kind_words.items() if token_set & cue_words)
    if intent == "conditions":
        kinds |= {"condition", "demand"}

    speaker_ids: set[int] = set()
    subject: set[int] = set()
    topic: set[int] = set()
    topic_terms: list[str] = []
    alias_terms: list[str] = []
    mention_words: set[str] = set()
    first_party_seen = False
    for mention in mentions:
        mention_words.update(words(mention.surface))
        before = words(folded[: mention.start])
        prev = before[-1] if before else ""
        is_topic = prev in lex.topic_prepositions or (
            first_party_seen and prev not in {"and", "or", ","}
        )
        if mention.kind == "speaker":
            speaker_ids.update(mention.target_ids)
            first_party_seen = True
            continue
        if is_topic:
            topic.update(mention.target_ids)
            topic_terms.extend(stem(w) for w in words(mention.surface))
        else:
            subject.update(mention.target_ids)
            alias_terms.extend(stem(w) for w in words(mention.surface) if w not in STOPWORDS)
            first_party_seen = True

    skip = lex.light_words | lex.intents["conditions"] | STOPWORDS | mention_words
    skip |= lex.intents["latest"]
    terms = tuple(dict.fromkeys(stem(w) for w in tokens if w not in skip and len(w) > 1))
    return Question(
        text=text,
        intent=intent,
        speaker_ids=frozenset(speaker_ids),
        subject_entity_ids=frozenset(subject - topic) if subject else frozenset(),
        topic_entity_ids=frozenset(topic),
        terms=terms,
        alias_terms=tuple(dict.fromkeys(alias_terms)),
        topic_entity_terms=tuple(dict.fromkeys(topic_terms)),
        kinds=kinds,
        latest=bool(token_set & lex.intents["latest"]),
        mentions=tuple(mentions),
    )


def _is_who_question(tokens: list[str]) -> bool:
    return bool(tokens) and tokens[0] == "who" or "whosaid" in tokens


def expand(term: str) -> frozenset[str]:
    """A term and its synonyms (conditions ~ demands ~ terms; talks ~ negotiations)."""
    return lexicon().synonyms.get(term, frozenset()) | {term}
