"""What a message says once the way it was addressed to the bot is taken off.

People talk to a bot as to a colleague: "hey @Attaché who called it posturing?",
"@Attaché, please tell me who…", "hi <@UBOT> — what did…". The greeting, the politeness and
the mention are how the question was addressed, not what it asks; left in, they read as
words of the question ("hey" as a topic) or hide a command word ("hi, help"). So:

- every mention of the bot is removed wherever it stands (`<@UBOT>`, or `@Attaché` typed in
  a slash command, which Slack does not encode);
- then, at the start only, greetings, politeness words and request frames around an
  embedded question ("can you tell me who …" -> "who …"), with the punctuation after them.

The word lists are small and closed: they are ways of addressing someone, never words a
question could be about, and nothing is removed past the first word that is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The bot's own name as people type it after "@" (display name, with or without accent).
BOT_NAMES = ("attaché", "attache")

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
# A request frame is filler only when an embedded question follows it: "tell me who said…"
# asks "who said…", while "tell me about Lavrov" keeps its words.
_FRAMES = (
    r"(?:can|could|would|will) you (?:please )?(?:tell|show) me",
    r"(?:tell|show) me",
    r"i(?:'d| would) like to know",
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
    r"^(?:"
    + "|".join(_FRAMES)
    + r")"
    + _END_OF_WORD
    + _SEPARATORS
    + r"(?="
    + _INTERROGATIVES
    + ")",
    re.IGNORECASE,
)
_LEADING_SEPARATORS = re.compile(r"^" + _SEPARATORS)


def bot_mentions(bot_user_id: str | None, names: Iterable[str] = BOT_NAMES) -> re.Pattern[str]:
    """Mentions of the bot as Slack encodes them (`<@U123>`, `<@U123|attache>`) and as typed
    in a slash command (`@Attaché`), case-insensitive."""
    parts = [rf"@(?:{'|'.join(re.escape(n) for n in names)})(?![\w-])"]
    if bot_user_id:
        parts.insert(0, rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>")
    return re.compile("|".join(parts), re.IGNORECASE)


def addressed_text(text: str, bot_user_id: str | None, names: Iterable[str] = BOT_NAMES) -> str:
    """`text` without the bot's mentions and without the greeting or politeness before it."""
    # Only the mentions' own places change: line breaks in arguments stay as typed.
    words = bot_mentions(bot_user_id, names).sub(" ", text).strip()
    while True:
        words = _LEADING_SEPARATORS.sub("", words)
        shorter = _FRAME.sub("", _FILLER.sub("", words, count=1), count=1)
        if shorter == words:
            return words
        words = shorter
