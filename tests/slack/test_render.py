"""The Block Kit renderer on its own: Reply in, messages within Slack's limits out."""

from __future__ import annotations

from datetime import date

from adapters.slack.mrkdwn import escape, link
from adapters.slack.render import more_ids, render
from bot.core.types import Citation, Reply, SourceRef, StatementItem

WIRE = SourceRef(outlet="Example Wire", title="A story", url="https://example.org/story")


def item(n: int = 1, text: str = "We will talk.", **fields) -> StatementItem:
    values = dict(
        statement_id=n,
        speaker="Pat Example",
        role="envoy",
        entity=None,
        text=text,
        direct=True,
        kind=None,
        date=None,
        sources=(WIRE,),
    )
    values.update(fields)
    return StatementItem(**values)


def all_blocks(messages: list[dict]) -> list[dict]:
    return [b for m in messages for b in m["blocks"]]


def all_text(messages: list[dict]) -> str:
    out = []
    for block in all_blocks(messages):
        if "text" in block:
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text")
            out.append(text["text"] if isinstance(text, dict) else text or "")
    return "\n".join(out)


def assert_within_limits(messages: list[dict]) -> None:
    for message in messages:
        assert 1 <= len(message["blocks"]) <= 50
        assert message["text"]
        for block in message["blocks"]:
            if block["type"] == "section":
                assert 1 <= len(block["text"]["text"]) <= 3000
            if block["type"] == "context":
                assert 1 <= len(block["elements"]) <= 10
                assert all(len(e["text"]) <= 3000 for e in block["elements"])


def test_a_statement_is_a_section_then_a_context_with_its_citation() -> None:
    reply = Reply(title="Said", items=(item(date=date(2022, 9, 25), role="envoy"),))
    (message,) = render(reply)
    title, words, citation = message["blocks"]
    assert title["text"]["text"] == "*Said*"
    assert words["text"]["text"] == "“We will talk.”"
    assert citation["type"] == "context"
    who, source = (e["text"] for e in citation["elements"])
    assert who == "Pat Example, envoy · 2022-09-25"
    assert source == "<https://example.org/story|Example Wire: ‘A story’>"


def test_no_date_says_so_and_no_url_is_invented() -> None:
    unlinked = SourceRef(outlet="Example Wire", title="A story", url=None)
    reported = item(direct=False, sources=(unlinked,))
    text = all_text(render(Reply(title="Said", items=(reported,))))
    assert "date unknown" in text
    assert "Example Wire: ‘A story’ (no link known)" in text
    assert "http" not in text and "<" not in text
    assert "We will talk. _(reported speech)_" in text


def test_only_web_links_become_links() -> None:
    odd = SourceRef(outlet="Feed", url="javascript:alert(1)")
    text = all_text(render(Reply(title="t", items=(item(sources=(odd,)),))))
    assert "<javascript" not in text and "javascript:alert(1)" in text
    assert link("https://x.org/a b|c>", "L") == "<https://x.org/a%20b%7Cc%3E|L>"


def test_everything_quoted_is_escaped() -> None:
    nasty = "<!channel> <!here> <@U123> <https://evil.example|click> & more"
    reply = Reply(
        title="About <!everyone>",
        items=(item(text=nasty, points=("<!here> first",)),),
        lines=("line <@U1>",),
        notices=("note <!channel>",),
    )
    messages = render(reply)
    text = all_text(messages)
    for raw in ("<!channel>", "<!here>", "<@U123>", "<!everyone>", "<@U1>", "<https://evil"):
        assert raw not in text
        assert raw not in messages[0]["text"]
    assert escape(nasty) in text and "&lt;!here&gt; first" in text


def test_a_statement_longer_than_a_section_is_shortened_with_its_source_link() -> None:
    long_text = "Opening words " + "and then more words " * 400 + "closing words."
    (message,) = render(Reply(title="t", items=(item(text=long_text),)))
    words = message["blocks"][1]["text"]["text"]
    assert len(words) <= 3000
    assert words.startswith("“Opening words and then") and "closing words" not in words
    assert "…”" in words and "full text is at the source" in words
    assert "<https://example.org/story|" in all_text([message])


def test_escaping_growth_is_counted_against_the_limit() -> None:
    ampersands = "A&B " * 900  # 3600 characters that escape to 7200
    long_url = SourceRef(outlet="Wire", url="https://example.org/?" + "q=1&" * 600)
    angled = SourceRef(outlet="<Wire> " * 700, url="https://example.org/ok")
    reply = Reply(
        title=ampersands,
        items=(item(text=ampersands, role=ampersands, sources=(long_url, angled)),),
        notices=(ampersands,),
    )
    messages = render(reply)
    assert_within_limits(messages)
    assert len(messages[0]["text"]) <= 3000
    contexts = [b for b in all_blocks(messages) if b["type"] == "context"]
    assert all(len(e["text"]) <= 2000 for c in contexts for e in c["elements"])
    text = all_text(messages)
    assert "Wire (link too long to show)" in text  # not a cut, broken link
    assert "<https://example.org/ok|&lt;Wire&gt;" in text


def test_many_statements_are_split_into_messages_of_at_most_50_blocks() -> None:
    reply = Reply(title="Many", items=tuple(item(n, f"Statement {n}.") for n in range(1, 41)))
    messages = render(reply)
    assert len(messages) == 2
    assert_within_limits(messages)
    assert messages[1]["text"] == "Many (continued, 2/2)"
    # A statement and its citation are never separated by a message boundary.
    for message in messages:
        assert message["blocks"][-1]["type"] == "context"
    text = all_text(messages)
    assert all(f"Statement {n}." in text for n in range(1, 41))


def test_long_points_get_sections_of_their_own() -> None:
    points = tuple(f"Point {n} " + "word " * 150 for n in range(1, 13))
    (message,) = render(Reply(title="t", items=(item(points=points),)))
    assert_within_limits([message])
    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert [s.split(" ")[0] for s in sections[2:]] == [f"{n}." for n in range(1, 13)]


def test_numbered_conditions_cite_their_source_after_each_point() -> None:
    conditions = item(
        direct=False,
        text="two conditions need to be met.",
        points=("first condition.", "second condition."),
    )
    reply = Reply(title="Conditions", items=(conditions, item(2, "Also this.")), numbered=True)
    blocks = render(reply)[0]["blocks"]
    kinds = [b["type"] for b in blocks]
    assert kinds == [
        "section",
        "section",
        "section",
        "context",
        "section",
        "context",
        "section",
        "section",
        "context",
    ]
    assert blocks[2]["text"]["text"] == "*1.* first condition. _(reported speech)_"
    assert blocks[4]["text"]["text"] == "*2.* second condition. _(reported speech)_"
    assert blocks[6]["text"]["text"] == "*Also:*"


def test_many_sources_fit_one_context_block() -> None:
    sources = tuple(SourceRef(outlet=f"Outlet {n}", url=f"https://e.org/{n}") for n in range(15))
    (message,) = render(Reply(title="t", items=(item(sources=sources),)))
    citation = message["blocks"][-1]
    assert len(citation["elements"]) == 10
    assert citation["elements"][-1]["text"] == "and 7 more sources"


def test_a_point_cites_the_other_statements_saying_it_in_a_context_block() -> None:
    """A condition several documents report: its citation, then one context block citing
    each other statement (who, when, linked sources), within Slack's limits."""
    also = (
        Citation(7, "Vladimir Putin", "President", date(2022, 3, 12), (WIRE,)),
        Citation(8, "Dmitry <Peskov>", None, None, (SourceRef(outlet="TASS", url=None),)),
    )
    (message,) = render(Reply(title="Conditions", items=(item(also=also),)))
    *_, citation, cited = message["blocks"]
    assert citation["type"] == cited["type"] == "context"
    assert [e["text"] for e in cited["elements"]] == [
        "Also: Vladimir Putin, President · 2022-03-12 — "
        + link(WIRE.url, "Example Wire: ‘A story’"),
        "Also: Dmitry &lt;Peskov&gt; · date unknown — TASS (no link known)",
    ]
    numbered = item(points=("first.", "second."), also=also)
    blocks = render(Reply(title="Conditions", items=(numbered,), numbered=True))[0]["blocks"]
    assert [b["type"] for b in blocks].count("context") == 4  # each point: its two citations

    long_source = SourceRef(outlet="Outlet " + "x" * 900, url="https://e.org/" + "y" * 400)
    many = tuple(
        Citation(n, f"Speaker {n} " + "z" * 400, None, None, (long_source,) * 5) for n in range(30)
    )
    messages = render(Reply(title="t", items=(item(also=many), item(2, also=many))))
    assert_within_limits(messages)
    cited = [b for b in all_blocks(messages) if b["type"] == "context"][1]
    assert len(cited["elements"]) == 10
    assert cited["elements"][-1]["text"] == "and 21 more statements"
    assert all(len(e["text"]) <= 2000 for e in cited["elements"])
    assert all(e["text"].endswith("more") for e in cited["elements"][:-1])


def test_more_button_carries_the_ids_within_the_value_limit() -> None:
    (message,) = render(Reply(title="t", items=(item(),), more=(7, 8, 9)))
    button = message["blocks"][-1]["elements"][0]
    assert button["action_id"] == "attache_more" and button["value"] == "7,8,9"
    assert more_ids(button["value"]) == [7, 8, 9]
    assert button["text"]["text"] == "More (3)"

    (huge,) = render(Reply(title="t", more=tuple(range(10_000, 12_000))))
    value = huge["blocks"][-1]["elements"][0]["value"]
    assert len(value) <= 2000 and more_ids(value)[0] == 10_000


def test_errors_lines_and_notices() -> None:
    error = render(Reply(title="no <such> thing", status="error", ephemeral=True))
    assert error[0]["blocks"][0]["text"]["text"] == ":warning: no &lt;such&gt; thing"

    help_lines = tuple(f"command{n:<3}        summary {n}" for n in range(300))
    notices = tuple(f"notice {n}" for n in range(12))
    messages = render(Reply(title="Help", lines=help_lines, notices=notices))
    assert_within_limits(messages)
    sections = [b for b in all_blocks(messages) if b["type"] == "section"][1:]
    assert len(sections) > 1 and all(s["text"]["text"].startswith("```\n") for s in sections)
    contexts = [b for b in all_blocks(messages) if b["type"] == "context"]
    assert [len(c["elements"]) for c in contexts] == [10, 2]
    assert all(f"summary {n}" in all_text(messages) for n in range(300))


def test_groups_get_one_heading_each() -> None:
    items = (item(1, group="Russia"), item(2, group="Russia"), item(3, group="Ukraine"))
    messages = render(Reply(title="Side by side", items=items))
    texts = [b["text"]["text"] for b in all_blocks(messages) if b["type"] == "section"]
    assert texts.count("*Russia*") == 1 and texts.count("*Ukraine*") == 1
    assert texts.index("*Russia*") < texts.index("*Ukraine*")
