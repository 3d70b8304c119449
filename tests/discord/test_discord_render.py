"""The pure renderer: Reply -> Discord message payloads, within every limit, links only
from the reply."""

from __future__ import annotations

import random
import re
from datetime import date

from adapters.discord.render import (
    CUSTOM_ID_LIMIT,
    embed_length,
    more_custom_id,
    parse_more_custom_id,
    render,
    split_text,
)
from bot.core.types import Citation, Reply, SourceRef, StatementItem
from tests.discord.test_discord_answers import assert_within_discord_limits

URL = re.compile(r"https?://\S+")


def _item(n: int, text: str, sources: tuple[SourceRef, ...], **kwargs) -> StatementItem:
    return StatementItem(
        statement_id=n,
        speaker=f"Speaker {n}",
        role="envoy",
        entity="Somewhere",
        text=text,
        direct=n % 2 == 0,
        kind="condition",
        date=date(2024, 3, 1) if n % 3 else None,
        sources=sources,
        **kwargs,
    )


def _source(n: int, rng: random.Random, *, url: bool = True) -> SourceRef:
    return SourceRef(
        outlet=f"Outlet {n}",
        title="Headline " + "word " * rng.randint(1, 120),
        url=f"https://news.example/{n}/" + "a" * rng.randint(0, 300) if url else None,
        via=("interview with Agency",) * rng.randint(0, 2),
    )


def _as_dicts(reply: Reply) -> list[dict]:
    """Payloads shaped as discord.py sends them, for the shared limit checks."""
    return [
        {"content": m.content, "embeds": list(m.embeds), "components": m.buttons}
        for m in render(reply)
    ]


def test_random_large_replies_stay_within_every_limit_and_lose_no_statement() -> None:
    rng = random.Random(20240301)
    for _ in range(40):
        items = tuple(
            _item(
                n,
                "Words *of* the_source " * rng.randint(1, 400),
                tuple(_source(s, rng, url=rng.random() < 0.8) for s in range(rng.randint(0, 40))),
                points=tuple("point " * rng.randint(1, 200) for _ in range(rng.randint(0, 5))),
                also=tuple(
                    Citation(
                        1000 + c,
                        "Other " * rng.randint(1, 60),
                        None,
                        None,
                        tuple(_source(s, rng, url=rng.random() < 0.8) for s in range(3)),
                    )
                    for c in range(rng.choice((0, 0, 1, 30)))
                ),
            )
            for n in range(1, rng.randint(1, 30))
        )
        reply = Reply(
            title="Title " * rng.randint(1, 500),
            items=items,
            lines=tuple("line " * rng.randint(1, 300) for _ in range(rng.randint(0, 60))),
            notices=tuple("notice " * rng.randint(1, 50) for _ in range(rng.randint(0, 8))),
            numbered=rng.random() < 0.5,
            show_ids=rng.random() < 0.5,
            more=tuple(range(1000, 1000 + rng.randint(0, 40))),
        )
        messages = render(reply)
        for message in _as_dicts(reply):
            assert_within_discord_limits(message)
        shown = [i for m in messages for i in m.statement_ids]
        assert shown == [item.statement_id for item in items]
        assert all(not m.buttons for m in messages[:-1])
        assert bool(messages[-1].buttons) == bool(reply.more)
        known = {s.url for item in items for s in item.sources if s.url}
        known |= {s.url for item in items for c in item.also for s in c.sources if s.url}
        for message in messages:
            for embed in message.embeds:
                assert embed_length(embed) <= 6000
                assert embed.get("url") in known | {None}
                for field in embed.get("fields", []):
                    for link in URL.findall(field["value"]):
                        assert link in known  # whole links from the reply, never cut ones


def test_a_statement_without_a_date_or_link_says_so() -> None:
    source = SourceRef(outlet="Newsweek", title="Talks", url=None)
    (message,) = render(Reply(title="Answer", items=(_item(3, "We will talk.", (source,)),)))
    (embed,) = message.embeds
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Date"] == "date unknown"
    assert fields["Source"] == "Newsweek: ‘Talks’ (no link known)"
    assert "url" not in embed and not URL.search(str(message))


def test_the_sources_words_are_escaped_not_formatted() -> None:
    words = "*Never* say _never_ [click](https://evil.example) `x` ~~y~~ | z"
    source = SourceRef(outlet="Wire", url="https://wire.example/1")
    (message,) = render(Reply(title="Answer", items=(_item(2, words, (source,)),)))
    description = message.embeds[0]["description"]
    assert description == (
        "“\\*Never\\* say \\_never\\_ \\[click\\](https://evil.example) "
        "\\`x\\` \\~\\~y\\~\\~ \\| z”"
    )
    assert message.embeds[0]["url"] == "https://wire.example/1"


def test_numbered_points_are_listed_in_order() -> None:
    item = _item(
        1, "two conditions need to be met.", (SourceRef(outlet="RIA"),), points=("first", "second")
    )
    (message,) = render(Reply(title="Conditions", items=(item,), numbered=True))
    assert message.embeds[0]["description"].splitlines()[1:] == ["**1.** first", "**2.** second"]


def test_a_point_cites_the_other_statements_saying_it_within_every_limit() -> None:
    """A condition several documents report: one statement's words, then who said each of
    the others, when, and its sources with their whole links; as many as fit, then how many
    more there are."""
    wire = SourceRef(outlet="Wire", title="Terms", url="https://wire.example/1")
    also = (
        Citation(7, "Vladimir Putin", "President", date(2022, 3, 12), (wire,)),
        Citation(8, "Dmitry Peskov", None, None, (SourceRef(outlet="TASS", url=None),)),
    )
    item = _item(2, "Kyiv must recognise Crimea.", (SourceRef(outlet="RIA"),), also=also)
    (message,) = render(Reply(title="Conditions", items=(item,)))
    fields = {f["name"]: f["value"] for f in message.embeds[0]["fields"]}
    assert (
        fields["Also: Vladimir Putin, President · 2022-03-12"]
        == "Wire: ‘Terms’\nhttps://wire.example/1"
    )
    assert fields["Also: Dmitry Peskov · date unknown"] == "TASS (no link known)"

    rng = random.Random(15)
    many = tuple(
        Citation(
            n,
            f"Speaker {n} " + "of the ministry " * rng.randint(0, 30),
            None,
            date(2022, 1, 1 + n % 28),
            tuple(_source(n * 100 + s, rng) for s in range(rng.randint(0, 6))),
        )
        for n in range(60)
    )
    for numbered in (False, True):
        crowded = _item(3, "Words " * 300, (_source(1, rng),), also=many, points=("a", "b"))
        reply = Reply(title="Conditions", items=(crowded,), numbered=numbered)
        for payload in _as_dicts(reply):
            assert_within_discord_limits(payload)
        (embed,) = [e for m in render(reply) for e in m.embeds]
        names = [f["name"] for f in embed["fields"]]
        assert names[-1] == "Also" and embed["fields"][-1]["value"].endswith("more not shown")
        shown = sum(name.startswith("Also: ") for name in names)
        assert 0 < shown < len(many)
        assert embed["fields"][-1]["value"] == f"{len(many) - shown} more not shown"
        known = {s.url for c in many for s in c.sources} | {s.url for s in crowded.sources}
        for field in embed["fields"]:
            assert all(link in known for link in URL.findall(field["value"]))


def test_an_error_is_private_text_without_embeds() -> None:
    (message,) = render(
        Reply(title="no statement #9", status="error", error_code="not_found", ephemeral=True)
    )
    assert message.ephemeral and message.content == "no statement #9" and not message.embeds


def test_the_more_button_id_fits_100_characters_and_round_trips() -> None:
    ids = [10**12 + n for n in range(40)]
    custom_id = more_custom_id(ids)
    assert custom_id is not None and len(custom_id) <= CUSTOM_ID_LIMIT
    carried = parse_more_custom_id(custom_id)
    assert carried == tuple(ids[: len(carried)]) and len(carried) >= 6
    assert more_custom_id([]) is None


def test_split_text_cuts_at_lines_then_words() -> None:
    text = "\n".join(["a" * 1500, "b " * 1200, "c" * 4100])
    chunks = split_text(text, 2000)
    assert all(len(c) <= 2000 for c in chunks)
    assert chunks[0] == "a" * 1500
    assert "".join(chunks).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )


def test_many_short_statements_go_ten_to_a_message() -> None:
    source = SourceRef(outlet="Wire", url="https://wire.example/1")
    items = tuple(_item(n, f"Short {n}.", (source,)) for n in range(1, 24))
    messages = render(Reply(title="Many", items=items, more=(99,)))
    assert [len(m.embeds) for m in messages] == [10, 10, 3]
    assert messages[0].content == "**Many**" and all(m.content is None for m in messages[1:])
    assert [b.custom_id for b in messages[-1].buttons] == ["attache:show:99"]


def test_each_statement_names_its_group_as_embed_author_within_limits() -> None:
    rng = random.Random(7)
    items = tuple(
        _item(n, "words " * 700, (_source(n, rng),), group="Side " + "x" * 300)
        for n in range(1, 12)
    )
    reply = Reply(title="Side by side", items=items)
    payloads = _as_dicts(reply)
    for payload in payloads:
        assert_within_discord_limits(payload)
    authors = [e["author"]["name"] for p in payloads for e in p["embeds"] if "author" in e]
    assert len(authors) == len(items) and all(len(a) <= 256 for a in authors)
