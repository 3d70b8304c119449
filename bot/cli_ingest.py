"""The CLI's ingestion commands: `ingest`, `extract`, `poll`. Thin wrappers over bot.ingest."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from bot.cli_progress import Progress, count_documents
from bot.commands.sources import summarise
from bot.core.dispatch import Core
from bot.core.errors import AttacheError
from bot.ingest.batch import ingest_inputs
from bot.ingest.inputs import read_path
from bot.ingest.pipeline import IngestResult
from bot.ingest.sources import ingest_url, poll_due

ACTOR = "cli"


def ingest(core: Core, targets: list[str], *, approve: bool) -> int:
    store, failures = core.services.store, 0
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
                    results: list[IngestResult] = asyncio.run(
                        ingest_url(
                            store,
                            target,
                            policy=core.services.fetch_policy,
                            auto_approve=approve,
                            actor=ACTOR,
                        )
                    )
                    for result in results:
                        progress.result(result)
                    errors: list[str] = []
                else:
                    # Errors are printed as they happen (by `progress.error`), not at the end.
                    report = ingest_inputs(
                        store,
                        read_path(Path(target)),
                        auto_approve=approve,
                        actor=ACTOR,
                        on_result=progress.result,
                        on_error=progress.error,
                    )
                    results, errors = report.results, report.errors
            except AttacheError as error:
                progress.print(f"attache: {error.message}", file=sys.stderr)
                failures += 1
                continue
            failures += len(errors)
            progress.print(f"{target}: {summarise(results)}", file=sys.stdout)
    finally:
        # Also on Ctrl-C or a crash: a traceback must not start mid-line.
        progress.finish()
    return 1 if failures else 0


def extract(core: Core, path: str) -> int:
    from bot.ingest.preview import preview_path

    with core.services.store.reading() as session:
        resolver = core.services.answerer.resolver(session)
        known = [(s.name, s.aliases) for s in resolver.speakers.values()]
    status = 0
    try:
        for row in preview_path(Path(path), known):
            if "error" in row:
                print(f"attache: {row['error']}", file=sys.stderr)
                status = 1
                continue
            print(json.dumps(row, ensure_ascii=False))
    except AttacheError as error:
        print(f"attache: {error.message}", file=sys.stderr)
        return error.exit_status
    return status


def poll(core: Core) -> int:
    reports = asyncio.run(poll_due(core.services.store, policy=core.services.fetch_policy))
    if not reports:
        print("No source is due.")
    for r in reports:
        if r.error:
            print(f"#{r.source_id} {r.name}: error: {r.error}")
        elif r.not_modified:
            print(f"#{r.source_id} {r.name}: not modified")
        else:
            print(f"#{r.source_id} {r.name}: {summarise(r.documents)}")
    return 1 if any(r.error for r in reports) else 0
