"""Digest evaluation (issue 19): the story digest against the newest-N list it replaced.

Ingests the development corpus's news articles (../shared/corpus/news/*.jsonl, read in
place, never copied) into a fresh SQLite store with auto-approval, then dates each
statement's approval at noon UTC of the day its earliest report was published, so that a
day's digest holds that day's news as a scheduler running then would have seen it. For the
days with the most statements it builds both digests for that day and prints, for each:

- stories: distinct documents the shown items come from (the new digest also its stories);
- sides and speakers: distinct entities and speakers shown;
- official: the share of items whose stated role is an office (bot.text.offices.office_level);
- strong: the share of conditions, demands, offers, rejections and warnings;
- fragments: items that cannot be read on their own (candidates.readable on the stored
  words) shown without their sentence.

Then the build time of the new digest (compose and reply, median of 5 after one warm-up;
the first, cold run too) on the 10k store (the corpus ingested at once: a day holding
every statement, of which the newest 5,000 are weighed) and on the 1M store built by
`benchmarks/scale.py --keep` (its digest week: ~9,500 approvals, 5,000 weighed), both
opened read-only.

    python benchmarks/digest_eval.py [--corpus ../shared/corpus] [--days 6]
        [--db FILE] [--scale-dir /work/scale-stores]

Not part of the test run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bot.core.types import StatementItem  # noqa: E402
from bot.ingest.batch import ingest_inputs  # noqa: E402
from bot.ingest.inputs import read_path  # noqa: E402
from bot.schedule.candidates import readable  # noqa: E402
from bot.schedule.digest import compose, compose_newest  # noqa: E402
from bot.schedule.filters import Filters  # noqa: E402
from bot.store.models import Statement  # noqa: E402
from bot.store.store import Store  # noqa: E402
from bot.text.offices import Office, office_level  # noqa: E402
from bot.text.positions import POSITION_KINDS  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_SCALE = Path("/work/scale-stores")
SCALE_PERIOD = (datetime(2025, 1, 6, tzinfo=UTC), datetime(2025, 1, 13, tzinfo=UTC))


def ingest_news(store: Store, corpus: Path) -> int:
    statements = 0
    for path in sorted((corpus / "news").glob("*.jsonl")):
        report = ingest_inputs(store, read_path(path), auto_approve=True, actor="benchmark")
        statements += sum(r.new_statements for r in report.results)
        for error in report.errors:
            print(f"  ingest error: {error}", file=sys.stderr)
    return statements


def date_approvals_by_publication(store: Store) -> None:
    """Each approval at noon of the day its earliest report was published."""
    with store.transaction() as session:
        session.execute(
            text(
                "UPDATE statement SET reviewed_at = (SELECT MIN(d.published) || ' 12:00:00' "
                "FROM citation c JOIN document d ON d.id = c.document_id "
                "WHERE c.statement_id = statement.id) "
                "WHERE status = 'approved' AND EXISTS (SELECT 1 FROM citation c "
                "JOIN document d ON d.id = c.document_id "
                "WHERE c.statement_id = statement.id AND d.published IS NOT NULL)"
            )
        )


def busiest_days(store: Store, days: int) -> list[datetime]:
    with store.reading() as session:
        day = func.date(Statement.reviewed_at)
        rows = session.execute(
            select(day, func.count())
            .where(Statement.status == "approved")
            .group_by(day)
            .order_by(func.count().desc(), day)
            .limit(days)
        ).all()
    return sorted(datetime.fromisoformat(d).replace(tzinfo=UTC) for d, _ in rows)


def measures(session: Session, items: list[StatementItem], stories: int | None) -> dict:
    stored = {
        s.id: s
        for s in session.scalars(
            select(Statement).where(Statement.id.in_([i.statement_id for i in items]))
        )
    }
    fragments = sum(
        1
        for i in items
        if i.in_sentence is None
        and not readable(stored[i.statement_id].text, i.direct, in_sentence=False)
    )
    documents = {i.sources[0].document_title or i.primary_url for i in items if i.sources}
    n = len(items) or 1
    return {
        "items": len(items),
        "stories": stories,
        "documents": len(documents),
        "sides": len({i.entity for i in items if i.entity}),
        "speakers": len({i.speaker for i in items}),
        "official": sum(office_level(i.role) > Office.OTHER for i in items) / n,
        "strong": sum(i.kind in POSITION_KINDS for i in items) / n,
        "fragments": fragments,
    }


def evaluate_days(store: Store, days: list[datetime]) -> list[tuple[str, dict, dict]]:
    rows = []
    for day in days:
        since, until = day, day + timedelta(days=1)
        with store.reading() as session:
            new = compose(session, since=since, until=until, filters=Filters())
            old_items, _ = compose_newest(session, since=since, until=until, filters=Filters())
            rows.append(
                (
                    f"{day:%Y-%m-%d} ({new.total})",
                    measures(session, list(new.reply().items), len(new.stories)),
                    measures(session, old_items, None),
                )
            )
    return rows


def build_times(path: Path, since: datetime | None, until: datetime) -> tuple[float, float, int]:
    """(cold ms, median warm ms, statements weighed) for the digest of (since, until]."""
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    times, total = [], 0
    for _ in range(6):
        started = time.perf_counter()
        with Session(engine) as session:
            digest = compose(session, since=since, until=until, filters=Filters())
            digest.reply()
            total = digest.total
        times.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return times[0], statistics.median(times[1:]), total


def store_span(path: Path) -> tuple[datetime, datetime, int]:
    """The last day of approvals in a store, and how many statements it holds."""
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    with engine.connect() as conn:
        last = conn.execute(text("SELECT MAX(reviewed_at) FROM statement")).scalar_one()
        count = conn.execute(text("SELECT COUNT(*) FROM statement")).scalar_one()
    engine.dispose()
    end = datetime.fromisoformat(str(last)).replace(tzinfo=UTC) + timedelta(seconds=1)
    return end - timedelta(days=1), end, count


def fmt(m: dict) -> str:
    stories = f"{m['stories']:>2}" if m["stories"] is not None else " -"
    return (
        f"{m['items']:>3} {stories} {m['documents']:>4} {m['sides']:>5} {m['speakers']:>8} "
        f"{m['official']:>8.0%} {m['strong']:>6.0%} {m['fragments']:>5}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--days", type=int, default=6)
    parser.add_argument("--db", help="SQLite file for the news store (ingested when new)")
    parser.add_argument("--scale-dir", type=Path, default=DEFAULT_SCALE)
    args = parser.parse_args()
    if not (args.corpus / "news").is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "digest.sqlite3"
    fresh = not db.exists()
    store = Store.open(f"sqlite:///{db}")
    if fresh:
        started = time.perf_counter()
        count = ingest_news(store, args.corpus)
        print(f"ingested {count} statements in {time.perf_counter() - started:.1f} s ({db})")
    date_approvals_by_publication(store)
    rows = evaluate_days(store, busiest_days(store, args.days))
    head = "items st docs sides speakers official strong frags"
    print(f"\n{'day (statements)':<20} {'digest':<9} {head}")
    for label, new, old in rows:
        print(f"{label:<20} {'stories':<9} {fmt(new)}")
        print(f"{'':<20} {'newest':<9} {fmt(old)}")
    for name, index in (("stories", 1), ("newest", 2)):
        ms = [r[index] for r in rows]
        mean = {k: statistics.mean(m[k] or 0 for m in ms) for k in ms[0]}
        mean["stories"] = mean["stories"] if index == 1 else None
        print(f"{'mean':<20} {name:<9} " + _mean(mean))
    store.close()

    print("\nbuild time of the story digest (compose + reply; ms: cold, then median warm)")
    pool, scale = args.scale_dir / "pool.sqlite3", args.scale_dir / "scale.sqlite3"
    for label, path, period in (("10k", pool, None), ("1M", scale, SCALE_PERIOD)):
        if not path.exists():
            print(f"  {label}: no store at {path}")
            continue
        since, until, count = store_span(path)
        if period is not None:
            since, until = period
        cold, warm, weighed = build_times(path, since, until)
        print(
            f"  {label:>3} ({count:,} statements, {weighed:,} in the period): "
            f"cold {cold:.0f} ms, warm {warm:.0f} ms"
        )
    return 0


def _mean(m: dict) -> str:
    stories = f"{m['stories']:>4.1f}" if m["stories"] is not None else "   -"
    return (
        f"{m['items']:>5.1f}{stories} {m['documents']:>4.1f} {m['sides']:>5.1f} "
        f"{m['speakers']:>8.1f} {m['official']:>8.0%} {m['strong']:>6.0%} "
        f"{m['fragments']:>5.1f}"
    )


if __name__ == "__main__":
    sys.exit(main())
