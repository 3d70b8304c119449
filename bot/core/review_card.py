"""The review card: one pending statement as an admin judges it. Pure data, no imports
beyond the standard library, so that `bot.core.types.Reply` can carry one. It lives in the
core, below the review package that builds it (bot/review/build.py), as every adapter shows it.

Every platform shows the same card (Discord embed, Slack blocks, the console): the
statement's words highlighted within their paragraph (`before` + `words` + `after`, the
document's own text, never altered), who said it and when, the kind and confidence, the
document's title and link, and the cue that made the extractor take it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The card's buttons, in order; each adapter maps them to its own controls. "document"
# approves every pending statement of the card's document.
CARD_ACTIONS = ("approve", "reject", "edit", "document", "next")
CARD_LABELS = {
    "approve": "Approve",
    "reject": "Reject",
    "edit": "Edit",
    "document": "Approve all from this document",
    "next": "Next",
}


@dataclass(frozen=True)
class ReviewCard:
    statement_id: int
    speaker: str
    role: str | None
    kind: str | None
    date: date | None
    confidence: float
    status: str  # pending, approved, rejected
    direct: bool
    # The paragraph around the words, cut as the document has it: before, words, after.
    before: str
    words: str
    after: str
    # Why it was extracted: "said", "transcript label “LAVROV:”", "the title's principal".
    cue: str
    document_id: int | None = None
    document_title: str | None = None
    document_url: str | None = None
    document_kind: str | None = None
    outlet: str | None = None
    points: tuple[str, ...] = ()
    # Pending statements of this document (this one included) and in the whole queue.
    document_pending: int = 0
    queue_pending: int = 0
    # Set after an action: "Approved by Alice", shown in place of the action buttons.
    outcome: str | None = None
    # The queue's filters this card was drawn with ("kind=condition source=reuters"), so
    # that Next keeps to them.
    filters: str = ""

    @property
    def date_label(self) -> str:
        return self.date.isoformat() if self.date else "date unknown"

    @property
    def actions(self) -> tuple[str, ...]:
        """The buttons this card offers: all of them while pending; Next once acted on."""
        if self.status != "pending":
            return ("next",)
        if self.document_pending < 2 or self.document_id is None:
            return tuple(a for a in CARD_ACTIONS if a != "document")
        return CARD_ACTIONS

    def label(self, action: str) -> str:
        if action == "document":
            return f"Approve all {self.document_pending} from this document"
        return CARD_LABELS[action]

    @property
    def summary(self) -> str:
        """One line naming the card: "#12 Sergei Lavrov (foreign minister) · condition"."""
        who = f"{self.speaker} ({self.role})" if self.role else self.speaker
        return f"#{self.statement_id} {who} · {self.kind or 'no kind'} · {self.date_label}"

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        """The card's fields as (name, value), in the order every platform shows them."""
        return (
            ("Speaker", self.speaker),
            ("Role", self.role or "not stated"),
            ("Kind", self.kind or "none"),
            ("Date", self.date_label),
            ("Confidence", f"{self.confidence:.2f}"),
            ("Why extracted", self.cue),
            ("Quote", "direct quote" if self.direct else "reported speech"),
        )

    @property
    def form(self) -> dict[str, str]:
        """The Edit form's fields as they stand (every platform's form, and the console's):
        what `review edit` takes, never the words."""
        return {
            "speaker": self.speaker,
            "role": self.role or "",
            "kind": self.kind or "none",
            "date": self.date.isoformat() if self.date else "unknown",
            "points": " | ".join(self.points),
        }

    @property
    def footer(self) -> str:
        """Who acted, or how much waits: "Approved #12 by Alice · 3 pending"."""
        if self.outcome:
            return f"{self.outcome} · {self.queue_pending} pending"
        here = f" · {self.document_pending} from this document" if self.document_pending > 1 else ""
        return f"{self.queue_pending} pending{here}"

    @property
    def document_label(self) -> str:
        title = self.document_title or "untitled document"
        parts = [p for p in (self.document_kind, self.outlet) if p]
        return f"{' · '.join(parts)}: ‘{title}’" if parts else f"‘{title}’"
