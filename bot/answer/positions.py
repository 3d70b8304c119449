"""A side's position across documents: the conditions it stated, each once, most stated first.

"What are Russia's conditions?" is not answered by the three best-scoring sentences: the
same condition is reported by several outlets in their own words, or repeated by several of
the side's officials, and each repetition is evidence of the position. Here the side's
statements become points: one per condition, shown by one statement's exact words (never
a blend; a quote is never altered) and citing every statement that says the same.

Pure: no store, no I/O. The caller (bot.answer.conditions) hands over the ranked
statements of the kinds asked for, each as a `Stated` (its analysed words, its stored
vector where vectors are on, its date, the documents citing it, how squarely it is on the
topic); it gets back `Point`s, best first. The passes (`positions`):

1. **merge** (`merge`, `same`): a statement joins the first point every statement of which
   says the same thing, else it starts a point. Statements are taken best-ranked first,
   so a point starts from its best statement.
2. **show** (`Point.shown`): the fullest statement of a point speaks for it: an enumeration
   ("two conditions … First … Second …") before a single sentence, then the statement
   most documents cite, then the one with the most words (the fuller report of a quote).
3. **order** (`order`): points on the topic (their own words say it) before those near it
   (their paragraph says it, or they are a long passage mentioning it) before the rest;
   then those stated in more documents; then an enumeration before a single condition (it
   states the side's terms as a whole, and is often undated: the founding article's "two
   conditions"); then the more recently stated; then the better ranked.

The topic is the question's own when it names one; otherwise ending the war or holding
talks (`SettlementWords`, data/settlement_words.json), the topic the founding question
means: a preference, never a filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from bot.resources import data_json
from bot.text.analysis import terms

# --- when two statements say the same thing ----------------------------------------------
#
# Measured on the development corpus's condition and demand statements (pairs of one side
# from different documents): paraphrases of one demand by two outlets share about half their
# content words or more ("Swedish and Finnish delegations should not bother coming to Ankara
# to convince it …": 0.67; "the position of Western countries … must remain firm": 0.86),
# while different demands of one speaker share a third or less ("Congress needs to act" in
# two answers on different bills: 0.33-0.40).

# Jaccard similarity of two statements' content words (stems) at which they are the same.
SAME_WORDS = 0.45
# A quote and the fuller report of it ("take immediate measures to demilitarise the
# Chernobyl zone" / "we demand that the UN Security Council take immediate measures …"):
# nearly all of the shorter's content words are in the longer …
FRAGMENT_SHARE = 0.8
# … the shorter says enough for that not to be chance (a few words are in any long speech) …
FRAGMENT_MIN_WORDS = 6
# … and the longer is no whole speech around it.
FRAGMENT_MAX_RATIO = 3.0
# The stored vectors (bot/store/vectors.py) embed a statement with its speaker, paragraph
# and document title, so two unrelated lines of one press briefing lie closer (cosine
# 0.9-0.95) than one demand reported by two outlets (0.75-0.9): a vector alone cannot say
# two statements are the same. Where both have one, a high cosine lets a smaller overlap of
# words do (a paraphrase: "Turkey will not approve the bids, and delegations should not
# bother coming" / "Swedish and Finnish delegations should not bother coming to Ankara":
# words 0.42, cosine 0.88).
SAME_VECTORS = 0.85
SAME_WORDS_WITH_VECTORS = 0.3

# --- how squarely a statement is on the topic ---------------------------------------------

OFF_TOPIC = 0
NEAR_TOPIC = 1  # the words around it (its paragraph, its document's title) say the topic
ON_TOPIC = 2  # its own words say it
# A question's own topic (its words weighted by rarity, bot.answer.features): a statement
# is on it when its own words say each of its words (`question_topic`), and near it when
# its words and the words around it say this share of them, synonyms included.
TOPIC_NEAR = 0.5
# Content words beyond which a statement is a passage (the extractor cuts a speech into
# passages of about 600 characters, 40-55 content words; a quoted sentence or two has
# fewer), whose own words put it near a topic at most.
PASSAGE_WORDS = 40
# Words between the words of a settlement phrase: "end the Ukraine war" says "end the war".
PHRASE_GAP = 1
# Weak settlement words say the topic only two together, at most this many analysed
# words apart (function words do not count).
WEAK_WINDOW = 1


@dataclass(frozen=True)
class Stated:
    """One statement as merging and ordering read it."""

    id: int
    words: frozenset[str]  # its content words, analysed (bot.text.analysis.terms)
    said_on: date | None
    documents: frozenset[int]  # the documents citing it
    topic: int = OFF_TOPIC  # ON_TOPIC, NEAR_TOPIC or OFF_TOPIC
    points: int = 0  # enumerated points ("First … Second …")
    rank: int = 0  # its place in the answer's ranking, 0 best
    vector: Any = None  # its stored unit vector (numpy), None where vectors are off


@dataclass(frozen=True)
class Point:
    """One condition: the statements saying it, the one shown first, then the others
    newest first (undated last)."""

    statements: tuple[Stated, ...]

    @property
    def shown(self) -> Stated:
        return self.statements[0]

    @property
    def documents(self) -> frozenset[int]:
        return frozenset().union(*(s.documents for s in self.statements))

    @property
    def newest(self) -> date | None:
        return max((s.said_on for s in self.statements if s.said_on), default=None)

    @property
    def topic(self) -> int:
        return max(s.topic for s in self.statements)

    @property
    def rank(self) -> int:
        return min(s.rank for s in self.statements)

    @property
    def enumerated(self) -> bool:
        return self.shown.points > 0


def positions(stated: Sequence[Stated], *, latest: bool = False) -> list[Point]:
    """The statements as points, best first (see the module's passes)."""
    return order(merge(stated), latest=latest)


def merge(stated: Sequence[Stated]) -> list[Point]:
    """Pass 1 and 2: each statement, best-ranked first, joins the first point all of whose
    statements `same` says it repeats (complete linkage: a chain of small resemblances
    never joins two different conditions), else starts one.

    A side's few hundred statements make tens of thousands of pairs: each statement's
    words are a bitmask, so two statements' shared words are counted by one AND, and a
    point is compared in full only when its first statement shares as many words as the
    rules of `same` need (`_LEAST_SHARED`)."""
    bit: dict[str, int] = {}
    masks: dict[int, int] = {}
    for s in stated:
        mask = 0
        for word in s.words:
            mask |= 1 << bit.setdefault(word, len(bit))
        masks[s.id] = mask
    groups: list[list[Stated]] = []
    # Each group's first statement: its mask, and the words another must share with it.
    firsts: list[tuple[int, float]] = []
    for s in sorted(stated, key=lambda s: s.rank):
        mask, least = masks[s.id], _LEAST_SHARED * len(s.words)
        home = None
        for g, (first, first_least) in enumerate(firsts):
            shared = (mask & first).bit_count()
            # The bound every rule of `same` needs, checked before anything costlier.
            if shared < least or shared < first_least:
                continue
            if all(_same(s, o, (mask & masks[o.id]).bit_count()) for o in groups[g]):
                home = g
                break
        if home is None:
            groups.append([s])
            firsts.append((mask, least))
        else:
            groups[home].append(s)
    return [_point(g) for g in groups]


# The smallest share of the longer statement's words that `same` needs shared (a Jaccard
# similarity of t needs t of the union; a fragment FRAGMENT_SHARE of the shorter, at most
# FRAGMENT_MAX_RATIO times shorter).
_LEAST_SHARED = min(SAME_WORDS, SAME_WORDS_WITH_VECTORS, FRAGMENT_SHARE / FRAGMENT_MAX_RATIO)


def _point(group: list[Stated]) -> Point:
    shown = max(group, key=lambda s: (s.points, len(s.documents), len(s.words), -s.rank))
    others = sorted(
        (s for s in group if s is not shown),
        key=lambda s: (-(s.said_on or date.min).toordinal(), s.rank),
    )
    return Point((shown, *others))


def order(points: Iterable[Point], *, latest: bool = False) -> list[Point]:
    """Pass 3: on the topic first; then stated in more documents; then enumerations; then
    more recently (an undated point after every dated one); then better ranked. A question
    asking for the latest puts recency first."""

    def recency(p: Point) -> int:
        return -(p.newest or date.min).toordinal()

    if latest:
        return sorted(points, key=lambda p: (recency(p), -p.topic, -len(p.documents), p.rank))
    return sorted(
        points, key=lambda p: (-p.topic, -len(p.documents), -p.enumerated, recency(p), p.rank)
    )


def same(a: Stated, b: Stated) -> bool:
    """Whether `a` and `b` state the same thing (see the thresholds above)."""
    return _same(a, b, len(a.words & b.words))


def _same(a: Stated, b: Stated, shared: int) -> bool:
    """`same`, given how many words they share."""
    small, big = sorted((len(a.words), len(b.words)))
    if not small:
        return False
    jaccard = shared / (small + big - shared)
    if jaccard >= SAME_WORDS:
        return True
    if (
        small >= FRAGMENT_MIN_WORDS
        and shared >= FRAGMENT_SHARE * small
        and big <= FRAGMENT_MAX_RATIO * small
    ):
        return True
    if a.vector is None or b.vector is None or jaccard < SAME_WORDS_WITH_VECTORS:
        return False
    # Two statements of one document share its title and often its paragraph, which their
    # vectors embed: there the words alone decide (a live blog retelling one demand).
    return not a.documents & b.documents and float(a.vector @ b.vector) >= SAME_VECTORS


# --- the topic a question naming none means ----------------------------------------------


@dataclass(frozen=True)
class SettlementWords:
    """Ending the war or holding talks, as analysed words (data/settlement_words.json)."""

    # Strong phrases by their first word: ("secur", "guarante") under "secur".
    strong: dict[str, tuple[tuple[str, ...], ...]]
    weak: frozenset[str]
    # The one-word strong entries: what a full-text search for the topic asks for. A
    # phrase's words alone ("end", "war") would match half of everything, and so would the
    # weak words ("peace", "talks"): ranking a side's thousands of matches of them took
    # 20 ms on SQLite and 185 ms on PostgreSQL at 100k-1M statements.
    search_terms: tuple[str, ...] = ()

    @classmethod
    def of(cls, strong: Iterable[str], weak: Iterable[str]) -> SettlementWords:
        phrases = [p for p in dict.fromkeys(map(_analysed, strong)) if p]
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            by_first.setdefault(phrase[0], []).append(phrase)
        weak_words = frozenset(w for word in weak for w in _analysed(word))
        single = dict.fromkeys(p[0] for p in phrases if len(p) == 1)
        return cls(
            {first: tuple(found) for first, found in by_first.items()},
            weak_words,
            tuple(single),
        )

    def says(self, analysed: str) -> bool:
        """Whether space-separated analysed words say the topic: a strong phrase (its words
        in order, at most PHRASE_GAP words between them: "end the Ukraine war"), or two
        different weak words at most WEAK_WINDOW words apart ("peace agreement", "talks and
        dialogue"; not "peace" in a greeting's first line and "agreement" in its last)."""
        words = analysed.split()
        last_weak: tuple[int, str] | None = None
        for i, word in enumerate(words):
            for phrase in self.strong.get(word, ()):
                if _follows(words, i + 1, phrase[1:]):
                    return True
            if word in self.weak:
                if last_weak and last_weak[1] != word and i - last_weak[0] <= WEAK_WINDOW:
                    return True
                last_weak = (i, word)
        return False

    def topic(self, body: str, context: str, *, enumerated: bool = False) -> int:
        """How squarely a statement is on the topic, from its own analysed words and those
        around it (its paragraph, its document's title): see `topic_level`."""
        said = self.says(body)
        words = len(set(body.split()))
        return topic_level(said, said or self.says(context), enumerated=enumerated, words=words)


def _follows(words: Sequence[str], at: int, rest: Sequence[str]) -> bool:
    """Whether `rest` comes in `words` from `at` on, at most PHRASE_GAP words between."""
    for wanted in rest:
        window = words[at : at + PHRASE_GAP + 1]
        if wanted not in window:
            return False
        at += window.index(wanted) + 1
    return True


def _analysed(phrase: str) -> tuple[str, ...]:
    return tuple(terms(phrase))


@cache
def settlement_words() -> SettlementWords:
    raw = data_json("settlement_words.json")
    return SettlementWords.of(raw["strong"], raw["weak"])


def question_topic(
    says_each: bool, coverage: float, *, enumerated: bool = False, words: int = 0
) -> int:
    """How squarely a statement is on a question's own topic: whether its own words say
    each word of it (itself, not a synonym: "peace" is a synonym of "talks", and would
    otherwise say all of "peace talks"), and the share of it that its words and setting
    say (its ranking feature `coverage`)."""
    return topic_level(says_each, coverage >= TOPIC_NEAR, enumerated=enumerated, words=words)


def topic_level(said: bool, around: bool, *, enumerated: bool = False, words: int = 0) -> int:
    """ON_TOPIC when the statement's own words say the topic, NEAR_TOPIC when only the
    words around it do, else OFF_TOPIC.

    A passage (more than PASSAGE_WORDS content words: a speech's paragraph, a transcript's
    turn) says many things, so the topic's words somewhere in it put it near the topic
    only. An enumeration ("two conditions need to be met. First … Second …") takes its
    topic from the words around it: the sentence announcing the list says what the
    conditions are for ("… ready to negotiate with the West to end the war if it met two
    crucial conditions"), the points only what they are."""
    if (said and words <= PASSAGE_WORDS) or (around and enumerated):
        return ON_TOPIC
    return NEAR_TOPIC if around or said else OFF_TOPIC
