"""Typed text -> a command: the one parser every text adapter uses (`attache chat`, Slack's
slash command, mentions and direct messages, the command line's free words).

Three steps, each a pure function: `split_command` picks the command ("sources add URL" ->
sources), `split_action` picks a command's action ("add URL" -> add), and `parse_args`
reads the rest: words, "quoted phrases" and key=value options.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.errors import InvalidInput
from bot.core.registry import ACTION, Registry

# "/attache admin sources add URL": the word that groups admin commands on Discord; typed
# before a command it is dropped, so a command copied from Discord's tree runs as typed.
ADMIN_PREFIX = "admin"
# What an empty text asks for.
EMPTY = ("help", "")


def split_command(text: str, registry: Registry) -> tuple[str, str]:
    """(command name, argument text): a leading registered name runs it, else the whole
    text is a question for `ask`. An empty text asks for help; a leading "/" is ignored,
    and so is a leading "admin" when a command follows it."""
    stripped = text.strip().lstrip("/").strip()
    if not stripped:
        return EMPTY
    head, _, rest = stripped.partition(" ")
    if head.lower() == ADMIN_PREFIX and ADMIN_PREFIX not in registry:
        inner_head, _, inner_rest = rest.strip().partition(" ")
        if not inner_head:
            return EMPTY
        if inner_head.lower() in registry:
            return inner_head.lower(), inner_rest.strip()
    if head.lower() in registry:
        return head.lower(), rest.strip()
    return "ask", stripped


@dataclass(frozen=True)
class Args:
    words: tuple[str, ...]
    options: dict[str, str]

    def first(self) -> str:
        return self.words[0].lower() if self.words else ""


def parse_args(text: str, options: Mapping[str, str] | None = None) -> Args:
    """`approve 12 13 kind=condition "role=foreign minister"` -> words and options.

    Options given natively by the platform (Discord slash options) win over typed ones.
    """
    parts = split_words(text)
    words, typed = [], {}
    for part in parts:
        key, eq, value = part.partition("=")
        if eq and key and key.replace("-", "").replace("_", "").isalnum():
            typed[key.lower().replace("-", "_")] = value
        else:
            words.append(part)
    return Args(
        tuple(words), {**typed, **{k: v for k, v in (options or {}).items() if v is not None}}
    )


def split_words(text: str) -> list[str]:
    """Words and quoted phrases. 'single' and "double" quotes group words, but an apostrophe
    that opens no phrase ("Russia's foreign minister", "the allies' view") is part of its word.
    """
    text = text.replace("“", '"').replace("”", '"')
    try:
        return shlex.split(text)
    except ValueError:
        pass
    # An unbalanced single quote: read again with double quotes as the only quotes.
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    lexer.quotes = '"'
    try:
        return list(lexer)
    except ValueError as exc:
        raise InvalidInput(
            f"could not read the arguments: {exc} (check the quotation marks)"
        ) from None


def split_action(
    text: str, options: Mapping[str, str], names: tuple[str, ...], default: str
) -> tuple[str, str]:
    """(action, the text without it): the action is the native "action" option (Discord's
    subcommands, the cards' buttons), else the first word, else `default`. The first word
    is taken out of the text when it names the action, whichever way the action came.

    Handlers read the rest as they like (schedule filter reads names with spaces), so the
    word is cut out of the text as typed, not rebuilt from parsed words.
    """
    first = parse_args(text).first()
    chosen = (options.get(ACTION) or first or default).lower()
    if chosen not in names:
        return chosen, text  # the caller names the known actions in its error
    if first == chosen:
        standalone = rf"(?<!\S){re.escape(chosen)}(?!\S)\s*"
        text = re.sub(standalone, "", text, count=1, flags=re.IGNORECASE).strip()
    return chosen, text
