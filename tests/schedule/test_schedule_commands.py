"""`schedule` and `digest` through the core, as every adapter drives them, and the
`attache digest` command line (acceptance 5 and 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.app.dispatch import Core
from bot.cli import main
from bot.core.types import Command, Context
from bot.schedule import periods
from bot.schedule.scheduler import Scheduler
from bot.store.models import AuditEntry, DigestPost, Subscription
from bot.store.store import Store
from tests.schedule.conftest import FakePoster, approve, neutralise_seeds, utc

NOW = utc(2024, 6, 3, 12)  # a Monday, 15:00 in Kyiv
ADMIN = Context(platform="test", workspace="W1", channel="C1", user_id="boss", is_admin=True)
USER = Context(platform="test", workspace="W1", channel="C1", user_id="someone")
OTHER_CHANNEL = Context(
    platform="test", workspace="W1", channel="C2", user_id="boss", is_admin=True
)


@pytest.fixture(autouse=True)
def virtual_now(monkeypatch) -> None:
    monkeypatch.setattr(periods, "utc_now", lambda: NOW)


async def run(core: Core, text: str, context: Context = ADMIN, **options: str):
    return await core.handle(Command("schedule", text, options=options, context=context))


def counts(store: Store) -> tuple[int, int, int]:
    with store.reading() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(m))
            for m in (Subscription, AuditEntry, DigestPost)
        )


async def test_set_show_filter_off_round_trip(core: Core, store: Store) -> None:
    reply = await run(core, "set daily 09:00 Europe/Kyiv")
    assert not reply.is_error, reply.title
    assert reply.title == "Digests for this channel: every day at 09:00 (Europe/Kyiv)."
    assert "Next digest: 2024-06-04 09:00 Europe/Kyiv (06:00 UTC)" in reply.lines
    reply = await run(core, "filter entities=Russia speakers=price topics=talks,conditions")
    assert not reply.is_error, reply.title
    assert "entities Russia; speakers Ned Price; topics talks, conditions" in reply.title
    shown = await run(core, "show", USER)  # anyone may look
    assert shown.title == "Digests for this channel: every day at 09:00 (Europe/Kyiv)"
    assert "Filters: entities Russia; speakers Ned Price; topics talks, conditions" in shown.lines
    assert (await run(core, "show", OTHER_CHANNEL)).title == "No digest schedule for this channel."
    assert not (await run(core, "off")).is_error
    assert (await run(core, "show")).title.endswith("(off)")
    with store.reading() as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["schedule.set", "schedule.filter", "schedule.off"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("set daily 25:00", "“25:00” is not a time of day: the hour must be 00 to 23"),
        ("set daily 09:00 Mars/Olympus", "unknown time zone “Mars/Olympus”"),
        ("set cron", "the cron expression is empty"),
        ('set cron ""', "the cron expression is empty"),
        ("set", "give a schedule"),
        ("set daily 09:00 empty=maybe", "empty must be post"),
        ("set daily 09:00 colour=red", "cannot use: colour"),
        ("sometimes", "unknown schedule action “sometimes”"),
    ],
)
async def test_invalid_schedules_are_named_and_nothing_is_stored(
    core: Core, store: Store, typed: str, message: str
) -> None:
    before = counts(store)
    reply = await run(core, typed)
    assert reply.is_error and reply.ephemeral
    assert message in reply.title
    assert counts(store) == before


async def test_an_invalid_change_leaves_the_existing_schedule_as_it_was(core, store) -> None:
    await run(core, "set weekdays 18:00 UTC")
    before = counts(store)
    reply = await run(core, "set daily 09:00 Nowhere/City")
    assert reply.is_error and "unknown time zone “Nowhere/City”" in reply.title
    assert counts(store) == before
    with store.reading() as session:
        sub = session.scalar(select(Subscription))
        assert (sub.cron, sub.timezone) == ("0 18 * * 1-5", "UTC")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("filter entities=Atlantis", "no entity called “Atlantis”; known:"),
        ("filter entities=Lavrov", "“Lavrov” is a speaker, not an entity"),
        ("filter speakers=Nobody Atall", "no speaker called"),
        ("filter topics=x", "topic “x” must be 2 to 40 characters long"),
        ("filter colours=red", "cannot use: colours"),
        ("filter", "give what to keep"),
    ],
)
async def test_bad_filters_are_named_and_change_nothing(core, store, typed, message) -> None:
    await run(core, "set daily 09:00")
    await run(core, "filter speakers=lavrov")
    before = counts(store)
    reply = await run(core, typed)
    assert reply.is_error and message in reply.title
    assert counts(store) == before
    assert "speakers Sergei Lavrov" in " ".join((await run(core, "show")).lines)


@pytest.mark.parametrize("action", ["set daily 09:00", "off", "filter clear", "now"])
async def test_non_admins_cannot_change_schedules(core, store, action) -> None:
    await run(core, "set weekly mon 08:00 Europe/Kyiv")
    before = counts(store)
    reply = await run(core, action, USER)
    assert reply.is_error and reply.error_code == "permission_denied"
    assert f"schedule {action.split()[0]} is for admins only" in reply.title
    subscriptions, audit_rows, posts = counts(store)
    # Nothing changed but the audit log, which records the refusal (issue 17, item 5).
    assert (subscriptions, audit_rows, posts) == (before[0], before[1] + 1, before[2])
    with store.reading() as session:
        refused = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    asked = f"schedule {action.split()[0]}"
    assert (refused.action, refused.details["asked"]) == ("refused", asked)


async def test_schedules_and_filters_survive_a_restart(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'restart.sqlite3'}"
    first = Store.open(url)
    core = Core(first)
    await run(core, "set weekdays 18:00 America/New_York empty=post")
    await run(core, "filter entities=Russia,United States topics=talks")
    first.close()

    again = Store.open(url)
    shown = await run(Core(again), "show", USER)
    assert shown.title == "Digests for this channel: on weekdays at 18:00 (America/New_York)"
    assert "Filters: entities Russia, United States; topics talks" in shown.lines
    assert "When nothing is new: post “nothing new”" in shown.lines
    # And the scheduler of a restarted process acts on it.
    neutralise_seeds(again)
    poster = FakePoster()
    await Scheduler(again, {"test": poster}, owner="after-restart").run_once(
        utc(2024, 6, 3, 22)  # 18:00 in New York
    )
    assert [channel for channel, _ in poster.posts] == ["C1"]
    again.close()


async def test_now_posts_the_digest_and_the_next_one_starts_after_it(core, store) -> None:
    neutralise_seeds(store)
    await run(core, "set daily 09:00 UTC")
    first = approve(store, "Ned Price", "Before now.", NOW - timedelta(hours=1))
    reply = await run(core, "now")
    assert not reply.is_error and not reply.ephemeral
    assert [i.statement_id for i in reply.items] == [first]
    second = approve(store, "Ned Price", "After now.", NOW + timedelta(hours=1))
    poster = FakePoster()
    await Scheduler(store, {"test": poster}, owner="s").run_once(utc(2024, 6, 4, 9))
    assert [i.statement_id for i in poster.posts[0][1].items] == [second]
    again = await run(core, "now")
    assert again.ephemeral and again.title.startswith("Nothing new since")


async def test_changing_a_schedule_does_not_post_a_period_that_already_ended(core, store) -> None:
    neutralise_seeds(store)
    await run(core, "set daily 18:00 UTC")
    approve(store, "Ned Price", "Something new.", NOW - timedelta(hours=1))
    await run(core, "set daily 09:00 UTC")  # 09:00 today has passed, 3 h ago
    poster = FakePoster()
    sched = Scheduler(store, {"test": poster}, owner="s")
    assert await sched.run_once(NOW) == []
    outcomes = await sched.run_once(utc(2024, 6, 4, 9))
    assert [o.status for o in outcomes] == ["posted"]


async def test_digest_previews_without_posting_or_recording(core, store) -> None:
    neutralise_seeds(store)
    await run(core, "set daily 09:00 UTC")
    new = approve(store, "Ned Price", "Something new.", NOW - timedelta(hours=1))
    before = counts(store)
    reply = await core.handle(Command("digest", context=USER))
    assert not reply.is_error and reply.ephemeral
    assert [i.statement_id for i in reply.items] == [new]
    assert "Preview only: nothing was posted." in reply.notices
    assert counts(store) == before
    old = await core.handle(Command("digest", "since=400d", context=USER))
    assert old.is_error and "the limit is 366 days" in old.title


async def test_schedules_need_a_channel(core) -> None:
    dm = Context(platform="discord", user_id="u", is_admin=True)
    reply = await core.handle(Command("schedule", "set daily 09:00", context=dm))
    assert reply.is_error and "schedules belong to a channel" in reply.title


def test_registry_marks_admin_actions() -> None:
    from bot.commands import build_registry

    registry = build_registry()
    spec = registry.get("schedule")
    admin_only = [a.name for a in spec.actions if spec.is_admin(a.name)]
    assert not spec.admin and admin_only == ["set", "off", "filter", "now"]
    assert not registry.get("digest").admin


def test_attache_digest_prints_what_a_channel_would_get(capsys, tmp_path) -> None:
    db = str(tmp_path / "cli.sqlite3")
    assert main(["--db", db, "digest", "--since", "7d", "--channel", "discord:G1:C9"]) == 0
    out = capsys.readouterr().out
    assert "Preview only: nothing was posted." in out
    assert "no digest schedule" in out
    assert main(["--db", db, "digest", "--channel", "fax:1:2:3"]) == 2
    assert "is not [PLATFORM:[WORKSPACE:]]CHANNEL" in capsys.readouterr().err
    assert main(["--db", db, "digest", "--since", "soon"]) == 2
    assert "neither a duration" in capsys.readouterr().err
