"""Ingest many documents (files, the corpus) with one speaker linker, one transaction each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.ingest.inputs import BadRecord
from bot.ingest.linking import SpeakerLinker
from bot.ingest.pipeline import DocumentInput, IngestResult, ingest_document
from bot.store import repo
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
) -> BatchReport:
    """Ingest each input in a transaction of its own. `on_result` hears of each document once
    it is committed and `on_error` of each one that failed (with the message also kept in the
    report), as they happen: a caller can show progress without this module knowing how."""
    report = BatchReport()

    def fail(message: str) -> None:
        report.errors.append(message)
        if on_error is not None:
            on_error(message)

    linker: SpeakerLinker | None = None
    for item in inputs:
        if isinstance(item, BadRecord):
            fail(f"{item.label}: {item.message}")
            continue
        try:
            with store.transaction() as session:
                linker = linker or SpeakerLinker(session)
                result = ingest_document(
                    session,
                    store.indexer,
                    item,
                    auto_approve=auto_approve,
                    actor=actor,
                    linker=linker,
                )
        except ValueError as exc:
            # The document's transaction rolled back; the linker may know its speakers.
            linker = None
            fail(str(exc) if item.label in str(exc) else f"{item.label}: {exc}")
            continue
        # Only after the commit: what is reported is stored.
        report.results.append(result)
        if on_result is not None:
            on_result(result)
    if any(not r.duplicate for r in report.results):
        with store.transaction() as session:
            repo.audit(
                session,
                actor,
                "ingest.files",
                None,
                documents=sum(1 for r in report.results if not r.duplicate),
                statements=sum(r.new_statements for r in report.results),
                auto_approve=auto_approve,
            )
    return report
