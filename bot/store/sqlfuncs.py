"""SQL functions that SQLite and PostgreSQL spell differently."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction


class text_tail(GenericFunction):  # noqa: N801 - SQL function names are lower case
    """The last `n` characters of a string: `text_tail(column, 12)`."""

    type = String()
    inherit_cache = True


@compiles(text_tail)
def _tail_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    column, n = list(element.clauses)
    # A negative start counts from the end; shorter strings come back whole.
    return f"substr({compiler.process(column, **kw)}, -{compiler.process(n, **kw)})"


@compiles(text_tail, "postgresql")
def _tail_postgresql(element: Any, compiler: Any, **kw: Any) -> str:
    column, n = list(element.clauses)
    return f"right({compiler.process(column, **kw)}, {compiler.process(n, **kw)})"
