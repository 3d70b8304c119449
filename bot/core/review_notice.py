"""A review channel's notice: what it says, as pure data (no imports beyond the standard
library, so that `bot.core.types.Reply` can carry one and every adapter render it). It lives
in the core, below the review package that decides when to send one (bot/review/notifier.py).

Three kinds:
- pending: "Source #3 Reuters world: 14 new statements from 3 documents", with a Review
  button that opens the first card of that source's queue (`review next source=3`);
- failing: a source's polls failed FAILING_AFTER times in a row, with the last error;
  said once per failing streak;
- recovered: the source polled successfully again, after how many failed polls.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("pending", "failing", "recovered")
REVIEW_LABEL = "Review"


@dataclass(frozen=True)
class ReviewNotice:
    kind: str  # one of KINDS
    # "Source #3 Reuters world", or "Ingest by Alice" for a chat `ingest`.
    subject: str
    statements: int = 0
    documents: int = 0
    failures: int = 0
    error: str | None = None
    # The queue's filters the Review button opens ("source=3"); "" for the whole queue.
    review_filters: str = ""

    @property
    def headline(self) -> str:
        if self.kind == "pending":
            return (
                f"{self.subject}: {_count(self.statements, 'new statement')} from "
                f"{_count(self.documents, 'document')} wait for review"
            )
        if self.kind == "failing":
            return f"{self.subject} is failing: its last {self.failures} polls failed"
        return (
            f"{self.subject} has recovered: polled successfully after "
            f"{_count(self.failures, 'failed poll')}"
        )

    @property
    def details(self) -> tuple[str, ...]:
        if self.kind == "failing":
            return (
                f"Last error: {self.error or 'not recorded'}",
                "Nothing more is said about it here until it recovers.",
            )
        return ()

    @property
    def reviewable(self) -> bool:
        """Whether the notice offers a Review button (new pending statements do)."""
        return self.kind == "pending"

    def review_options(self) -> dict[str, str]:
        """`review next`'s options for the Review button: {"source": "3"}."""
        return dict(part.split("=", 1) for part in self.review_filters.split() if "=" in part)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
