"""Credentials out of text: what is logged, stored or shown never carries a URL's password.

Below every package (a source's name defaults to its URL, and is shown in review notices,
logs and `sources` listings), so nothing has to import the fetcher to print a URL.
"""

from __future__ import annotations

import re

_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/?#@\s]+)@")


def redact_credentials(text: str) -> str:
    """``text`` with the password (or bare token) of every URL in it replaced by ***:
    https://user:secret@host/ -> https://user:***@host/, https://token@host/ -> https://***@host/.
    """

    def mask(match: re.Match[str]) -> str:
        user, colon, _secret = match.group("userinfo").partition(":")
        shown = f"{user}:***" if colon else "***"
        return f"{match.group('scheme')}{shown}@"

    return _USERINFO.sub(mask, text)
