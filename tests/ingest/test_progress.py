"""The `attache ingest` progress line, its document count, and the per-kind summary."""

from __future__ import annotations

import io

from bot.cli.progress import Progress, count_documents
from bot.commands.sources import summarise
from bot.ingest.batch import ingest_inputs
from bot.ingest.inputs import BadRecord, text_document
from bot.ingest.pipeline import IngestResult
from bot.store.store import Store


class Terminal(io.StringIO):
    """What a terminal would receive, as one string; `isatty` as a terminal answers."""

    def __init__(self, tty: bool = True) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def screen(self) -> str:
        """What stays visible: each carriage return goes back to the line's start and the
        characters after it overwrite those before (as the terminal shows them)."""
        lines: list[str] = []
        for raw in self.getvalue().split("\n"):
            shown: list[str] = []
            for chunk in raw.split("\r"):
                shown[: len(chunk)] = chunk
            lines.append("".join(shown))
        return "\n".join(lines)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def result(
    new: int = 0, known: int = 0, *, kind: str | None = None, duplicate: bool = False
) -> IngestResult:
    return IngestResult(
        label="doc", new_statements=new, known_statements=known, kind=kind, duplicate=duplicate
    )


def progress(stream: Terminal, clock: Clock, *, total: int | None, columns: int = 200) -> Progress:
    return Progress(stream, total=total, clock=clock, columns=lambda: columns)


def test_the_line_shows_done_of_total_statements_rate_and_time_left() -> None:
    stream, clock = Terminal(), Clock()
    p = progress(stream, clock, total=1600)
    for _ in range(100):
        clock.now += 0.1  # ten documents a second
        p.result(result(new=2, known=1))
    # 100 done in 10 s: 10.0 docs/s, so 1,500 left take 150 s.
    assert p.line() == "ingesting: 100/1,600 documents, 300 statements, 10.0 docs/s, 2:30 left"
    assert stream.screen() == p.line()


def test_without_a_total_there_is_no_time_left() -> None:
    stream, clock = Terminal(), Clock()
    p = progress(stream, clock, total=None)
    clock.now += 4
    p.result(result(new=1))
    assert p.line() == "ingesting: 1 document, 1 statement, 0.25 docs/s"
    assert "left" not in stream.getvalue()


def test_long_runs_show_hours_and_never_more_done_than_total() -> None:
    stream, clock = Terminal(), Clock()
    p = progress(stream, clock, total=10_000)
    clock.now += 100
    p.result(result())
    # 9,999 left at 0.01 docs/s: 999,900 s.
    assert p.line().endswith(", 0.01 docs/s, 277:45:00 left")
    p.total = 0  # an estimate that came out low
    assert p.line().startswith("ingesting: 1/1 document,")
    assert p.line().endswith(", 0:00 left")


def test_redraws_are_throttled_in_place_and_cut_to_the_terminal_width() -> None:
    stream, clock = Terminal(), Clock()
    p = progress(stream, clock, total=50, columns=30)
    p.result(result(new=1))  # the first document draws at once
    clock.now += 0.1
    p.result(result(new=1))  # a tenth of a second later: not drawn
    assert stream.getvalue().count("\r") == 1
    clock.now += 0.2
    p.result(result(new=1))  # 0.3 s after the first draw: drawn again
    assert stream.getvalue().count("\r") == 2
    assert "\n" not in stream.getvalue()
    # One column short of the 30, so the terminal does not wrap.
    assert stream.screen() == p.line()[:29]
    assert stream.screen().startswith("ingesting: 3/50 documents")


def test_a_shorter_line_overwrites_all_of_a_longer_one() -> None:
    stream, clock, width = Terminal(), Clock(), [200]
    p = Progress(stream, total=None, clock=clock, columns=lambda: width[0])
    clock.now += 1
    p.result(result(new=5))
    longer = stream.screen()
    width[0] = 20  # the terminal was made narrower
    clock.now += 1
    p.result(result())
    last = stream.getvalue().rsplit("\r", 1)[1]
    assert len(last) == len(longer)  # padded with spaces over the rest of the old line
    assert stream.screen().rstrip() == p.line()[:19]
    p.clear()
    assert stream.screen() == " " * len(longer)


def test_nothing_is_written_when_the_stream_is_not_a_terminal() -> None:
    stream, clock = Terminal(tty=False), Clock()
    p = progress(stream, clock, total=3)
    for _ in range(3):
        clock.now += 1
        p.result(result(new=4))
    p.finish()
    assert stream.getvalue() == ""
    assert p.done == 3 and p.statements == 12  # it still counts
    # Errors still reach the stream, plainly.
    p.error("x.jsonl:2: not valid JSON")
    assert stream.getvalue() == "attache: x.jsonl:2: not valid JSON\n"


def test_the_line_is_cleared_before_an_error_and_comes_back_after() -> None:
    stream, clock = Terminal(), Clock()
    p = progress(stream, clock, total=3)
    clock.now += 1
    p.result(result(new=1))
    before = p.line()
    p.error("x.jsonl:2: not valid JSON")
    first, second = stream.getvalue().split("\n", 1)
    # The error line holds only the error: the progress text was blanked out before it.
    assert stream.screen().split("\n")[0].rstrip() == "attache: x.jsonl:2: not valid JSON"
    assert first.startswith("\r" + before) and second == ""
    assert p.done == 2  # a failed document is done too
    clock.now += 0.01  # well within the throttle, yet the line comes back at once
    p.result(result())
    assert (
        stream.screen().split("\n")[1]
        == "ingesting: 3/3 documents, 1 statement, 3.0 docs/s, 0:00 left"
    )


def test_finish_leaves_the_screen_blank_for_the_summary() -> None:
    stream, clock = Terminal(), Clock()
    out = io.StringIO()
    p = progress(stream, clock, total=1)
    clock.now += 1
    p.result(result(new=1))
    p.print("x.jsonl: Ingested: …", file=out)
    assert stream.screen().strip() == "" and out.getvalue() == "x.jsonl: Ingested: …\n"
    p.result(result())
    p.finish()
    assert stream.screen().strip() == ""
    p.result(result())  # after finish nothing more is drawn
    assert stream.screen().strip() == ""


def test_count_documents_counts_jsonl_lines_and_files(tmp_path) -> None:
    jsonl = tmp_path / "a.jsonl"
    # Blank lines are no documents; a bad line counts (it is reported, and so done).
    jsonl.write_text('{"text": "a"}\n\n{not json\n   \n{"text": "b"}')
    (tmp_path / "b.txt").write_text("words")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    targets = [str(jsonl), str(tmp_path / "b.txt"), str(tmp_path / "c.pdf")]
    assert count_documents(targets + [str(tmp_path / "gone.jsonl")]) == 4
    assert count_documents([*targets, "https://example.org/feed.xml"]) is None
    assert count_documents([]) == 0


# --- the summary -----------------------------------------------------------------------


def test_summary_breaks_stored_documents_down_by_kind() -> None:
    results = (
        [result(new=20, kind="transcript") for _ in range(88)]
        + [result(new=10, kind="speech") for _ in range(12)]
        + [result(new=5, kind="statement") for _ in range(10)]
        + [result(kind="transcript", duplicate=True)]  # duplicates are not "stored"
    )
    assert summarise(results) == (
        "Ingested: 110 new documents (transcript 88, speech 12, statement 10), "
        "1 already ingested, 1,930 new statements, 1,930 waiting for review."
    )


def test_summary_counts_unclassified_documents_as_other_last() -> None:
    results = [
        result(kind=None),
        result(kind="readout"),
        result(kind=None),
        result(kind="live blog"),
    ]
    # Equal counts in name order; the documents of no kind after them.
    assert summarise(results).startswith(
        "Ingested: 4 new documents (live blog 1, readout 1, other 2), 0 new statements"
    )


def test_summary_without_kinds_reads_as_before() -> None:
    assert summarise([result(new=1), result(new=2, kind="speech", duplicate=True)]) == (
        "Ingested: 1 new document, 1 already ingested, 3 new statements, 3 waiting for review."
    )
    assert summarise([]) == "Ingested: 0 new documents, 0 new statements."


def test_summary_of_one_document_names_its_kind() -> None:
    one = IngestResult(label="x", new_statements=3, approved=3, kind="press release")
    assert (
        summarise([one])
        == "Ingested: 1 new document (press release), 3 new statements, 3 approved."
    )


# --- the callbacks of ingest_inputs ----------------------------------------------------


def test_ingest_inputs_reports_each_document_and_error_as_it_happens(empty_store: Store) -> None:
    heard: list[tuple[str, object]] = []
    good = text_document("The minister, Jane Roe, said: “We will stay the course.”", label="a")
    inputs = [
        good,
        BadRecord("x.jsonl:2", "not valid JSON"),
        text_document("   ", label="blank"),  # no text: the pipeline refuses it
        good,  # the same text again: a duplicate, still reported
    ]

    def items():
        for item in inputs:
            heard.append(("read", getattr(item, "label", None)))
            yield item

    report = ingest_inputs(
        empty_store,
        items(),
        auto_approve=False,
        actor="test",
        on_result=lambda r: heard.append(("result", r.duplicate)),
        on_error=lambda message: heard.append(("error", message)),
    )
    assert heard == [
        ("read", "a"),
        ("result", False),
        ("read", "x.jsonl:2"),
        ("error", "x.jsonl:2: not valid JSON"),
        ("read", "blank"),
        ("error", "blank: no article text found"),
        ("read", "a"),
        ("result", True),
    ]
    assert report.errors == ["x.jsonl:2: not valid JSON", "blank: no article text found"]
    assert [r.duplicate for r in report.results] == [False, True]
