"""Parse the free text of chat commands: words, "quoted phrases" and key=value options."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.errors import AdminOnly, InvalidInput
from bot.core.types import Command


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


def require_admin(command: Command, action: str) -> None:
    """Refuse a non-admin; `Core.handle` audits and logs the refusal (AdminOnly)."""
    if not command.context.is_admin:
        raise AdminOnly(
            f"{action} is for admins only; ask someone with the admin permission on this "
            "server or workspace.",
            action=action,
        )


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
