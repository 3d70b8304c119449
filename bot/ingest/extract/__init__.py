"""Statement extraction: who said what, in the document's exact words.

Pure Python, no database. ``extract_statements(text)`` returns direct quotations (any common
quotation-mark style, across paragraphs, standalone quoted paragraphs, transcript turns,
a press release principal's first-person passages) and reported speech, each with the speaker
resolved across the document, the role the document gives, a kind tag and enumerated points.
"""

from .core import extract_document, extract_statements
from .doc_kind import KINDS
from .model import ExtractedPoint, ExtractedStatement, Extraction

__all__ = [
    "KINDS",
    "ExtractedPoint",
    "ExtractedStatement",
    "Extraction",
    "extract_document",
    "extract_statements",
]
