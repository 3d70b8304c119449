"""What a message says once the way it was addressed to the bot is taken off.

People talk to a bot as to a colleague: "hey @Attaché who called it posturing?",
"@Attaché, please tell me who…", "hi <@UBOT> — what did…". The greeting, the politeness and
the mention are how the question was addressed, not what it asks; left in, they read as
words of the question ("hey" as a topic) or hide a command word ("hi, help"). So:

- every mention of the bot is removed wherever it stands (`<@UBOT>`, or `@Attaché` typed in
  a slash command, which Slack does not encode);
- then, at the start only, greetings, politeness words and request frames around an
  embedded question ("can you tell me who …" -> "who …"), with the punctuation after them:
  the core's `without_address`, which every question goes through anyway; here it also
  uncovers a command word ("hi, help").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.answer.addressing import without_address

# The bot's own name as people type it after "@" (display name, with or without accent).
BOT_NAMES = ("attaché", "attache")


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
    return without_address(bot_mentions(bot_user_id, names).sub(" ", text))
