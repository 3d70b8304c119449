"""conditions, timeline, compare, whosaid and statement filters, over our own statements."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.console.render import render
from bot.app.dispatch import Core
from bot.commands.routes import route
from bot.core.types import Command, Context
from bot.store import repo
from bot.store.models import Document
from bot.store.store import Store

USER = Context(platform="test", user_id="u")

# (speaker, entity key, date, words, kind) — written for these tests.
SAID = [
    (
        "Volodymyr Zelenskyy",
        "ukraine",
        date(2022, 3, 1),
        "Ukraine will never accept neutrality without real security guarantees.",
        "condition",
    ),
    (
        "Volodymyr Zelenskyy",
        "ukraine",
        date(2022, 3, 20),
        "We are ready to discuss neutrality if guarantors sign a treaty.",
        "offer",
    ),
    ("Dmytro Kuleba", "ukraine", date(2022, 2, 10), "Neutrality is not on the table today.", None),
    (
        "Vladimir Putin",
        "russia",
        date(2022, 2, 24),
        "Ukraine must accept neutrality and demilitarisation.",
        "demand",
    ),
    (
        "Vladimir Putin",
        "russia",
        date(2022, 5, 9),
        "The grain corridors depend on the lifting of sanctions.",
        "condition",
    ),
]


@pytest.fixture
def core(store: Store) -> Core:
    with store.transaction() as session:
        doc = Document(
            text="test",
            content_hash="t" * 64,
            title="Test page",
            url="https://example.org/t",
            outlet="Example",
        )
        session.add(doc)
        session.flush()
        made = []
        for n, (name, _, when, words, kind) in enumerate(SAID):
            speaker = repo.upsert_speaker(session, name)
            st, _ = repo.add_statement(
                session,
                doc,
                repo.NewStatement(speaker, words, n, n + 1, kind=kind, said_on=when),
            )
            made.append(st)
        repo.set_status(session, store.indexer, made, "approved", "test")
    return Core(store)


async def run(core: Core, name: str, text: str, **options: str):
    return await core.handle(Command(name, text, options=options, context=USER))


async def test_timeline_is_in_date_order_and_filters_by_topic(core: Core) -> None:
    reply = await run(core, "timeline", "Ukraine neutrality")
    dates = [i.date for i in reply.items]
    assert dates == sorted(dates) and len(dates) == 3
    assert {i.speaker for i in reply.items} == {"Volodymyr Zelenskyy", "Dmytro Kuleba"}
    assert "2022-02-10 to 2022-03-20" in reply.title
    lavrov = await run(core, "timeline", "lavrov")
    assert lavrov.items and all(i.speaker == "Sergei Lavrov" for i in lavrov.items)
    assert lavrov.items[-1].date is None  # the undated founding-article statements come last


async def test_compare_shows_each_side_under_its_heading(core: Core) -> None:
    reply = await run(core, "compare", "Russia and Ukraine on neutrality")
    groups = [i.group for i in reply.items]
    assert groups[0] == "Russia" and "Ukraine" in groups
    assert groups == sorted(groups, key=groups.index)  # one block per side
    assert all("neutral" in " ".join([i.text, *i.points]).lower() for i in reply.items)
    text = render(reply)
    assert "== Russia ==" in text and "== Ukraine ==" in text
    same = await run(core, "compare", "Russia Moscow")
    assert same.is_error and "two different sides" in same.title


async def test_compare_says_which_side_is_silent(core: Core) -> None:
    reply = await run(core, "compare", "Russia and Ukraine on grain")
    assert {i.group for i in reply.items} == {"Russia"}
    assert reply.notices == ("I have no statement from Ukraine on grain.",)


async def test_conditions_of_an_entity(core: Core) -> None:
    reply = await run(core, "conditions", "Russia")
    assert reply.items[0].speaker == "Sergei Lavrov" and len(reply.items[0].points) == 2
    assert reply.numbered
    assert all(i.kind in ("condition", "demand") for i in reply.items)
    ukraine = await run(core, "conditions", "Kyiv")
    assert [i.speaker for i in ukraine.items] == ["Volodymyr Zelenskyy"]


async def test_whosaid_finds_the_words_whatever_their_case_and_quotes(core: Core) -> None:
    reply = await run(core, "whosaid", "“DECIDING  vote”")
    assert [i.speaker for i in reply.items] == ["Dmitry Peskov"]
    nobody = await run(core, "whosaid", "purple elephants")
    assert nobody.status == "no_answer" and "Nobody" in nobody.title
    short = await run(core, "whosaid", "a")
    assert short.is_error and "too short" in short.title


@pytest.mark.parametrize("name", ["conditions", "timeline", "compare", "whosaid"])
async def test_empty_and_unknown_arguments_get_clear_messages(core: Core, name: str) -> None:
    empty = await run(core, name, "")
    assert empty.is_error and "empty" in empty.title
    if name != "whosaid":
        unknown = await run(core, name, "zzyzx qqq")
        assert unknown.is_error and "I have statements from" in unknown.title


@pytest.mark.parametrize(
    ("question", "routed"),
    [
        ("compare Russia and Ukraine on neutrality", ("compare", "Russia Ukraine neutrality")),
        ("Russia vs Ukraine on neutrality?", ("compare", "Russia Ukraine neutrality")),
        (
            "how do Russia and Ukraine differ on neutrality",
            ("compare", "Russia Ukraine neutrality"),
        ),
        ("what's the difference between Kyiv and Moscow", ("compare", "Kyiv Moscow")),
        (
            "how has Zelenskyy's position on neutrality changed?",
            ("timeline", "Zelenskyy neutrality"),
        ),
        ("timeline of Lavrov on talks", ("timeline", "Lavrov talks")),
        ("what does Russia want?", None),
        ("did Russia and Ukraine agree on a ceasefire", None),
    ],
)
def test_questions_asking_for_a_comparison_or_a_change_are_routed(
    question: str, routed: tuple[str, str] | None
) -> None:
    assert route(question) == routed


async def test_ask_answers_a_comparison_side_by_side(core: Core) -> None:
    reply = await run(core, "ask", "how do Russia and Ukraine differ on neutrality?")
    assert reply.title.startswith("Side by side: Russia and Ukraine")
    assert {i.group for i in reply.items} == {"Russia", "Ukraine"}
    changed = await run(core, "ask", "how has Zelenskyy's position on neutrality changed")
    assert changed.title.startswith("Timeline: Volodymyr Zelenskyy")
    assert [i.date for i in changed.items] == sorted(i.date for i in changed.items)
    unknown = await run(core, "ask", "compare apples and oranges")
    assert unknown.status == "no_answer" and not unknown.title.startswith("Side by side")
