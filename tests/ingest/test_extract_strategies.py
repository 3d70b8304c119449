"""The quotation-attribution ladder (extract/attribute.py) and the confidence scale it and the
pipeline share (extract/confidence.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.ingest import pipeline
from bot.ingest.extract import attribute, extract_document
from bot.ingest.extract.attribute import (
    QUOTE_STRATEGIES,
    Attribution,
    Attributor,
    QuoteSite,
    first_attribution,
)
from bot.ingest.extract.confidence import Confidence

ROOT = Path(__file__).resolve().parents[2]


def test_the_confidence_scale_is_ordered_strongest_first() -> None:
    values = [float(level) for level in Confidence]
    assert values == sorted(values, reverse=True)
    assert len(set(values)) == len(values)  # no two names for one level
    assert all(0 < v <= 1 for v in values)
    # The numbers the store has always kept.
    assert values == [0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.3]


def test_a_level_is_stored_as_the_plain_number() -> None:
    assert round(Confidence.CUE_ADJACENT, 2) == 0.9
    assert type(round(Confidence.CUE_ADJACENT, 2)) is float


def test_the_pipeline_approves_from_the_named_guess_level() -> None:
    assert pipeline.AUTO_APPROVE_MIN_CONFIDENCE is Confidence.GUESS


def _numeric_confidence_comparisons(path: Path) -> list[str]:
    """``x.confidence < 0.85`` and the like: a threshold written as a bare number."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        names_confidence = any("confidence" in ast.unparse(s).lower() for s in sides)
        numbers = [s for s in sides if isinstance(s, ast.Constant) and isinstance(s.value, float)]
        if names_confidence and numbers:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_confidence_thresholds_read_the_scale_by_name() -> None:
    files = sorted((ROOT / "bot" / "ingest").rglob("*.py")) + sorted(
        (ROOT / "bot" / "review").rglob("*.py")
    )
    offences = [hit for path in files for hit in _numeric_confidence_comparisons(path)]
    assert offences == []


def test_the_first_strategy_that_answers_wins_and_later_ones_do_not_run() -> None:
    answer = Attribution(None, "", Confidence.GUESS, (0, 1))
    ran: list[str] = []

    def silent(_a: Attributor, _s: QuoteSite) -> Attribution | None:
        ran.append("silent")
        return None

    def answers(_a: Attributor, _s: QuoteSite) -> Attribution | None:
        ran.append("answers")
        return answer

    def never(_a: Attributor, _s: QuoteSite) -> Attribution | None:
        raise AssertionError("a strategy after the answer ran")

    dummy = object()
    assert first_attribution((silent, answers, never), dummy, dummy) is answer  # type: ignore[arg-type]
    assert ran == ["silent", "answers"]
    assert first_attribution((silent,), dummy, dummy) is None  # type: ignore[arg-type]


def test_the_ladder_runs_from_the_nearest_cue_to_the_paragraph() -> None:
    assert [s.__name__ for s in QUOTE_STRATEGIES] == [
        "_cue_right_after",
        "_cue_before",
        "_cue_after",
        "_cue_earlier",
        "_headline",
        "_signature_or_label",
        "_continues_paragraph",
        "_introduced",
        "_sentence_subject",
        "_continues_later",
    ]


def _attributed_by(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, str | None, float]]:
    """(strategy, speaker, confidence) for each quotation of ``text``, in order."""
    record: list[tuple[str, str | None, float]] = []

    def recording(strategy: attribute.Strategy) -> attribute.Strategy:
        def run(a: Attributor, site: QuoteSite) -> Attribution | None:
            found = strategy(a, site)
            if found is not None:
                name = found.person.name if found.person else None
                record.append((strategy.__name__, name, float(found.confidence)))
            return found

        return run

    monkeypatch.setattr(
        attribute, "QUOTE_STRATEGIES", tuple(recording(s) for s in QUOTE_STRATEGIES)
    )
    extract_document(text)
    return record


LAVROV = "Sergei Lavrov"
SHAPES = [
    (
        "“We will not give up on the talks,” Sergei Lavrov said on Monday.",
        [("_cue_right_after", LAVROV, 0.9)],
    ),
    (
        "Sergei Lavrov said on Monday, in a long interview with reporters at the ministry in "
        "Moscow after the talks, that the offer was “a waste of time for everyone involved”.",
        [("_cue_before", LAVROV, 0.8)],
    ),
    (
        "“We will not give up on the talks” was the line repeated all week by the ministry, "
        "Sergei Lavrov said.",
        [("_cue_after", LAVROV, 0.75)],
    ),
    (
        "Sergei Lavrov said the offer was “a waste of time” and “an insult to everyone”.",
        [("_cue_before", LAVROV, 0.9), ("_cue_earlier", LAVROV, 0.7)],
    ),
    (
        "Our land is ours.\n\n“We will never give up our land to anyone.” — Volodymyr Zelenskyy",
        [("_signature_or_label", "Volodymyr Zelenskyy", 0.85)],
    ),
    (
        "“We will not give up on the talks,” Sergei Lavrov said. “The offer stands for everyone.”",
        [("_cue_right_after", LAVROV, 0.9), ("_continues_paragraph", LAVROV, 0.7)],
    ),
    (
        "Foreign Minister Sergei Lavrov spoke to reporters in Moscow on Monday. “The offer "
        "stands for everyone involved in the talks.”",
        [("_introduced", LAVROV, 0.6)],
    ),
    (
        "Foreign Minister Sergei Lavrov spoke in Moscow. Lavrov is rolling out a new message: "
        "“The offer stands for everyone involved.”",
        [("_sentence_subject", LAVROV, 0.65)],
    ),
    (
        "“We will not give up on the talks,” Sergei Lavrov said. Then came the “offer for "
        "everyone involved in the talks” again.",
        [("_cue_right_after", LAVROV, 0.9), ("_continues_later", LAVROV, 0.5)],
    ),
    # Nobody: no strategy answers, and the quotation is nobody's statement.
    ("The sign read “The offer stands for everyone involved in the talks” in big letters.", []),
]


@pytest.mark.parametrize(("text", "expected"), SHAPES)
def test_each_shape_is_attributed_by_its_strategy(
    text: str, expected: list[tuple[str, str | None, float]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _attributed_by(text, monkeypatch) == expected


def test_pronouns_are_resolved_by_an_object_the_registry_holds() -> None:
    from bot.ingest.extract.pronouns import PronounResolver
    from bot.ingest.extract.speakers import Registry
    from bot.ingest.extract.text import build_layout

    text = "Foreign Minister Sergei Lavrov spoke in Moscow. He said the talks had failed."
    layout = build_layout(text)
    layout.masked = text
    reg = Registry(layout)
    reg.discover()
    assert not issubclass(Registry, PronounResolver)
    assert isinstance(reg.pronouns, PronounResolver) and reg.pronouns.registry is reg
    he = reg.pronouns.antecedent(text.index("He said"), "m")
    assert he is not None and he.name == "Sergei Lavrov"
    assert reg.pronouns.previous_sentence_start(text.index("He said")) == 0
