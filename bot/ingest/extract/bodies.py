"""Which bodies' reported words are an official position: "Turkey said it would close the
straits", "the Kremlin said talks had stalled", "Nato said it would double its forces".

A news story reports what governments and international organisations said as often as
what people said. The body must be one the gazetteer knows as a country or an international
organisation, under its name or an alias ("Moscow", "the Kremlin", "the Pentagon", "Nato"):
a news agency ("AP reported that …"), a pollster, a company or a capitalised word read as a
name ("When Ukraine …") is none, so their words are never stored as a position.
"""

from __future__ import annotations

import re
from functools import cache

from bot.text.gazetteer import form, load_gazetteer

# Kinds of entity whose statements are a government's or an organisation's position.
_OFFICIAL_KINDS = frozenset({"country", "organisation"})
_ARTICLE_RE = re.compile(r"^(?:the)\s+", re.IGNORECASE)


@cache
def _official_forms() -> frozenset[tuple[str, ...]]:
    """Each official entity's name and aliases, without an article, as the resolver
    matches them (``gazetteer.form``)."""
    return frozenset(
        form(_ARTICLE_RE.sub("", name))
        for e in load_gazetteer().entities
        if e.kind in _OFFICIAL_KINDS
        for name in (e.name, *e.aliases)
    )


def speaks_officially(body: str) -> bool:
    """The body, as a cue names it ("Kremlin", "Turkey"), is a government or an
    international organisation the gazetteer knows."""
    return form(_ARTICLE_RE.sub("", body.strip())) in _official_forms()


# "The Russian side stressed that …": a party to talks, named by its nationality, as
# ministries' readouts write it.
_SIDE_RE = re.compile(r"[Tt]he\s+([A-Z][\w\-]+)\s+side")


def side_body(phrase: str) -> str | None:
    """The country that "the Russian side" or "the Mozambican side" names, when the
    gazetteer knows it by that nationality or name; else None."""
    m = _SIDE_RE.fullmatch(phrase.strip())
    if m is None:
        return None
    return _countries_by_form().get(form(m.group(1)))


@cache
def _countries_by_form() -> dict[tuple[str, ...], str]:
    return {
        form(word): e.name
        for e in load_gazetteer().entities
        if e.kind == "country"
        for word in (e.name, *e.demonyms)
    }
