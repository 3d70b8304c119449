"""Questions that are really another command: "compare Russia and Ukraine on talks",
"how has Russia's position on talks changed?". `ask` hands them to compare or timeline,
so a chat question gets the side-by-side or dated answer it asks for."""

from __future__ import annotations

import re

_SIDES = r"(?P<a>.+?)\s+(?:and|&|with)\s+(?P<b>.+?)"
_TOPIC = r"(?:\s+(?:on|about|over|regarding|when it comes to)\s+(?P<topic>.+?))?"
_END = r"\s*[?.!]*\s*$"

_COMPARE = [
    re.compile(rf"^(?:compare|contrast)\s+{_SIDES}{_TOPIC}{_END}"),
    re.compile(rf"^(?P<a>.+?)\s+(?:vs\.?|v\.?|versus)\s+(?P<b>.+?){_TOPIC}{_END}"),
    re.compile(
        rf"^(?:how|where|why)\s+(?:do|did)\s+{_SIDES}\s+(?:differ|disagree|compare){_TOPIC}{_END}"
    ),
    re.compile(
        rf"^(?:what\s+is|what's|whats)\s+the\s+difference\s+between\s+{_SIDES}{_TOPIC}{_END}"
    ),
]
_STANCE = r"(?:position|stance|view|views|line|tone|rhetoric|thinking)"
_CHANGE = r"(?:changed|evolved|shifted|developed)"
_TIMELINE = [
    re.compile(
        rf"^how\s+(?:has|have|did)\s+(?P<who>.+?)(?:'s|’s)?\s+{_STANCE}{_TOPIC}\s+{_CHANGE}"
        rf"(?:\s+over\s+time)?{_END}"
    ),
    re.compile(rf"^(?:a\s+)?timeline\s+(?:of|for)\s+(?P<who>.+?){_TOPIC}{_END}"),
]


def route(question: str) -> tuple[str, str] | None:
    """("compare", "A B topic") or ("timeline", "X topic") when the question asks for one;
    None for everything else."""
    text = " ".join(question.split())
    folded = text.lower()
    for pattern in _COMPARE:
        match = pattern.match(folded)
        if match:
            return "compare", _pick(text, match, "a", "b", "topic")
    for pattern in _TIMELINE:
        match = pattern.match(folded)
        if match:
            return "timeline", _pick(text, match, "who", "topic")
    return None


def _pick(text: str, match: re.Match[str], *groups: str) -> str:
    # Spans of the folded text index the original: lower() keeps these strings' lengths
    # for the scripts questions come in, and the original keeps names' capitals.
    if len(text) != len(match.string):
        return " ".join(match.group(g) for g in groups if match.group(g))
    return " ".join(text[match.start(g) : match.end(g)] for g in groups if match.group(g))
