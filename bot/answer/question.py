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
    # Candidates to consider; commands listing many (timelines) ask for more than answers do.
    pool: int = 0
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
    if _is_who_question(tokens):
        intent = "who_said"
    elif _asks_conditions(tokens, lex.intents["conditions"]):
        intent = "conditions"
    kinds = frozenset(kind for kind, cue_words in lex.kind_words.items() if token_set & cue_words)
    if intent == "conditions":
        kinds |= {"condition", "demand"}

    speaker_ids: set[int] = set()
    subject: set[int] = set()
    topic: set[int] = set()
    topic_terms: list[str] = []
    alias_terms: list[str] = []
    mention_words: set[str] = set()
    named_in_topic: list[str] = []
    first_party_seen = False
    previous_was_topic: bool | None = None
    for mention in mentions:
        before = words(folded[: mention.start])
        prev = before[-1] if before else ""
        if prev in {"and", "or"} and previous_was_topic is not None:
            is_topic = previous_was_topic  # "Finland and Sweden", "Russia or Ukraine"
        elif before[-2:] == ["according", "to"]:
            is_topic = False  # "according to Stoltenberg": the speaker
        else:
            # Who said it is what "who" asks, so every name in such a question is its topic;
            # otherwise the first party named is the one speaking, later ones its topic.
            is_topic = intent == "who_said" or prev in lex.topic_prepositions or first_party_seen
        previous_was_topic = is_topic
        if mention.kind == "speaker":
            if is_topic:
                named_in_topic.extend(words(mention.surface))
            else:
                speaker_ids.update(mention.target_ids)
                mention_words.update(words(mention.surface))
                first_party_seen = True
            continue
        mention_words.update(words(mention.surface))
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
        subject_entity_ids=frozenset(subject),
        # "Did the Kremlin admit Russian losses": Russia speaks; it is not also the topic.
        topic_entity_ids=frozenset(topic - subject),
        terms=terms,
        alias_terms=tuple(dict.fromkeys(alias_terms)),
        topic_entity_terms=tuple(dict.fromkeys(topic_terms)),
        kinds=kinds,
        latest=bool(token_set & lex.intents["latest"]),
        mentions=tuple(mentions),
    )


_DESIRE = frozenset({"want", "wants", "wanted"})


def _asks_conditions(tokens: list[str], cue_words: frozenset[str]) -> bool:
    """Conditions, demands, terms; "want X" is a demand, but "want to talk" is an intention."""
    for i, token in enumerate(tokens):
        if token in cue_words and not (token in _DESIRE and tokens[i + 1 : i + 2] == ["to"]):
            return True
    return False


_AUXILIARIES = frozenset("do does did will would should can could must might may".split())


def _is_who_question(tokens: list[str]) -> bool:
    """ "Who said/called/warned …" asks for the speaker; "who does Moscow want …" does not:
    there the party after the auxiliary is the one speaking."""
    if "whosaid" in tokens:
        return True
    return len(tokens) > 1 and tokens[0] == "who" and tokens[1] not in _AUXILIARIES


def expand(term: str) -> frozenset[str]:
    """A term and its synonyms (conditions ~ demands ~ terms; talks ~ negotiations)."""
    return lexicon().synonyms.get(term, frozenset()) | {term}
