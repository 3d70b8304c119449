"""Repair of glued words ("televisionRia", "NATOneeds", "conditionsneed") in scraped text.

The product's first rule is that a quote is never altered, so a repair may only insert a space
inside a token; it never changes, adds or removes a letter. It is also conservative: when in
doubt the token stays as it is. Three kinds of join are repaired:

* camel-case joins, lower case then upper case: "televisionRia" -> "television Ria";
* acronym joins, an all-caps run then a lower-case word: "NATOneeds" -> "NATO needs";
* plain joins of two words: "conditionsneed" -> "conditions need", "Governmentdismissed" ->
  "Government dismissed" -- only when the token is not a known word and splits into two
  frequent words.

Known words come from wordfreq's large English list (about 320k words, 1.5 MB compressed,
loaded lazily in well under a second on first use). A token is never split when it is a known
word, appears a second time in the same document (a name or brand the author uses on purpose),
or is part of a URL, e-mail address, hashtag or handle; brand-style tokens such as "iPhone",
"eBay", "McDonald", "YouTube", "PhD", "kWh" fall under the rules below.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache, lru_cache

__all__ = ["glue_splits", "known_zipf"]

# Zipf thresholds (log10 of frequency per billion words): 3 is "a few times per million words".
_PART_ZIPF = 3.0  # each part of a plain lower-case join
_NAME_PART_ZIPF = 4.0  # each part of a capitalised join, which may be a rare name
_SHORT_WORD_ZIPF = 5.5  # a 2-letter part must be a very common word ("of", "by", "to")
_CAMEL_LEFT_ZIPF = 2.0  # the lower-case word before a camel-case join must at least be a word
_COMMON_ZIPF = 5.8  # one part of a plain join must be this common ("to", "are", "need")
_NAME_COMMON_ZIPF = 5.5  # the same for a capitalised join ("Government" + "dismissed")

_LETTER_RUN = re.compile(r"[^\W\d_]+")
_CAMEL = re.compile(r"^([A-Z]?[a-z]+)([A-Z][a-z]+)$")
_ACRONYM = re.compile(r"^([A-Z]{2,})([a-z]{3,})$")
_PLAIN = re.compile(r"^[A-Z]?[a-z]{6,}$")
# Tokens that are addresses or identifiers, not prose.
_NOT_PROSE = re.compile(
    r"://|^www\.|@|^#|\.(?:com|org|net|gov|edu|ru|ua|uk|eu|io|de|fr)\b|[\w-]\.[a-z]{2,}/", re.I
)


@cache
def _frequencies() -> dict[str, float]:
    # Imported here so that importing the cleaner costs nothing until a candidate shows up.
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "large")


def known_zipf(word: str) -> float:
    """wordfreq Zipf frequency of ``word`` (case-insensitive); 0.0 when unknown."""
    freq = _frequencies().get(word.lower())
    return math.log10(freq) + 9 if freq else 0.0


def _part_ok(part: str, threshold: float) -> bool:
    if len(part) < 2:
        return False
    zipf = known_zipf(part)
    if len(part) == 2:
        return zipf >= _SHORT_WORD_ZIPF
    return zipf >= threshold


def _camel_split(run: str) -> int | None:
    match = _CAMEL.match(run)
    if match is None:
        return None
    left, right = match.groups()
    if known_zipf(run) > 0:  # YouTube, PayPal, LinkedIn, MacArthur
        return None
    if left[0].isupper():
        # Two capitalised parts look like a brand ("EuroMaidan"). Split only two common words
        # (a heading glued to its text, "SummaryIt") or a known word or name followed by a
        # very common word (a name glued to the next sentence, "LavrovRead", "AlexanderThe").
        common_pair = _part_ok(left, _NAME_PART_ZIPF) and _part_ok(right, _NAME_PART_ZIPF)
        name_then_common = (
            len(left) >= 3
            and known_zipf(left) >= _CAMEL_LEFT_ZIPF
            and known_zipf(right) >= _SHORT_WORD_ZIPF
        )
        if not (common_pair or name_then_common):
            return None
    elif len(left) < 2 or not _part_ok(left, _CAMEL_LEFT_ZIPF):
        return None  # iPhone, eBay, kWh, McDonald-style prefixes, unknown fragments
    return len(left)


def _acronym_split(run: str) -> int | None:
    match = _ACRONYM.match(run)
    if match is None:
        return None
    acronym, word = match.groups()
    if known_zipf(run) > 0:
        return None
    # "PMMore" is "PM" + "More", not "PMM" + "ore": the last capital may start the word.
    options = [(known_zipf(word), len(acronym))]
    if len(acronym) >= 3:
        options.append((known_zipf(acronym[-1] + word), len(acronym) - 1))
    zipf, cut = max(options)
    return cut if zipf >= _PART_ZIPF else None


# Prefixes and suffixes that form real, if unlisted, words ("nonbloc", "antitank", "Putinism"):
# a cut right after such a prefix or right before such a suffix is a compound, not a glue.
_BOUND_PREFIXES = frozenset(
    {
        "aero",
        "agro",
        "anti",
        "auto",
        "bi",
        "bio",
        "co",
        "counter",
        "cross",
        "cyber",
        "de",
        "dis",
        "eco",
        "electro",
        "euro",
        "ex",
        "extra",
        "geo",
        "hydro",
        "hyper",
        "il",
        "im",
        "in",
        "inter",
        "intra",
        "ir",
        "macro",
        "magneto",
        "mega",
        "micro",
        "mid",
        "mini",
        "mis",
        "multi",
        "nano",
        "narco",
        "neo",
        "non",
        "out",
        "over",
        "para",
        "petro",
        "post",
        "pre",
        "pro",
        "proto",
        "pseudo",
        "quasi",
        "re",
        "retro",
        "self",
        "semi",
        "socio",
        "sub",
        "super",
        "tele",
        "trans",
        "tri",
        "ultra",
        "un",
        "under",
        "vice",
    }
)
_BOUND_SUFFIXES = frozenset(
    {
        "able",
        "ability",
        "ably",
        "er",
        "ers",
        "ism",
        "ist",
        "ists",
        "isms",
        "ness",
        "less",
        "ship",
        "hood",
        "wise",
        "like",
        "dom",
        "ward",
        "wards",
        "gate",
    }
)


def _plain_split(run: str) -> int | None:
    """Cut for a join of two plain words, or None.

    Two frequent words glued together look exactly like a compound ("choirmasters",
    "safekeep", "Partygate", "Brovary"), and a word list has no bigrams to tell them apart.
    What compounds rarely do is contain a very common word, while real joins in scraped text
    mostly do ("conditionsneed", "allowedto", "areadvancing"), so one part must be very common.
    A capitalised token may be a name, so both its parts must be frequent words of 4+ letters.
    """
    if _PLAIN.match(run) is None or known_zipf(run) > 0:
        return None
    capitalised = run[0].isupper()
    threshold = _NAME_PART_ZIPF if capitalised else _PART_ZIPF
    min_length = 4 if capitalised else 2
    best: tuple[float, int] | None = None
    for cut in range(min_length, len(run) - min_length + 1):
        left, right = run[:cut], run[cut:]
        if (left.lower() in _BOUND_PREFIXES and len(right) >= 4 and known_zipf(right) > 0) or (
            right in _BOUND_SUFFIXES and known_zipf(left) > 0
        ):
            return None  # a compound such as "nonbloc"; no other cut is trusted either
        if not (_part_ok(left, threshold) and _part_ok(right, threshold)):
            continue
        zipfs = (known_zipf(left), known_zipf(right))
        if max(zipfs) < (_NAME_COMMON_ZIPF if capitalised else _COMMON_ZIPF):
            continue
        if best is None or min(zipfs) > best[0]:
            best = (min(zipfs), cut)
    return best[1] if best else None


_RULES: tuple[Callable[[str], int | None], ...] = (_camel_split, _acronym_split, _plain_split)


# Tokens worth a closer look: a lower-upper or caps-lower boundary, or a long letter run.
# Everything else (short words, numbers) is passed over without touching the word list.
_CANDIDATE = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]|[^\W\d_]{7}")


@lru_cache(maxsize=200_000)
def _token_cuts(token: str) -> tuple[tuple[int, str], ...]:
    """(offset, letter run) for each repair the rules propose in ``token``, document aside."""
    if _CANDIDATE.search(token) is None or _NOT_PROSE.search(token):
        return ()
    cuts: list[tuple[int, str]] = []
    for match in _LETTER_RUN.finditer(token):
        run = match.group()
        if len(run) < 5:
            continue
        # A letter run glued to digits ("COVID19cases") is an identifier, not prose.
        if (match.start() > 0 and token[match.start() - 1].isdigit()) or (
            match.end() < len(token) and token[match.end()].isdigit()
        ):
            continue
        for rule in _RULES:
            cut = rule(run)
            if cut is not None:
                cuts.append((match.start() + cut, run))
                break
    return tuple(cuts)


def glue_splits(token: str, occurs_elsewhere: Callable[[str], bool]) -> list[int]:
    """Offsets inside ``token`` (a whitespace-free token) where a space should be inserted.

    ``occurs_elsewhere(run)`` says whether the letter run appears more than once in the
    document; such runs are taken to be words the author meant.
    """
    return [cut for cut, run in _token_cuts(token) if not occurs_elsewhere(run)]
