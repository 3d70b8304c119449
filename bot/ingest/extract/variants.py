"""Transliteration variants of one given name: "Oleg"/"Oleh", "Dmitry"/"Dimitry",
"Oleksandr"/"Olexander", "Andriy"/"Andrii".

News outlets and press offices romanise Cyrillic names differently, so the same official
appears under several spellings. Two given names are taken as one when their transliteration
skeletons are equal, or nearly equal for names long enough that a one- or two-letter
difference is a spelling and not another name ("Mark" and "Mary" stay apart). Callers apply
this only to people who share a surname: it says nothing about "Vladimir Putin" and
"Volodymyr Zelenskyy".
"""

from __future__ import annotations

import re
import unicodedata

from .lexicon import lexicon

# Romanisation choices, applied in order to a lower-case, accent-free name.
_SKELETON_RULES = (
    (re.compile(r"ks"), "x"),  # Oleksandr / Olexander
    (re.compile(r"kh"), "h"),  # Mykhailo / Mihailo
    (re.compile(r"g"), "h"),  # Oleg / Oleh, Sergei / Serhiy
    (re.compile(r"ph"), "f"),
    (re.compile(r"w"), "v"),
    (re.compile(r"[jy]"), "i"),  # Yuriy / Jurij, Dmitry / Dmitri
    (re.compile(r"(.)\1+"), r"\1"),  # Andrii / Andriy -> "andri"
)


def _skeleton(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.lower())
    s = "".join(c for c in folded if c.isalpha() and not unicodedata.combining(c))
    for pattern, repl in _SKELETON_RULES:
        s = pattern.sub(repl, s)
    return s


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning ``limit + 1``) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def same_given_name(a: str, b: str) -> bool:
    """``a`` and ``b`` are spellings of one given name (for people of the same surname)."""
    if a.lower() == b.lower():
        return True
    genders = lexicon().given_gender
    ga, gb = genders.get(a.capitalize()), genders.get(b.capitalize())
    if ga and gb and ga != gb:
        return False  # "Daniel" and "Daniela"
    sa, sb = _skeleton(a), _skeleton(b)
    if not sa or not sb:
        return False
    if sa == sb:
        return True
    if sa.endswith("a") != sb.endswith("a"):
        return False  # a feminine form: "Alexander" / "Alexandra", "Robert" / "Roberta"
    shorter = min(len(sa), len(sb))
    # A misspelling keeps the first letter; short names differ by one letter as other names.
    if shorter < 5 or sa[0] != sb[0]:
        return False
    limit = 2 if shorter >= 7 else 1
    return _distance(sa, sb, limit) <= limit
