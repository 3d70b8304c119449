"""The CLI's ingestion commands: `ingest`, `extract`, `poll`. Thin wrappers over bot.ingest."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from bot.app.dispatch import Core
from bot.cli.output import fail_with
from bot.cli.progress import Progress, count_documents
from bot.commands.sources import summarise
from bot.core.errors import AttacheError
from bot.ingest.batch import ingest_inputs
from bot.ingest.inputs import read_path
from bot.ingest.pipeline import IngestResult
from bot.ingest.sources import ingest_url, poll_due
from bot.text.redact import redact_credentials

ACTOR = "cli"
# A document or line that failed while the rest of its file or feed was stored.
EXIT_PARTIAL = 1


def ingest(core: Core, targets: list[str], *, approve: bool) -> int:
    """Exit status: 0 when everything was read; a target refused whole exits with its error's
    status (2 for bad input such as a scheme that is not http(s), the same as `sources add`);
    otherwise 1 when some documents or lines failed. The highest applies."""
    store, status = core.services.store, 0
    # Every line printed below goes through `progress`, which first clears its own line. The
    # total costs a read of the files, so it is counted only where it is shown: a terminal.
    progress = Progress(sys.stderr)
    if progress.enabled:
        progress.total = count_documents(targets)
        progress.update()  # "0/1,600 documents" at once: the first one can take a while
    try:
        for target in targets:
            try:
                if "://" in target:
                    errors: list[str] = []

                    def failed(message: str, errors: list[str] = errors) -> None:
                        errors.append(message)
                        progress.error(message)

                    results: list[IngestResult] = asyncio.run(
                        ingest_url(
                            store,
                            target,
                            policy=core.services.fetch_policy,
                            auto_approve=approve,
                            actor=ACTOR,
                            on_error=failed,
                        )
                    )
                    for result in results:
                        progress.result(result)
                else:
                    # Errors are printed as they happen (by `progress.error`), not at the end.
                    report = ingest_inputs(
                        store,
                        read_path(Path(target)),
                        auto_approve=approve,
                        actor=ACTOR,
                        on_result=progress.result,
                        on_error=progress.error,
                        on_wait=lambda message: progress.print(
                            f"attache: {message}", file=sys.stderr
                        ),
                    )
                    results, errors = report.results, report.errors
            except AttacheError as error:
                progress.print(f"attache: {error.message}", file=sys.stderr)
                status = max(status, error.exit_status)
                continue
            if errors:
                status = max(status, EXIT_PARTIAL)
            progress.print(f"{target}: {summarise(results)}", file=sys.stdout)
    finally:
        # Also on Ctrl-C or a crash: a traceback must not start mid-line.
        progress.finish()
    return status


def extract(core: Core, path: str) -> int:
    from bot.ingest.preview import preview_path

    with core.services.store.reading() as session:
        resolver = core.services.answerer.resolver(session)
        known = [(s.name, s.aliases) for s in resolver.speakers.values()]
    status = 0
    try:
        for row in preview_path(Path(path), known, resolver):
            if "error" in row:
                print(f"attache: {row['error']}", file=sys.stderr)
                status = 1
                continue
            print(json.dumps(row, ensure_ascii=False))
    except AttacheError as error:
        return fail_with(error)
    return status


def poll(core: Core) -> int:
    reports = asyncio.run(poll_due(core.services.store, policy=core.services.fetch_policy))
    if not reports:
        print("No source is due.")
    for r in reports:
        # A source's name defaults to its URL: no password it may hold is printed.
        name = f"#{r.source_id} {redact_credentials(r.name)}"
        if r.error:
            print(f"{name}: error: {r.error}")
        elif r.not_modified:
            print(f"{name}: not modified")
        else:
            print(f"{name}: {summarise(r.documents)}")
        for failure in r.item_errors:
            print(f"{name}: item not stored: {failure}")
        if r.items_left:
            print(f"{name}: {r.items_left} more item(s) left for the next poll ({r.stopped_by})")
    return 1 if any(r.error or r.item_errors for r in reports) else 0
