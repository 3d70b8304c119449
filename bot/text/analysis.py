"""Text analysis shared by indexing and querying.

Both search backends index *analysed* text (lower-cased Snowball stems) produced here, so
SQLite FTS5 and PostgreSQL rank the same terms and the answer engine can measure, in
Python, which question terms a statement covers.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")
_stemmer = snowballstemmer.stemmer("english")

# Function words carry no topic. Question words and reporting verbs are removed separately
# by the question parser, which needs them to tell what is asked.
STOPWORDS = frozenset(
    """
    a an the and or but nor if then else of to in on at by for with about against between into
    through during before after above below from up down out off over under again further once
    here there all any both each few more most other some such no not only own same so than too
    very can will just should now is are was were be been being have has had having do does did
    doing would could might must shall may it its itself this that these those i me my we our
    you your he him his she her they them their what which who whom whose when where why how am
    as also s t don isn aren wasn weren hasn haven hadn doesn didn won wouldn shan shouldn let
    lets us
    """.split()
)


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so "Zelenskyy", "ZELENSKYY" and "Zelenskýy" meet."""
    if text.isascii():
        return text.lower()  # the same for ASCII, at a fraction of the cost
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded word tokens; possessive 's is dropped ("Russia's" -> "russia")."""
    out: list[str] = []
    for match in _WORD.finditer(fold(text)):
        token = _POSSESSIVE.sub("", match.group())
        out.extend(t for t in re.split(r"[-'’]", token) if t)
    return out


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stems of the content words of `text`, in order (duplicates kept)."""
    return [stem(w) for w in words(text) if keep_stopwords or w not in STOPWORDS]


def index_text(*parts: str | None) -> str:
    """The analysed form stored in the full-text index."""
    return " ".join(t for part in parts if part for t in terms(part))


@lru_cache(maxsize=50_000)
def is_common_word(word: str) -> bool:
    """An everyday English word ("west", "price")? Loads wordfreq's English list on first
    use, so only code paths that need it pay its fraction of a second."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= 3.3


def looks_like_a_name(word: str) -> bool:
    """A word no dictionary has ("fico", "kobakhidze"): in a place for a name, a person."""
    return word.isalpha() and len(word) >= 3 and word not in STOPWORDS and not is_common_word(word)


# What a title never opens with: punctuation and articles ("- Kremlin spokesman", "the
# foreign minister", "a spokesman for the National Guard").
_ROLE_LEAD_RE = re.compile(r"^(?:[\s\-–—,;:.]+|(?:the|a|an)\s+)+", re.IGNORECASE)


def bare_role(role: str) -> str:
    """A role phrase without the punctuation and articles a title never opens with."""
    return _ROLE_LEAD_RE.sub("", " ".join(role.split()))
