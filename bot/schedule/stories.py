"""Stories: a period's statements grouped by topic across speakers and documents.

An offer of talks and the replies to it share words ("talks", "Istanbul", "neutrality")
even when their speakers and documents differ. Each statement is described by its terms
(its own words' stems, plus those of the title of the news article reporting it: a live
blog's title names no single topic, so it adds nothing), weighted by how rare they are in
the period (idf); statements are taken best first, and each joins the story whose core terms
(those at least half its statements hold) carry most of its own term weight (at least
`JOIN`), else starts one.

A story's heading is stored text only: the title of the document citing most of its
statements (a live blog's title only when nothing else reports it), or, when that title
already heads a better story or there is none, the story's most shared terms' words as
written in its statements, then the sides in it (digest.py adds them).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bot.text.analysis import STOPWORDS, fold, stem
from bot.text.analysis import terms as analysed_terms
from bot.text.analysis import words as plain_words

JOIN = 0.3  # the share of its term weight a statement must share with a story to join it
HEADING_TERMS = 3
# Stories are looked for through the terms at most about a third of the period's
# statements hold (and any held by two): sharing only "said" or "Russia" never makes one.
TELLING_SHARE = 0.35
LIVE_BLOG = "live blog"


@dataclass(frozen=True)
class Reported:
    """A document carrying a statement: what a story's heading may be made of."""

    document_id: int
    title: str | None
    kind: str | None


@dataclass
class Story:
    """Members best first (the order they joined in) and how many hold each term."""

    members: list[int] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    # The terms at least half its statements hold (all of a first statement's): what a
    # newcomer must share, so a story does not drift from term to term as it grows.
    core: frozenset[str] = frozenset()

    def add(self, member: int, terms: frozenset[str]) -> None:
        self.members.append(member)
        self.counts.update(terms)
        least = len(self.members) / 2
        self.core = frozenset(t for t, n in self.counts.items() if n >= least)


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=20_000)
def text_terms(text: str) -> frozenset[str]:
    """The stems of a text's content words, as `analysis.terms` gives them but without
    their order (a digest reads a few thousand texts; titles and earlier statements recur,
    so they are cached). Apostrophes and hyphens split words, so "Russia's" is "russia"
    and "s" a stop word."""
    return frozenset(stem(word) for word in _TOKEN.findall(fold(text)) if word not in STOPWORDS)


def statement_terms(text: str, documents: Iterable[Reported] = ()) -> frozenset[str]:
    """Stems of the words, and of the titles of the news (not live blogs) reporting them."""
    found = text_terms(text)
    for doc in documents:
        if doc.title and doc.kind != LIVE_BLOG:
            found |= text_terms(doc.title)
    return found


def idf(term_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """Rare terms tell a topic; terms nearly every statement has tell nothing."""
    counts = Counter(t for terms in term_sets for t in terms)
    n = len(term_sets)
    return {t: math.log((1 + n) / (1 + c)) for t, c in counts.items()}


def similarity(
    terms: frozenset[str], story: Story, weights: dict[str, float], total: float | None = None
) -> float:
    """The share of a statement's term weight (`total`, if known) that the story's core
    terms hold."""
    if total is None:
        total = sum(weights.get(t, 0.0) for t in terms)
    if not total:
        return 0.0
    return sum(weights.get(t, 0.0) for t in terms & story.core) / total


def cluster(
    term_sets: Sequence[frozenset[str]],
    join: float = JOIN,
    weights: dict[str, float] | None = None,
) -> list[Story]:
    """Stories of the statements (given best first, as indices into `term_sets`), in the
    order of their best statement; `weights`: their `idf`, if the caller has it."""
    if weights is None:
        weights = idf(term_sets)
    counts = Counter(t for terms in term_sets for t in terms)
    most = max(2.0, TELLING_SHARE * len(term_sets))
    telling = {t for t, n in counts.items() if n <= most}
    stories: list[Story] = []
    holding: dict[str, list[Story]] = {}  # term -> the stories whose core holds it
    for index, terms in enumerate(term_sets):
        total = sum(weights.get(t, 0.0) for t in terms)
        best, score = None, 0.0
        near = {id(s): s for t in terms & telling for s in holding.get(t, ())}
        for story in near.values():
            shared = similarity(terms, story, weights, total)
            if shared > score:
                best, score = story, shared
        if best is None or score < join:
            best = Story()
            stories.append(best)
        before = best.core
        best.add(index, terms)
        for term in best.core - before:
            if term in telling:
                holding.setdefault(term, []).append(best)
    return stories


def shared_terms(term_sets: Sequence[frozenset[str]], weights: dict[str, float]) -> list[str]:
    """The terms most of a story's statements share, rarer in the period first."""
    counts = Counter(t for terms in term_sets for t in terms)
    least = 2 if len(term_sets) > 1 else 1
    ranked = sorted(
        # A number alone ("000" of "1,000") names no topic.
        (t for t, c in counts.items() if c >= least and not t.isdigit()),
        key=lambda t: (-counts[t] * weights.get(t, 0.0), t),
    )
    return ranked[:HEADING_TERMS]


def _ranked_reports(reports: Sequence[Sequence[Reported]]) -> list[Reported]:
    """The documents reporting a story's statements, the one reporting most first (news
    before live blogs, then the lower id)."""
    counts: Counter[Reported] = Counter(r for rs in reports for r in set(rs))
    return sorted(counts, key=lambda r: (r.kind == LIVE_BLOG, -counts[r], r.document_id))


def main_report(reports: Sequence[Sequence[Reported]]) -> Reported | None:
    ranked = _ranked_reports(reports)
    return ranked[0] if ranked else None


def title_heading(reports: Sequence[Sequence[Reported]], taken: set[str]) -> str | None:
    """The title of the document reporting most of a story's statements, unless a better
    story already has it."""
    for report in _ranked_reports(reports):
        if report.title and report.title.strip() not in taken:
            return report.title.strip()
    return None


def terms_heading(texts: Sequence[str], stems: Sequence[str]) -> str:
    """ "talks, neutrality, guarantees": each stem shown as a word its statements (or their
    reports' titles) use, the commonest form."""
    forms: dict[str, Counter[str]] = {s: Counter() for s in stems}
    for text in texts:
        for word in plain_words(text):
            for root in analysed_terms(word):
                if root in forms:
                    forms[root][word] += 1
    shown = [forms[s].most_common(1)[0][0] if forms[s] else s for s in stems]
    return ", ".join(shown) or "other statements"
