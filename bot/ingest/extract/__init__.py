"""Statement extraction: who said what, in the document's exact words.

Pure Python, no database. ``extract_statements(text)`` returns direct quotations (any common
quotation-mark style, across paragraphs, standalone quoted paragraphs, transcript turns,
a press release principal's first-person passages) and reported speech, each with the speaker
resolved across the document, the role the document gives, a kind tag and enumerated points.
"""

from .core import extract_statements
from .model import ExtractedPoint, ExtractedStatement

__all__ = ["ExtractedPoint", "ExtractedStatement", "extract_statements"]
