"""Slack's text format in both directions.

Outgoing: Slack treats `<…>` as control sequences (`<!channel>`, `<@U123>`, links) and `&`
starts an entity, so every piece of quoted or user-supplied text goes through `escape`; the
only `<…>` we emit are links built by `link` from URLs the reply itself carries.

Incoming: message and mention text arrives with those sequences encoded (`<https://…|label>`,
`<@U123>`, `&amp;`); `plain_text` turns it back into what the user typed.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_LINKABLE_SCHEMES = ("http", "https")


def escape(text: str) -> str:
    """The three characters Slack requires escaped; `&` first so entities are not doubled."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str | None, label: str) -> str:
    """`<url|label>` for http(s) URLs; any other URL (or none) is shown as plain text.

    Characters that would end the link early (`|`, `>`, `<`, spaces) are percent-encoded;
    `&` is entity-escaped as Slack expects inside links too.
    """
    safe_label = escape(label)  # Slack splits at the first "|", so one in a label is safe
    if not url or urlsplit(url).scheme.lower() not in _LINKABLE_SCHEMES:
        return safe_label if not url else f"{safe_label} ({escape(url)})"
    target = quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")
    return f"<{target.replace('&', '&amp;')}|{safe_label}>"


_ANGLE = re.compile(r"<([^<>]*)>")
_LEADING_MENTIONS = re.compile(r"^(?:\s*<@[A-Z0-9]+(?:\|[^>]*)?>)+\s*")


def strip_leading_mentions(text: str) -> str:
    """`<@UBOT> what are …` -> `what are …` (the mention that addressed the bot)."""
    return _LEADING_MENTIONS.sub("", text, count=1)


def plain_text(text: str) -> str:
    """Undo Slack's encoding of message text: links, mentions, channels and entities."""

    def unwrap(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            return f"@{label or target[1:]}"
        if target.startswith("#"):
            return f"#{label or target[1:]}"
        if target.startswith("!"):
            return f"@{label or target[1:].split('^')[0]}"
        if target.startswith("mailto:"):
            return label or target.removeprefix("mailto:")
        # A link: the URL itself is what the user typed (the label is Slack's prettified form).
        return target

    decoded = _ANGLE.sub(unwrap, text)
    # Slack encodes exactly these three; a full HTML unescape would alter what was typed.
    return decoded.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
