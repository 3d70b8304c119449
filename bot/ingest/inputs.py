"""Read local files into `DocumentInput`s: .txt, .html/.htm, and the corpus JSON Lines format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.core.errors import InvalidInput
from bot.ingest.limits import MAX_DOCUMENT_BYTES, MAX_JSONL_BYTES, too_large
from bot.ingest.pipeline import DocumentInput, Principal

SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
# The largest file of any kind that is read (bot/cli/progress.py counts only those).
MAX_FILE_BYTES = max(MAX_DOCUMENT_BYTES, MAX_JSONL_BYTES)


def size_limit(kind: str) -> int:
    """A .txt or .html file is one document; a .jsonl file one document a line."""
    return MAX_JSONL_BYTES if kind == "jsonl" else MAX_DOCUMENT_BYTES


@dataclass(frozen=True)
class BadRecord:
    """A JSON Lines record that could not be read; the others still are."""

    label: str
    message: str


def read_path(path: Path) -> Iterator[DocumentInput | BadRecord]:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InvalidInput(
            f"cannot ingest {path}: only .txt, .html/.htm and .jsonl files are read "
            f"(got “{path.suffix or 'no suffix'}”)"
        )
    if not path.is_file():
        raise InvalidInput(f"cannot ingest {path}: no such file")
    size, limit = path.stat().st_size, size_limit(kind)
    if size > limit:
        # Limits the pipeline meets in bounded time: see bot/ingest/limits.py.
        raise InvalidInput(
            f"{too_large(str(path), size, limit)} for a {path.suffix.lower()} file "
            "(so that ingesting it takes under a minute); split it into smaller files"
        )
    if kind == "jsonl":
        yield from read_jsonl(path)
        return
    raw = _read_text(path)
    if kind == "html":
        yield html_document(raw, label=str(path))
    else:
        yield text_document(raw, label=str(path))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"cannot ingest {path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None


def text_document(raw: str, *, label: str, **fields: object) -> DocumentInput:
    """Plain text: the first line is taken as the title when it reads like one (short, not
    ending a sentence); it stays in the body either way."""
    first = raw.strip().split("\n", 1)[0].strip()
    reads_like_title = 0 < len(first) <= 200 and not first.endswith(tuple(".!?:;\"”’'"))
    return DocumentInput(
        text=raw,
        title=first if reads_like_title else None,
        title_from_text=True,
        label=label,
        **fields,  # type: ignore[arg-type]
    )


def html_document(
    raw: str, *, label: str, url: str | None = None, **fields: object
) -> DocumentInput:
    from bot.ingest.clean import html_to_text

    article = html_to_text(raw, url=url)
    return DocumentInput(
        text=article.text,
        title=article.title,
        url=url,
        outlet=article.outlet,
        published=parse_date(article.published),
        cleaned=True,
        label=label,
        **fields,  # type: ignore[arg-type]
    )


def parse_date(raw: object) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        return None


def read_jsonl(path: Path) -> Iterator[DocumentInput | BadRecord]:
    """One document a line. Each line is decoded, parsed and checked on its own, so a bad
    one (not UTF-8, not JSON, a field of the wrong type) is a `BadRecord` naming the line
    and the field, and the lines after it are still read."""
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            label = f"{path}:{number}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                # Not replaced: a quote's words are never altered, so the line is refused.
                yield BadRecord(
                    label, f"not UTF-8 text ({exc.reason} at byte {exc.start + 1} of the line)"
                )
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield BadRecord(label, f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            except RecursionError:
                yield BadRecord(label, "not usable JSON (nested too deeply)")
                continue
            problem = record_problem(record)
            if problem is not None:
                yield BadRecord(label, problem)
                continue
            yield jsonl_document(record, label)


# The corpus format's fields and the JSON types each may have (null is always allowed).
_STRING_FIELDS = ("title", "url", "outlet", "date")
_PRINCIPAL_FIELDS = ("name", "role", "country")


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def record_problem(record: object) -> str | None:
    """What is wrong with one JSON Lines record, naming the field, or None when usable."""
    if not isinstance(record, dict):
        return f"each line must be a JSON object (got {_json_type(record)})"
    text = record.get("text")
    if not isinstance(text, str):
        if text is None:
            return "each line must be a JSON object with a string “text”"
        return f"text must be a string (got {_json_type(text)})"
    for key in _STRING_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return f"{key} must be a string (got {_json_type(value)})"
    identifier = record.get("id")
    if identifier is not None and (
        isinstance(identifier, bool) or not isinstance(identifier, str | int)
    ):
        return f"id must be a string or a whole number (got {_json_type(identifier)})"
    principal = record.get("principal")
    if principal is None:
        return None
    if not isinstance(principal, dict):
        return f"principal must be an object (got {_json_type(principal)})"
    for key in _PRINCIPAL_FIELDS:
        value = principal.get(key)
        if value is not None and not isinstance(value, str):
            return f"principal.{key} must be a string (got {_json_type(value)})"
    return None


def jsonl_document(record: dict, label: str) -> DocumentInput:
    """A checked record (`record_problem` found nothing) as a document."""
    principal = record.get("principal")
    return DocumentInput(
        text=record["text"],
        title=record.get("title") or None,
        url=record.get("url") or None,
        outlet=record.get("outlet") or None,
        published=parse_date(record.get("date")),
        external_id=str(record["id"]) if record.get("id") is not None else None,
        principal=Principal(
            name=principal["name"], role=principal.get("role"), country=principal.get("country")
        )
        if isinstance(principal, dict) and principal.get("name")
        else None,
        label=label,
    )
