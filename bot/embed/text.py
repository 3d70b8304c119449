"""What a statement is embedded from. Kept apart and small: what goes in is a tuning knob.

The "all" variant of benchmarks/dense_eval.py measured best (accuracy@3 of the dense
ranking limited to the asked side, 0.697 on qa_questions against 0.596 for the words
alone): who said it (name, role, entity), the words, the sentence and paragraph around
them, and the document's title. Points not already inside the words are added after them,
since an edit of the points should move the vector as it moves the full-text index.
"""

from __future__ import annotations

from collections.abc import Sequence


def statement_embedding_text(
    *,
    words: str,
    speaker: str,
    role: str | None = None,
    entity: str | None = None,
    points: Sequence[str] = (),
    sentence: str | None = None,
    context: str = "",
    title: str | None = None,
) -> str:
    """ "speaker, role, entity: words points sentence context title"."""
    who = ", ".join(part for part in (speaker, role, entity) if part)
    extra = [point for point in points if point and point not in words]
    around = [part for part in (sentence, context, title) if part]
    head = f"{who}: {words}" if who else words
    return " ".join([head, *extra, *around]).strip()
