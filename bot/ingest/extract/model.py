"""The extractor's public result types and the internal draft they are built from."""

from __future__ import annotations

from dataclasses import dataclass, field

from .speakers import Person


@dataclass(frozen=True)
class ExtractedPoint:
    text: str  # exact substring of the input text
    start: int
    end: int  # text[start:end] == text


@dataclass(frozen=True)
class ExtractedStatement:
    speaker: str | None  # best full name resolved in the document ("Sergei Lavrov")
    role: str | None  # role phrase the document gives for that speaker, or None
    quote: str  # exact substring: text[start:end] == quote (no surrounding quotation marks)
    start: int
    end: int
    direct: bool  # quotation marks / standalone quoted paragraph / transcript turn
    kind: str | None  # condition, demand, offer, rejection, warning, assessment, or None
    cue: str | None  # the speech verb or cue found ("said", "according to")
    confidence: float  # 0..1
    points: tuple[ExtractedPoint, ...] = ()  # enumerated points, in order
    context: str = ""  # the sentence that introduces or attributes the statement
    # "person", "organisation" for a body the document has speak ("Police said"), "group"
    # for the signatories of a joint statement ("G7 Leaders"), "body" for the body that
    # issued the document ("Ministry of Foreign Affairs of Ukraine").
    speaker_kind: str = "person"
    # The reporter's sentence carrying a quoted fragment (extract/sentence.py), else None:
    # text[sentence_start:sentence_end] is an exact substring holding text[start:end].
    sentence_start: int | None = None
    sentence_end: int | None = None
    # The reporting verb's lemma the kind was read with ("warn"), None when there is none
    # or it is negated, and the speaker's side's names it was read with (own_side): what
    # reading the kind again with the side the document gives needs.
    lemma: str | None = None
    side: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Extraction:
    """One document's extraction: its kind (``doc_kind.KINDS``) and its statements."""

    kind: str
    statements: list[ExtractedStatement]


@dataclass
class Draft:
    """A statement before kind tagging and final clean-up."""

    start: int
    end: int
    direct: bool
    person: Person | None
    role: str
    cue: str | None
    confidence: float
    context: tuple[int, int]
    org: str | None = None
    lemma: str | None = None
    points: list[tuple[int, int]] = field(default_factory=list)
    # "group" when ``org`` names the signatories of a joint document, "body" when it names
    # the body that issued it (extract/issuers.py).
    issuer: str | None = None

    @property
    def speaker_key(self) -> object:
        return self.person if self.person is not None else self.org
