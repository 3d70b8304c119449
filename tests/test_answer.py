"""Answering over the seeded store: the founding-article questions, aliases, abstention."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.answer.bag import WordBag
from bot.answer.question import parse
from bot.core.types import Reply
from bot.text.entities import EntityRef, Resolver, SpeakerRef, _letters, edit_distance


def speakers(reply: Reply) -> list[str]:
    return [i.speaker for i in reply.items]


async def test_russias_conditions_are_two_numbered_points_by_lavrov(ask) -> None:
    reply = await ask("What are Russia's conditions?")
    assert reply.answered and reply.numbered
    top = reply.items[0]
    assert top.speaker == "Sergei Lavrov"
    assert top.attribution == "Sergei Lavrov, Russia's foreign minister"
    assert len(top.points) == 2
    assert "NATO needs to stop" in top.points[0] and "neutrality" in top.points[0]
    assert "serious proposal to defuse tensions" in top.points[1]
    source = top.sources[0]
    assert source.via == ("interview with RIA Novosti", "Newsweek")
    assert (
        source.title
        == "Russia Would Agree to Talks to End Ukraine War on These Conditions: Kremlin"
    )
    assert source.url is None and top.date is None


@pytest.mark.parametrize(
    ("question", "speaker", "words"),
    [
        ("What did the US say about Russia's offer?", "Ned Price", "posturing"),
        ("Who does the Kremlin want to negotiate with?", "Dmitry Peskov", "Washington"),
        ("Is Russia ready to negotiate?", "Sergei Lavrov", "always ready to listen"),
        ("Who called it posturing?", "Ned Price", "posturing"),
        ("what does Moscow want before talks?", "Sergei Lavrov", "two conditions"),
        ("what did ned price say", "Ned Price", "posturing"),
        ("does russia want ukraine to be neutral?", "Sergei Lavrov", "neutrality"),
        ("what did lavorv say about talks", "Sergei Lavrov", "ready"),
        ("WHAT ARE THE KREMLIN'S DEMANDS", "Sergei Lavrov", "two conditions"),
        ("what is washington's view of the russian offer", "Ned Price", "posturing"),
        # asked politely, on any way in: "who" after "tell me" is no World Health Organization
        ("can you tell me who said Washington has a deciding vote?", "Dmitry Peskov", "deciding"),
        ("Hi! Please tell me who called it posturing", "Ned Price", "posturing"),
    ],
)
async def test_founding_article_questions(ask, question: str, speaker: str, words: str) -> None:
    reply = await ask(question)
    assert reply.answered, reply.title
    top = reply.items[0]
    assert top.speaker == speaker
    assert words in " ".join([top.text, *top.points])


@pytest.mark.parametrize(
    "question",
    [
        "What did Angela Merkel say about the Olympics?",
        "what did putin say about the grain deal",
        "what's the weather in kyiv",
        "tell me a joke",
        "what did ned price say about the olympics",
        "what did the pope say",
    ],
)
async def test_abstains_when_nothing_answers(ask, question: str) -> None:
    reply = await ask(question)
    assert not reply.answered and reply.status == "no_answer"
    assert reply.items == ()
    assert any("Sergei Lavrov" in line for line in reply.lines)


async def test_abstention_names_the_person_asked_about(ask) -> None:
    reply = await ask("What did Angela Merkel say about the Olympics?")
    assert "Angela Merkel" in reply.title
    assert "I do have statements from" in reply.lines[0]


def _resolver() -> Resolver:
    return Resolver(
        [
            EntityRef(1, "russia", "Russia", ("Moscow", "the Kremlin"), ("Russian",)),
            EntityRef(2, "united-states", "United States", ("US", "Washington"), ("American",)),
            EntityRef(3, "ukraine", "Ukraine", ("Kyiv", "Kiev"), ("Ukrainian",)),
        ],
        [
            SpeakerRef(10, "Volodymyr Zelenskyy", ("Zelensky", "Zelenskiy"), None, 3),
            SpeakerRef(11, "Ned Price", ("Price",), None, 2),
            SpeakerRef(12, "Jens Stoltenberg", (), None, None),
            SpeakerRef(13, "Luiz Inácio Lula da Silva", (), None, None),
            SpeakerRef(14, "Ursula von der Leyen", (), None, None),
        ],
        ambiguous_aliases=("US", "Price"),
    )


@pytest.mark.parametrize(
    ("text", "kind", "target"),
    [
        ("what does the Kremlin want", "entity", 1),
        ("moscow's view", "entity", 1),
        ("the Russian side", "entity", 1),
        ("Kiev", "entity", 3),
        ("ukrainian president", "entity", 3),
        ("what did the U.S. say", "entity", 2),
        ("what did the US say", "entity", 2),
        ("zelenskiy", "speaker", 10),
        ("Zelenskyy's address", "speaker", 10),
        ("zelenskii", "speaker", 10),
        ("stoltenburg on finland", "speaker", 12),
        ("what did Price say", "speaker", 11),
        ("lula on zelenskiy", "speaker", 13),
        ("Da Silva on Ukraine", "speaker", 13),
        ("von der leyen on sanctions", "speaker", 14),
    ],
)
def test_aliases_demonyms_and_misspellings_resolve(text: str, kind: str, target: int) -> None:
    mentions = _resolver().find(text)
    assert any(m.kind == kind and target in m.target_ids for m in mentions), mentions


@pytest.mark.parametrize(
    "text", ["tell us about it", "the price of gas", "prince harry", "ursula on sanctions"]
)
def test_common_words_are_not_taken_for_ambiguous_aliases(text: str) -> None:
    assert _resolver().find(text) == []


def test_edit_distance_counts_transpositions_once() -> None:
    assert edit_distance("lavorv", "lavrov", 2) == 1
    assert edit_distance("stoltenburg", "stoltenberg", 2) == 1
    assert edit_distance("grain", "putin", 1) == 2


def test_the_letter_prefilter_never_rejects_a_word_within_the_limit() -> None:
    """The fuzzy search skips words with more than `limit` letters the other lacks; that
    must be a necessary condition of the edit distance, never a guess."""
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyzéß"
    for _ in range(3000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(5, 12)))
        b = list(a)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(b))
            op = rng.randrange(4)
            if op == 0:
                b[i] = rng.choice(alphabet)
            elif op == 1:
                b.insert(i, rng.choice(alphabet))
            elif op == 2 and len(b) > 1:
                del b[i]
            elif i + 1 < len(b):
                b[i], b[i + 1] = b[i + 1], b[i]
        b = "".join(b)
        for limit in (1, 2):
            if edit_distance(a, b, limit) <= limit:
                la, lb = _letters(a), _letters(b)
                assert (la & ~lb).bit_count() <= limit and (lb & ~la).bit_count() <= limit


@pytest.mark.parametrize(
    "text",
    ["", "  ", "russia", "nato expans russia", "qqspk12 qqent3 lavrov", "a  b\tc\nd", "kyiv kyiv"],
)
def test_a_word_bag_answers_as_the_set_of_its_words(text: str) -> None:
    bag, words = WordBag(text), set(text.split())
    probes = ["russia", "nato", "expans", "qqspk1", "qqspk12", "qqent3", "a", "b", "c", "d"]
    for probe in [*probes, "", " ", "a b", "nato expans", "kyiv"]:
        assert (probe in bag) == (probe in words), probe
    assert bool(bag) == bool(words) and len(bag) == len(words) and set(bag) == words
    assert (frozenset({"nato", "b", "zz"}) & bag) == (frozenset({"nato", "b", "zz"}) & words)
    assert ({"nato", "kyiv"} & bag) == ({"nato", "kyiv"} & words)
    other = WordBag("lavrov zz")
    assert set(bag | other) == words | {"lavrov", "zz"} and "zz" in (bag | other)


async def test_an_unknown_speaker_is_named_not_replaced_by_someone_else(ask) -> None:
    reply = await ask("what did Rishi Sunak say about Russia's offer?")
    assert not reply.answered and "Rishi Sunak" in reply.title


async def test_a_question_naming_no_one_with_one_word_is_too_thin(ask) -> None:
    reply = await ask("tell me a joke")
    assert not reply.answered and "names no one" in reply.title
    who = await ask("who said posturing")
    assert who.answered and who.items[0].speaker == "Ned Price"


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("what did the kremlin spokesman say about washington", "Dmitry Peskov"),
        ("russia's foreign minister on talks", "Sergei Lavrov"),
        ("the us state department spokesman on russia's offer", "Ned Price"),
    ],
)
async def test_offices_name_their_holders(ask, question: str, speaker: str) -> None:
    reply = await ask(question)
    assert reply.answered and reply.items[0].speaker == speaker


@pytest.mark.parametrize(
    ("question", "speaker_ids"),
    [
        ("what did price say about russia", {11}),  # the slot before "say" holds a name
        ("what did Price say", {11}),
        ("what did the us say about the price of gas", set()),
    ],
)
def test_a_name_that_is_a_common_word_is_taken_where_a_speaker_goes(
    question: str, speaker_ids: set[int]
) -> None:
    assert set(parse(question, _resolver()).speaker_ids) == speaker_ids


def test_prepare_loads_what_answering_keeps_then_freezes_it(store) -> None:  # noqa: ANN001
    """`attache serve` prepares the answerer before its first question: the caches and the
    vector index load, and the objects then alive leave the garbage collector's view (a
    full collection walking them paused answering for 70 ms at a million statements)."""
    import gc

    from bot.answer.engine import Answerer

    answerer = Answerer(store)
    assert answerer.aliases.resolver is None
    store.vectors.use(store.vectors.embedder)  # no index loaded yet
    try:
        with store.reading() as session:
            answerer.prepare(session)
            assert answerer.aliases.resolver is not None
            # The vector index too (seconds at a million statements), holding the seeds.
            assert store.vectors._index is not None and store.vectors._index.size > 0
            assert gc.get_freeze_count() > 0
            # Answers are the same after as before.
            assert answerer.answer(session, "What are Russia's conditions?").answered
    finally:
        gc.unfreeze()


@pytest.mark.asyncio
async def test_serve_prepares_the_answerer_before_anything_runs(core, monkeypatch) -> None:  # noqa: ANN001
    from bot.answer.engine import Answerer
    from bot.serve import serve

    order: list[str] = []
    monkeypatch.setattr(Answerer, "prepare", lambda self, session: order.append("prepare"))

    class Runner:
        async def run(self) -> None:
            order.append("runner")
            raise RuntimeError("stop here")

    monkeypatch.setattr("bot.serve.poll_forever", _idle)
    monkeypatch.setattr("bot.schedule.scheduler.scheduler_for", lambda *a: _IdleScheduler())
    assert await serve(core, [Runner()]) == 1
    assert order[:2] == ["prepare", "runner"]


async def _idle(*_args) -> None:  # noqa: ANN002
    await asyncio.Event().wait()


class _IdleScheduler:
    posters: dict = {}  # serve hands the scheduler's posters to the review notifier

    async def run_forever(self) -> None:
        await asyncio.Event().wait()
