"""Op-eds and signed articles: an office-holder's own writing is theirs, every sentence."""

from __future__ import annotations

import pytest

from bot.ingest.extract.core import extract_document
from bot.ingest.extract.titles import title_speaker_person

BODY = "\n\n".join(
    [
        "Our continent faces its gravest security crisis in decades.",
        "We will not accept a world in which borders are redrawn by force, and our alliance "
        "will keep supplying air defence for as long as it takes.",
        "The road to peace runs through strength, and I am convinced we will stay the course.",
    ]
)


def _by_speaker(title: str, text: str) -> tuple[str, dict[str, str | None]]:
    ex = extract_document(text, title=title)
    for s in ex.statements:
        assert text[s.start : s.end] == s.quote
    return ex.kind, {s.quote: s.speaker for s in ex.statements}


@pytest.mark.parametrize(
    "byline",
    [
        "By Karl Brandt, Secretary General of the Northern Alliance",
        "By Northern Alliance Secretary General Karl Brandt",
        "By Karl Brandt, Minister of Foreign Affairs of Ruritania | 3 May 2023",
    ],
)
def test_an_office_holders_byline_makes_the_article_their_op_ed(byline: str) -> None:
    kind, said = _by_speaker("Why we stand with our neighbours", f"{byline}\n\n{BODY}")
    assert kind == "speech"
    assert set(said.values()) == {"Karl Brandt"}
    assert any(q.startswith("Our continent faces") for q in said)
    assert not any(q.startswith("By ") for q in said)  # the byline is no statement


@pytest.mark.parametrize(
    "byline", ["By Jane Doe in Brussels", "By Jane Doe, Europe correspondent", "By Jane Doe"]
)
def test_a_journalists_byline_leaves_a_news_story(byline: str) -> None:
    kind, said = _by_speaker("Why the alliance stands firm", f"{byline}\n\n{BODY}")
    assert kind == "news article"
    assert "Jane Doe" not in said.values()


def test_an_article_by_someone_is_theirs_throughout() -> None:
    kind, said = _by_speaker("Article by Foreign Minister Karl Brandt for a weekly newspaper", BODY)
    assert kind == "speech"
    assert set(said.values()) == {"Karl Brandt"} and len(said) == 3
    # "Article 5" is a treaty's, not a writer's.
    kind, _ = _by_speaker("Article 5 and the alliance’s eastern flank", BODY)
    assert kind == "news article"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Secretary Brandt’s Op-Ed in the Northern Herald: Why we stand firm", "Brandt"),
        ("President Anna Kovalenko's Address to the Nation", "Anna Kovalenko"),
        ("Prime Minister Karl Brandt's speech at the Security Conference: 18 May", "Karl Brandt"),
    ],
)
def test_a_possessive_title_names_the_speaker_of_their_own_words(title: str, name: str) -> None:
    person = title_speaker_person(title)
    assert person is not None and person.name == name


@pytest.mark.parametrize(
    "title",
    [
        "President Kovalenko’s Call with Chancellor Brandt",
        "President Kovalenko’s call with Chancellor Brandt about his remarks",
        "Ruritania’s Statement on the Floods",
        "Kovalenko’s Address",  # a surname alone, no office: not enough to be sure
    ],
)
def test_a_possessive_of_an_event_or_a_country_names_no_speaker(title: str) -> None:
    assert title_speaker_person(title) is None


def test_an_authors_office_under_the_byline_makes_the_op_ed_theirs() -> None:
    text = "\n\n".join(
        [
            "OPINION",
            "By Karl Brandt",
            "The author is Norway's Minister of Foreign Affairs.",
            BODY,
            # The author's side as a sentence's subject is still the author writing.
            "That is why Norway is proposing three concrete steps to our partners.",
        ]
    )
    kind, said = _by_speaker("A pause is not a plan", text)
    assert kind == "speech"
    assert set(said.values()) == {"Karl Brandt"}
    assert any(q.startswith("That is why Norway is proposing") for q in said)
    assert not any(q.startswith("The author is") for q in said)  # the editor's line


def test_a_government_quoted_in_a_speech_keeps_its_quotation() -> None:
    text = "\n\n".join(
        [
            "By Karl Brandt, Minister of Foreign Affairs of Ruritania",
            BODY,
            "Norway's government said: “We will host the conference in the spring.”",
        ]
    )
    _, said = _by_speaker("A pause is not a plan", text)
    assert "Karl Brandt" in said.values()
    assert any("host the conference" in q for q in said)


def test_a_journalists_byline_names_no_one_a_pronoun_stands_for() -> None:
    # The writer says "I"; "she" is the negotiator, whose given name the lexicon lacks.
    text = "\n\n".join(
        [
            "By Anna Reinholt",
            "BUSAN - At 3 a.m., Zeynura Ortega was sitting on the floor of a corridor.",
            "“People imagine diplomacy is chandeliers,” she said when I sat down. “Mostly it"
            " is carpet.”",
            "Ortega is Peru's chief negotiator on the treaty.",
        ]
    )
    _, said = _by_speaker("The long table", text)
    assert "Anna Reinholt" not in said.values()


def test_a_full_name_heading_the_sentence_before_is_the_pronouns_person() -> None:
    text = "\n\n".join(
        [
            "“Everyone tells me they want a treaty,” Tomás Ibarra said, smiling.",
            "Zoltar Eriksen was more sceptical. “A treaty without the producers is a very nice"
            " piece of paper,” he said.",
        ]
    )
    _, said = _by_speaker("The long table", text)
    assert said["A treaty without the producers is a very nice piece of paper"] == (
        "Zoltar Eriksen"
    )
