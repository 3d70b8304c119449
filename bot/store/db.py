"""Engine and session set-up, database URL resolution and automatic migrations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from bot.core.errors import ConfigurationError

# The newest migration. Checked against Alembic's own view in the tests, so start-up can
# compare one row instead of importing Alembic (a quarter of a second) on every command.
HEAD_REVISION = "0015"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
ENV_VAR = "ATTACHE_DATABASE_URL"


def default_database_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("attache", appauthor=False) / "attache.sqlite3"


def resolve_database_url(explicit: str | None = None) -> str:
    """--db beats ATTACHE_DATABASE_URL beats the per-user SQLite file.

    A bare file path is accepted and means an SQLite file.
    """
    raw = explicit or os.environ.get(ENV_VAR) or ""
    if not raw.strip():
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    raw = raw.strip()
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser().resolve()}"
    return raw


def create_store_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
        parsed.get_dialect()
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigurationError(
            f"cannot read database URL {url!r}: {exc}; use sqlite:///PATH or "
            "postgresql://USER@HOST/DB"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # Plain postgresql:// would pick psycopg2; we ship psycopg 3.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise ConfigurationError(
            f"the database driver for {parsed.drivername} is not installed ({exc.name}); "
            "for PostgreSQL install attache[postgres]"
        ) from None
    if engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _plan_each_query)
    return engine


def _plan_each_query(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API object
    """psycopg prepares a query run five times, and PostgreSQL then plans it once for any
    parameters. The best plan for a full-text search depends on its words (a rare word
    reads its few matches, a common one the newest ids), and a plan made for neither
    once took a 5 ms search to 120 ms. Planning costs well under a millisecond."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.commit()


def _sqlite_engine(url: str, database: str | None) -> Engine:
    in_memory = not database or database == ":memory:"
    if in_memory:
        # One shared connection, or every session would see its own empty database.
        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        assert database is not None  # not in_memory: a file name
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API object
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not in_memory:
            # WAL lets readers (answering) run while one writer ingests.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError as exc:
        raise ConfigurationError(f"cannot open the database: {exc.orig}") from None


def migrate(engine: Engine, target: str = "head") -> bool:
    """Bring the schema to HEAD_REVISION (or `target`). Returns True when migrations ran."""
    if target == "head" and current_revision(engine) == HEAD_REVISION:
        return False
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with foreign
            # keys enforced, that drop would cascade and delete every point and citation.
            # The pragma only takes effect outside a transaction, hence before begin().
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                if target == "head" or _is_newer(conn, target):
                    command.upgrade(config, target)
                else:
                    command.downgrade(config, target)
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
    return True


def _is_newer(conn, target: str) -> bool:  # noqa: ANN001 - a Connection
    current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""
    return target > current


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any error."""
    with factory() as session, session.begin():
        yield session


@contextmanager
def temporary_schema(url: str, prefix: str = "attache", keep: bool = False) -> Iterator[str]:
    """A PostgreSQL URL whose every connection uses a fresh schema (first on the
    search_path, through libpq's `options`), dropped afterwards unless `keep`: for tests
    and benchmarks sharing one database without touching each other's tables."""
    import uuid

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(url)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        if not keep:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
