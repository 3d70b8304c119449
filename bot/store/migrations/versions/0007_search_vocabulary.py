"""PostgreSQL: how many indexed statements hold each word, kept as the index changes.

Answering weighs words by rarity and leaves the commonest out of its full-text query. SQLite
reads those counts from FTS5's own vocabulary (0004); PostgreSQL had to count matches, and
stopped at 2,000 to stay fast, so at a million statements every word looked equally common
and a question kept words matching tens of thousands of statements: reading their ids cost
100-200 ms. Exact counts are now kept for every writer (answering's index and remove, the
bulk loader, cascaded deletes) by statement-level triggers on statement_search: one
aggregated write per statement, not one per row.

Every indexed statement holds common words ("said", a side's token), so updating shared
totals directly would make concurrent writers wait on the same rows, and two transactions
indexing twice each could deadlock. Writers instead append their changes to
statement_search_vocab_change, which nobody locks. Whichever writer takes the advisory lock
(without waiting for it) folds the committed changes into the totals in
statement_search_vocab; the lock is held to its commit, so only one transaction at a time
ever touches the totals. A reader adds totals and pending changes. A term whose last
statement goes keeps its row at zero. TRUNCATE fires no row-set triggers; nothing here
truncates the search table.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# One function for the three triggers: each branch reads only the transition tables its
# trigger declares (PL/pgSQL plans a statement when it first runs it).
COUNT_FUNCTION = """
CREATE FUNCTION statement_search_vocab_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO statement_search_vocab_change (term, statements)
        SELECT w.lexeme, count(*) FROM new_rows, unnest(new_rows.tsv) AS w GROUP BY w.lexeme;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO statement_search_vocab_change (term, statements)
        SELECT w.lexeme, -count(*) FROM old_rows, unnest(old_rows.tsv) AS w GROUP BY w.lexeme;
    ELSE
        INSERT INTO statement_search_vocab_change (term, statements)
        SELECT lexeme, sum(n) FROM (
            SELECT w.lexeme, 1 AS n FROM new_rows, unnest(new_rows.tsv) AS w
            UNION ALL
            SELECT w.lexeme, -1 FROM old_rows, unnest(old_rows.tsv) AS w
        ) AS changed
        GROUP BY lexeme HAVING sum(n) <> 0;
    END IF;
    IF pg_try_advisory_xact_lock(hashtext(TG_TABLE_SCHEMA || '.statement_search_vocab')) THEN
        WITH folded AS (DELETE FROM statement_search_vocab_change RETURNING term, statements)
        INSERT INTO statement_search_vocab AS v (term, statements)
        SELECT term, sum(statements) FROM folded GROUP BY term
        ON CONFLICT (term) DO UPDATE SET statements = v.statements + EXCLUDED.statements;
    END IF;
    RETURN NULL;
END
$$
"""

TRIGGERS = {
    "statement_search_vocab_insert": ("INSERT", "NEW TABLE AS new_rows"),
    "statement_search_vocab_update": ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    "statement_search_vocab_delete": ("DELETE", "OLD TABLE AS old_rows"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE statement_search_vocab (term text PRIMARY KEY, statements integer NOT NULL)"
    )
    op.execute(
        "CREATE TABLE statement_search_vocab_change ("
        " term text NOT NULL, statements integer NOT NULL)"
    )
    op.execute(
        "CREATE INDEX ix_statement_search_vocab_change_term ON statement_search_vocab_change (term)"
    )
    op.execute(COUNT_FUNCTION)
    # Counted before the triggers exist, in the same transaction: a concurrent writer
    # waits for the migration (the table lock below) rather than being counted twice.
    op.execute("LOCK TABLE statement_search IN SHARE MODE")
    op.execute(
        "INSERT INTO statement_search_vocab (term, statements) "
        "SELECT w.lexeme, count(*) FROM statement_search, unnest(tsv) AS w GROUP BY w.lexeme"
    )
    for name, (event, tables) in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON statement_search "
            f"REFERENCING {tables} FOR EACH STATEMENT "
            "EXECUTE FUNCTION statement_search_vocab_count()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON statement_search")
    op.execute("DROP FUNCTION statement_search_vocab_count()")
    op.execute("DROP TABLE statement_search_vocab_change")
    op.execute("DROP TABLE statement_search_vocab")
