"""Diversifying the ranked statements (pass 5 of the engine): best first, but not five
quotes from one person unless that person was asked about, and never the same words twice
(a quote and a longer version of it from another report)."""

from __future__ import annotations

from bot.answer.question import Question
from bot.answer.score import Ranked
from bot.answer.weights import DEFAULT, Weights


def diversify(
    ranked: list[Ranked], q: Question, limit: int, weights: Weights = DEFAULT
) -> list[Ranked]:
    """The first `limit` (0: all) of `ranked` with repeats dropped and a speaker's statements
    beyond `weights.per_speaker` held back until after everyone else's."""
    per_speaker: dict[int, int] = {}
    kept: dict[int, list[frozenset[str]]] = {}
    chosen: list[Ranked] = []
    held_back: list[Ranked] = []
    lookback = weights.duplicate_lookback
    for item in ranked:
        if limit and len(chosen) >= limit:
            break  # held-back statements would only come after these
        c = item.candidate
        sid = c.speaker_id
        words = frozenset(c.body)
        same_speaker = kept.setdefault(sid, [])
        if any(repeats(words, other, weights) for other in same_speaker[-lookback:]):
            continue
        same_speaker.append(words)
        if sid not in q.speaker_ids and per_speaker.get(sid, 0) >= weights.per_speaker:
            held_back.append(item)
            continue
        per_speaker[sid] = per_speaker.get(sid, 0) + 1
        chosen.append(item)
    ordered = chosen + held_back
    return ordered[:limit] if limit else ordered


def repeats(words: frozenset[str], shown: frozenset[str], weights: Weights = DEFAULT) -> bool:
    """Whether a statement's `words` repeat those of one `shown` above it (same speaker):
    the same words give or take a few ("in essence … X" and "X"), or all of its words are in
    `shown` and there are enough of them not to be a chance overlap with a long speech."""
    small, big = (words, shown) if len(words) <= len(shown) else (shown, words)
    if not small or not small <= big:
        return False
    if len(small) >= weights.near_duplicate_share * len(big):
        return True
    return small is words and len(small) >= weights.duplicate_min_words
