"""What an action's handler reads: its words and options (`action_args`), and statement and
source numbers as typed: "12 13", "#12,". (Words, phrases and key=value options are read by
bot.core.parse, the one text parser.)"""

from __future__ import annotations

from bot.core.errors import InvalidInput
from bot.core.parse import Args, parse_args
from bot.core.registry import ACTION
from bot.core.types import Command


def action_args(command: Command) -> Args:
    """An action's words and options. `Core.handle` took the action's word out of the text
    and named the action in the options, which its handler has no use for: left out."""
    args = parse_args(command.text, command.options)
    args.options.pop(ACTION, None)
    return args


def parse_ids(words: tuple[str, ...], what: str = "statement") -> list[int]:
    ids = []
    for word in words:
        cleaned = word.lstrip("#").rstrip(",")
        if not cleaned.isdigit():
            raise InvalidInput(f"“{word}” is not a {what} number (e.g. 12 or #12)")
        ids.append(int(cleaned))
    if not ids:
        raise InvalidInput(f"give at least one {what} number, e.g. 12")
    if len(ids) > 100:
        raise InvalidInput(f"{len(ids)} {what}s at once is too many; the limit is 100")
    return ids
