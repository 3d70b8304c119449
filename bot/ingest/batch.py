"""Ingest many documents (files, the corpus) with one speaker linker, one transaction each.

Each document is extracted outside any transaction and stored in a short one of its own
with its audit row (bot/ingest/writer.py), so a batch stopped part-way leaves every stored
document audited, and other writers wait for one insert at most.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.ingest.inputs import BadRecord
from bot.ingest.pipeline import DocumentInput, IngestResult
from bot.ingest.writer import DocumentWriter
from bot.store import repo
from bot.store.busy import write_retrying
from bot.store.store import Store


@dataclass
class BatchReport:
    results: list[IngestResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def ingest_inputs(
    store: Store,
    inputs: Iterable[DocumentInput | BadRecord],
    *,
    auto_approve: bool,
    actor: str,
    on_result: Callable[[IngestResult], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> BatchReport:
    """Ingest each input in a transaction of its own. `on_result` hears of each document once
    it is committed and `on_error` of each one that failed (with the message also kept in the
    report), as they happen: a caller can show progress without this module knowing how.
    `on_wait` hears once when the store is busy with another writer and this one waits."""
    report = BatchReport()

    def fail(message: str) -> None:
        report.errors.append(message)
        if on_error is not None:
            on_error(message)

    writer = DocumentWriter(store, auto_approve=auto_approve, actor=actor, on_wait=on_wait)
    for item in inputs:
        if isinstance(item, BadRecord):
            fail(f"{item.label}: {item.message}")
            continue
        try:
            result = writer.ingest(item)
        except ValueError as exc:
            # The document's transaction rolled back; the others are unaffected.
            fail(str(exc) if item.label in str(exc) else f"{item.label}: {exc}")
            continue
        # Only after the commit: what is reported is stored.
        report.results.append(result)
        if on_result is not None:
            on_result(result)
    stored = [r for r in report.results if not r.duplicate]
    if stored:
        # The batch's totals; each document has its own audit row already.
        write_retrying(
            store,
            lambda session: repo.audit(
                session,
                actor,
                "ingest.files",
                None,
                documents=len(stored),
                statements=sum(r.new_statements for r in stored),
                auto_approve=auto_approve,
            ),
            on_wait=on_wait,
        )
    return report
