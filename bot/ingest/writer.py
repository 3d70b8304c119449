"""Store documents one at a time without holding the store while reading them.

For each document: its text is cleaned and checked, a document already stored is skipped
(a read, no lock), its statements are extracted (the slow part: seconds a megabyte) with no
transaction open, and only then is it written, in a short transaction of its own that holds
the document, its statements and its audit row whole or not at all. So another process's
write waits for one document's insert at most, never for an extraction; and a writer that
finds the store busy waits and says so (bot/store/busy.py).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.ingest.linking import SpeakerLinker
from bot.ingest.pipeline import (
    DocumentInput,
    IngestResult,
    document_text,
    prepare_document,
    store_prepared,
)
from bot.store import repo
from bot.store.busy import write_retrying
from bot.store.store import Store


class DocumentWriter:
    """One speaker linker for a run of documents (a file, a feed's items)."""

    def __init__(
        self,
        store: Store,
        *,
        auto_approve: bool,
        actor: str,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.auto_approve = auto_approve
        self.actor = actor
        self.on_wait = on_wait
        self._linker: SpeakerLinker | None = None

    def ingest(self, doc: DocumentInput) -> IngestResult:
        """Store one document; ValueError (its transaction rolled back) when it cannot be."""
        label, text = document_text(doc)
        with self.store.reading() as session:
            existing = repo.find_document(session, text)
            if existing is not None:
                return IngestResult(label=label, document_id=existing.id, duplicate=True)
            if self._linker is None:
                self._linker = SpeakerLinker(session)
        prepared = prepare_document(doc, self._linker, text)
        attempts = 0

        def write(session: Session) -> IngestResult:
            nonlocal attempts
            attempts += 1
            if attempts > 1:
                # The last attempt rolled back: its linker may know speakers never stored.
                self._linker = None
            # Rebuilt from this session: a second session opened here could share (and
            # end) an in-memory store's one connection.
            linker = self._linker = self._linker or SpeakerLinker(session)
            return store_prepared(
                session,
                self.store.indexer,
                prepared,
                auto_approve=self.auto_approve,
                actor=self.actor,
                linker=linker,
            )

        try:
            return write_retrying(self.store, write, on_wait=self.on_wait)
        except BaseException:
            self._linker = None
            raise
