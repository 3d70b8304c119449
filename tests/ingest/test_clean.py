"""Cleaning: boilerplate removal and glued-word repair that never changes any other word.

The central check is ``assert_only_whitespace_and_removals``: the cleaned text, stripped of
whitespace, must equal the input stripped of whitespace after deleting exactly the reported
boilerplate spans; and the cleaned tokens must be the input tokens with exactly the reported
glued tokens split. A cleaner that altered a single letter of a quote fails it.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from bot.ingest.clean import (
    CleanReport,
    clean_text,
    clean_text_report,
    html_to_text,
    normalise_whitespace,
)
from bot.ingest.glue import glue_splits

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("ATTACHE_CORPUS_DIR", REPO_ROOT.parent / "shared" / "corpus"))
SEED_NAME = "000_d50673e553b10579.txt"
SEED_TITLE = "Vladimir Putin's foreign minister says Russia is ready to negotiate with the West"


def seed_text() -> str:
    for folder in (REPO_ROOT / "seeds", REPO_ROOT.parent / "shared" / "seeds"):
        if (folder / SEED_NAME).is_file():
            return (folder / SEED_NAME).read_text(encoding="utf-8")
    pytest.skip(f"the founding article {SEED_NAME} is in neither seeds/ nor ../shared/seeds/")


def assert_only_whitespace_and_removals(original: str, report: CleanReport) -> None:
    # Removed spans read as whitespace, so nothing on either side of them is glued together.
    chars = list(original)
    for removal in report.removed:
        assert removal.reason
        chars[removal.start : removal.end] = " " * (removal.end - removal.start)
    kept = "".join(chars)
    assert re.sub(r"\s+", "", report.text) == re.sub(r"\s+", "", kept)

    expected = Counter(kept.split())
    for token, pieces in report.splits:
        assert "".join(pieces) == token and len(pieces) >= 2
        expected[token] -= 1
        expected.update(pieces)
    assert +expected == Counter(report.text.split())


# ----------------------------------------------------------------------------- the seed


def test_seed_boilerplate_is_removed_and_glued_words_repaired() -> None:
    original = seed_text()
    cleaned = clean_text(original)
    for boilerplate in (
        "More under this ad",
        "Discover our latest podcast",
        "© Aziz Karimov / Contributeur",
        "dia images / Contributeur",
    ):
        assert boilerplate not in cleaned
    for glued, repaired in (
        ("televisionRia Novosti", "television Ria Novosti"),
        ("conditionsneed", "conditions need"),
        ("NATOneeds", "NATO needs"),
        ("areadvancing", "are advancing"),
        ("Governmentdismissed", "Government dismissed"),
    ):
        assert glued in original
        assert glued not in cleaned and repaired in cleaned
    # The headline is kept once, as the first paragraph; its repeats are gone.
    paragraphs = cleaned.split("\n\n")
    assert paragraphs[0] == SEED_TITLE
    assert sum(p.casefold() == SEED_TITLE.casefold() for p in paragraphs) == 1
    assert "\n\n\n" not in cleaned and "\n" not in cleaned.replace("\n\n", "")


def test_seed_quotes_survive_word_for_word() -> None:
    cleaned = clean_text(seed_text())
    for quote in (
        "Obviously, Washington has a deciding vote. It is impossible to discuss anything, say. "
        "With Kiev.",
        "We see this as posturing. We do not see this as a constructive, legitimate offer to "
        "engage in the dialogue and diplomacy",
        "Russia is always ready to listen to our Western colleagues if they make another request "
        "to organize a conversation",
    ):
        assert quote in cleaned


def test_seed_title_given_separately_is_dropped_from_the_body() -> None:
    cleaned = clean_text(seed_text(), title=SEED_TITLE)
    assert SEED_TITLE.casefold() not in cleaned.casefold()
    assert cleaned.startswith("Sergei Lavrov has signalled Russia is ready to negotiate")


def test_seed_changes_nothing_but_whitespace_and_boilerplate() -> None:
    original = seed_text()
    report = clean_text_report(original)
    assert_only_whitespace_and_removals(original, report)
    assert sorted(token for token, _ in report.splits) == sorted(
        ["televisionRia", "conditionsneed", "NATOneeds", "areadvancing", "Governmentdismissed"]
    )
    removed = {original[r.start : r.end].strip() for r in report.removed}
    assert "More under this ad" in removed and "Discover our latest podcast" in removed


def test_cleaning_is_idempotent_on_the_seed() -> None:
    once = clean_text(seed_text())
    assert clean_text(once) == once


# ----------------------------------------------------------------------------- glue rules


def never(run: str) -> bool:
    return False


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("televisionRia", "television Ria"),
        ("saysRussia’s", "says Russia’s"),
        ("NATOneeds", "NATO needs"),
        ("PMMore", "PM More"),  # the last capital starts the word
        ("conditionsneed", "conditions need"),
        ("areadvancing", "are advancing"),
        ("allowedto", "allowed to"),
        ("Governmentdismissed", "Government dismissed"),
        ("LavrovRead", "Lavrov Read"),
    ],
)
def test_glued_words_are_split(token: str, expected: str) -> None:
    cuts = glue_splits(token, never)
    assert len(cuts) == 1
    assert f"{token[: cuts[0]]} {token[cuts[0] :]}" == expected


@pytest.mark.parametrize(
    "token",
    [
        # brands and name styles
        "iPhone", "eBay", "McDonald", "MacArthur", "YouTube", "LinkedIn", "PhD", "kWh",
        "DeSantis", "LaGuardia", "OpenAI", "BioNTech", "EuroMaidan", "eSupport",
        # names and places that happen to contain words
        "Stoltenberg", "Zelenskiy", "Blinken", "Donbas", "Andersson", "Brovary", "Markian",
        "Starstreak", "Partygate", "Forpost", "Kramatorsk",
        # real words, compounds, identifiers
        "counteroffensive", "invariability", "nonbloc", "choirmasters", "safekeep",
        "dispatchability", "announceable", "COVID19cases", "Putinism",
        # addresses
        "https://example.org/fooBar", "www.exampleNews.com", "press@kremlinNews.ru",
        "#StandWithUkraine", "@ZelenskyyUa",
    ],
)  # fmt: skip
def test_names_brands_compounds_and_addresses_are_left_alone(token: str) -> None:
    assert glue_splits(token, never) == []


def test_a_token_used_elsewhere_in_the_document_is_left_alone() -> None:
    text = "The firm conditionsneed said so. Later conditionsneed said more."
    assert clean_text(text) == text
    # …while a one-off join in a document is repaired.
    assert clean_text("Two conditionsneed to be met.") == "Two conditions need to be met."


def test_glued_quotes_and_sentences_get_their_space() -> None:
    text = "He said “no.”Then he left.“Fine,” she said.It ended there."
    assert clean_text(text) == "He said “no.” Then he left. “Fine,” she said. It ended there."
    url = "See https://example.org/news.Today and mail a.b@x.org.Then stop."
    assert "https://example.org/news.Today" in clean_text(url)


# ----------------------------------------------------------------------------- widgets


def test_glued_read_more_widget_is_removed_and_headline_set_apart() -> None:
    text = (
        "The alliance moved troops east. EU announces new sanctions on Moscow officialsRead more "
        "Stoltenberg said the move was defensive."
    )
    report = clean_text_report(text)
    assert report.text.split("\n\n") == [
        "The alliance moved troops east.",
        "EU announces new sanctions on Moscow officials",
        "Stoltenberg said the move was defensive.",
    ]
    assert_only_whitespace_and_removals(text, report)


def test_live_blog_stamps_and_update_widgets() -> None:
    text = (
        "Markets fell sharply.Read moreUpdated at 23.50\xa0GMT 24 Feb 202223.33Asked about "
        "sanctions, the minister declined to comment."
    )
    report = clean_text_report(text)
    assert report.text.split("\n\n") == [
        "Markets fell sharply.",
        "24 Feb 2022 23.33",
        "Asked about sanctions, the minister declined to comment.",
    ]
    assert_only_whitespace_and_removals(text, report)


def test_inline_photo_credits_and_newsletter_plugs() -> None:
    text = (
        "A queue outside a shop in central Kyiv. Photograph: Jane Roe/AP Officials said "
        "supplies were stable. Sign up to First Edition, our free daily newsletter – every "
        "weekday morning at 7am BST The minister added: “We will cope.” A view of the port. "
        "Photograph: John Doe/AFP/Getty ImagesLater that day talks resumed."
    )
    cleaned = clean_text(text)
    assert "Photograph" not in cleaned and "Sign up" not in cleaned
    assert "The minister added: “We will cope.”" in cleaned
    assert "Later that day talks resumed." in cleaned
    assert_only_whitespace_and_removals(text, clean_text_report(text))


def test_ordinary_lines_that_look_a_little_like_widgets_are_kept() -> None:
    text = (
        "Read more about the talks in our explainer, the editor wrote.\n"
        "Deaths: 0\nDeaths: 0\nDeaths: 0\n"
        "Vladimir Putin:\nWe are ready.\nVladimir Putin:\nWe are ready.\nVladimir Putin:\nYes.\n"
        "Yes / no\nCopyright law was discussed by the panel on Monday.\n"
        "© 2022 Example Herald. All rights reserved.\nA flooded street / Getty Images"
    )
    cleaned = clean_text(text)
    assert "Yes / no" in cleaned and "Copyright law was discussed" in cleaned
    assert "©" not in cleaned and "Getty" not in cleaned
    assert cleaned.count("Deaths: 0") == 3
    assert cleaned.count("Vladimir Putin:") == 3
    assert cleaned.startswith("Read more about the talks")


# ----------------------------------------------------------------------------- whitespace


def test_normalise_whitespace() -> None:
    text = (
        "Title line\r\n\r\n\r\n\r\nFirst  paragraph\twith\xa0odd   spacing.  \r\n"
        "Second block on its own line.\n\n\n\n"
        "A long hard-wrapped sentence that the author broke across\n"
        "two lines of a plain-text file.\n"
    )
    assert normalise_whitespace(text) == (
        "Title line\n\n"
        "First paragraph with odd spacing.\n\n"
        "Second block on its own line.\n\n"
        "A long hard-wrapped sentence that the author broke across two lines of a plain-text "
        "file."
    )


# ----------------------------------------------------------------------------- HTML

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<title>Minister sets out two conditions | Example Herald</title>
<meta property="og:site_name" content="Example Herald">
<meta property="og:title" content="Minister sets out two conditions">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2022-10-13T08:00:00+03:00">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Minister sets out two conditions</h1>
<p>The foreign minister said on Tuesday that his country was ready to talk, and named two
conditions for any negotiation with its neighbours, in an interview with state television.</p>
<p>More under this ad</p>
<p>“We are always ready to listen to our colleagues if they make a serious request,” the
minister said. Officials in the capital did not comment on the remarks on Tuesday evening.</p>
<p>A spokesman later told reporters: “The deciding vote belongs to others.” He gave no
further details about the timing of any talks between the two governments.</p>
</article>
<footer>© 2022 Example Herald. All rights reserved.</footer>
</body></html>
"""


def test_html_to_text_extracts_body_and_metadata() -> None:
    article = html_to_text(ARTICLE_HTML, url="https://herald.example/world/conditions")
    assert article.title == "Minister sets out two conditions"
    assert article.published == "2022-10-13"
    assert article.author == "Jane Roe"
    assert article.outlet == "Example Herald"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("The foreign minister said on Tuesday")
    assert "“We are always ready to listen to our colleagues if they make a serious request,”" in (
        article.text
    )
    assert "More under this ad" not in article.text
    assert "Home" not in article.text and "All rights reserved" not in article.text
    assert article.title not in article.text
    assert len(paragraphs) == 3


# ----------------------------------------------------------------------------- corpus


def corpus_documents() -> list[tuple[str, dict]]:
    files = sorted(CORPUS.glob("*/*.jsonl"))
    if not files:
        pytest.skip(f"development corpus not found at {CORPUS} (set ATTACHE_CORPUS_DIR)")
    docs = []
    for path in files:
        with path.open(encoding="utf-8") as handle:
            docs.extend((path.name, json.loads(line)) for line in handle if line.strip())
    return docs


@pytest.mark.corpus
def test_corpus_cleaning_changes_nothing_but_whitespace_and_boilerplate() -> None:
    docs = corpus_documents()
    assert len(docs) > 100
    split_count = 0
    for name, doc in docs:
        report = clean_text_report(doc["text"], title=doc.get("title"))
        try:
            assert_only_whitespace_and_removals(doc["text"], report)
        except AssertionError as exc:
            raise AssertionError(f"{name} {doc.get('id')}: {exc}") from None
        split_count += len(report.splits)
    assert split_count > 0


@pytest.mark.corpus
def test_corpus_news_loses_its_glued_read_more_widgets() -> None:
    news = [doc for name, doc in corpus_documents() if name.startswith("guardian")]
    if not news:
        pytest.skip("no Guardian file in the corpus")
    before = sum(len(re.findall(r"\wRead more", doc["text"])) for doc in news)
    after = sum(len(re.findall(r"\wRead more", clean_text(doc["text"]))) for doc in news)
    assert before > 0 and after == 0
