"""Which bodies' reported words are an official position: "Turkey said it would close the
straits", "the Kremlin said talks had stalled", "Nato said it would double its forces", "the
Russian Defence Ministry said …" (a country's government body, stored as "Defence Ministry
of Russia").

A news story reports what governments and international organisations said as often as
what people said. The body must be one the gazetteer knows as a country or an international
organisation, under its name or an alias ("Moscow", "the Kremlin", "the Pentagon", "Nato"),
or a government body named with such a country ("Ukraine's General Staff", "Russia's
defence ministry"): a news agency ("AP reported that …"), a pollster, a company or a
capitalised word read as a name ("When Ukraine …") is none, so their words are never stored
as a position.
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
    international organisation the gazetteer knows, or one of a country's government bodies
    ("the Russian Defence Ministry", "Ukraine's General Staff")."""
    return (
        form(_ARTICLE_RE.sub("", body.strip())) in _official_forms()
        or government_body(body) is not None
    )


# A country's government body as a wire story names it: its nationality or its name's
# possessive, then the body ("Defence Ministry", "General Staff", "Air Force"); or, as
# stored, the body then its country ("General Staff of Ukraine").
_BODY_HEADS = "Ministry|Staff|Office|Forces?|Army|Navy|Command|Guard|Government|Presidency|Cabinet"
_BODY = r"((?:[A-Z][\w\-]+\s+){0,3}?(?:" + _BODY_HEADS + "))"
_GOVERNMENT_BODY_RE = re.compile(r"(?:[Tt]he\s+)?([A-Z][\w\-]+)(['’]s)?\s+" + _BODY)
_BODY_OF_RE = re.compile(_BODY + r"\s+of\s+([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})")


# The same in lower case, as a newspaper writes it, ending the words before a verb:
# "Russia's defence ministry", "the Ukrainian general staff".
_PORTFOLIOS = (
    "defence|defense|foreign|interior|finance|economy|energy|justice|health|emergencies|"
    "agriculture|armed|general|air|naval|presidential|home|border|national|security|military"
)
_LOWER_BODY_END_RE = re.compile(
    r"(?:\b[Tt]he\s+)?\b([A-Z][\w\-]+)(?:['’]s)?\s+((?:(?:" + _PORTFOLIOS + r")\s+){0,2}"
    r"(?:" + _BODY_HEADS.lower() + r"))\s*$"
)


_OPEN_QUOTE_RE = re.compile(r"[“\"«]")
# A preposition or a noun before the body makes it no subject: it is someone else's object.
_OBJECT_BEFORE_RE = re.compile(r"\b(?:by|of|to|from|with|against|for|on|at|in|[a-z]+s)\s+$")


def government_body_ending(words: str) -> tuple[str, int] | None:
    """The government body of a country ending ``words``, written in lower case, as stored
    ("Defence Ministry of Russia"), and where its phrase starts; else None."""
    m = _LOWER_BODY_END_RE.search(words)
    if m is None or _OPEN_QUOTE_RE.search(words, 0, m.start()):
        return None  # none, or inside a quotation: "He said: “The Italian government condemns"
    if _OBJECT_BEFORE_RE.search(words, 0, m.start()):
        return None  # "besieged by Russian forces said", "the head of the British army said"
    country = _countries_by_form().get(form(m.group(1)))
    if country is None:
        return None
    body = " ".join(w.capitalize() for w in m.group(2).split())
    return f"{body} of {country}", m.start()


def government_body(phrase: str) -> str | None:
    """The body's name with its country after it ("General Staff of Ukraine", "Defence
    Ministry of Russia") when ``phrase`` is a government body of a country the gazetteer
    knows by that nationality or name; else None."""
    m = _GOVERNMENT_BODY_RE.fullmatch(phrase.strip())
    if m is not None:
        country = _countries_by_form().get(form(m.group(1)))
        return f"{m.group(3)} of {country}" if country is not None else None
    m = _BODY_OF_RE.fullmatch(phrase.strip())  # already written so: "Defence Ministry of Russia"
    if m is not None and _countries_by_form().get(form(m.group(2))) == m.group(2):
        return phrase.strip()
    return None


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
