"""What a question asks once the way it was addressed is taken off.

People ask a bot as they ask a colleague: "hey, who called it posturing?", "please tell me
who…", "can you tell me who said…". The greeting, the politeness and the request frame are
how the question was put, not what it asks; left in, they read as words of the question
("hey" as a topic, "who" after "tell me" as the World Health Organization, since only a
question's first word is taken as its interrogative). Every way in (console, command line,
Slack, Discord) reaches the question through `parse`, so they are taken off there, once.

Only at the start, and only these small closed lists: ways of addressing someone, never
words a question could be about; nothing is removed past the first word that is not one.
A request frame goes only where an embedded question follows it: "tell me who said…" asks
"who said…", while "tell me about Lavrov" keeps its words.
"""

from __future__ import annotations

import re

_GREETINGS = (
    "hey there",
    "hi there",
    "hello there",
    "good morning",
    "good afternoon",
    "good evening",
    "hey",
    "hi",
    "hello",
    "hiya",
    "howdy",
    "yo",
    "greetings",
    "dear",
    "ok",
    "okay",
    "so",
)
_POLITENESS = ("please", "pls", "plz", "kindly", "quick question")
_FRAMES = (
    r"(?:can|could|would|will) you (?:please )?(?:tell|show) me",
    r"(?:tell|show) me",
    r"i(?:'d|’d| would) like to know",
    r"do you know",
)
_INTERROGATIVES = r"(?:who|whom|whose|what|when|where|which|why|how|whether|if)\b"

# Punctuation that may follow a greeting ("hi — what …", "hey, …"); a hyphen only with a
# space after it, so "so-called" keeps its "so".
_SEPARATORS = r"(?:[\s,;:.!–—]|-(?=\s))*"
_END_OF_WORD = r"(?=[\s,;:.!?–—]|-\s|$)"
_FILLER = re.compile(
    r"^(?:"
    + "|".join(re.escape(w) for w in (*_GREETINGS, *_POLITENESS))
    + r")"
    + _END_OF_WORD
    + _SEPARATORS,
    re.IGNORECASE,
)
_FRAME = re.compile(
    r"^(?:" + "|".join(_FRAMES) + r")" + _END_OF_WORD + _SEPARATORS + rf"(?={_INTERROGATIVES})",
    re.IGNORECASE,
)
_LEADING_SEPARATORS = re.compile(r"^" + _SEPARATORS)


def without_address(text: str) -> str:
    """`text` without the greeting, politeness and request frame at its start."""
    words = text.strip()
    while True:
        words = _LEADING_SEPARATORS.sub("", words)
        shorter = _FRAME.sub("", _FILLER.sub("", words, count=1), count=1)
        if shorter == words:
            return words
        words = shorter
