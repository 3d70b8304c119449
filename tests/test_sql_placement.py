"""Where SQL is written (bot/store/repo.py states the rule; README "How it is built").

SQL statements (sqlalchemy's select/insert/update/delete/text/func/…, and `execute`,
`scalar`, `scalars`, `query` calls) are written only in bot/store/ and in modules named
`queries.py` (a package's own queries, beside the code that needs them). Elsewhere code
works on the rows a store transaction gives it through the ORM: `session.get`, `add`,
`flush`, attribute changes. The names below may be imported from sqlalchemy anywhere: a
type for annotations, and the errors a caller catches.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "adapters")
ANYWHERE = {"Session", "Engine", "CursorResult", "ColumnElement", "IntegrityError"}
ANYWHERE_MODULES = ("sqlalchemy.exc",)
RUNS_SQL = {"execute", "scalar", "scalars", "query"}


def sql_in(source: str) -> list[str]:
    """`line: what` for every SQL statement built or run in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            if node.module in ANYWHERE_MODULES:
                continue
            names = [a.name for a in node.names if a.name not in ANYWHERE]
            if names:
                found.append(f"{node.lineno}: from {node.module} import {', '.join(names)}")
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.split(".")[0] == "sqlalchemy"]
            found += [f"{node.lineno}: import {n}" for n in names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in RUNS_SQL
            and isinstance(node.func.value, ast.Name)
            and "session" in node.func.value.id
        ):
            found.append(f"{node.lineno}: {node.func.value.id}.{node.func.attr}(…)")
    return found


def may_write_sql(relative: str) -> bool:
    return relative.startswith("bot/store/") or relative.endswith("/queries.py")


def sql_outside_its_places() -> dict[str, list[str]]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if may_write_sql(relative):
                continue
            lines = sql_in(path.read_text(encoding="utf-8"))
            if lines:
                found[relative] = lines
    return found


def test_sql_is_written_only_in_the_store_and_in_queries_modules() -> None:
    found = sql_outside_its_places()
    assert not found, "SQL outside bot/store and queries.py:\n" + "\n".join(
        f"{path}:{line}" for path, lines in found.items() for line in lines
    )


def test_the_check_sees_built_and_run_statements_and_lets_types_and_errors_pass() -> None:
    source = (
        "from sqlalchemy import select, Engine\n"
        "from sqlalchemy.exc import OperationalError\n"
        "from sqlalchemy.orm import Session\n"
        "def f(session):\n"
        "    session.get(Row, 1)\n"
        "    return session.scalars(q)\n"
    )
    assert sql_in(source) == ["1: from sqlalchemy import select", "6: session.scalars(…)"]
    assert may_write_sql("bot/store/repo.py") and may_write_sql("bot/review/queries.py")
    assert not may_write_sql("bot/review/flow.py")
