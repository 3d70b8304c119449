"""The answering benchmark's diagnosis (benchmarks/qa_eval.py --causes) on the seeded store:
each missed question is put where it was lost, by the benchmark's own scoring rule."""

from __future__ import annotations

from benchmarks.qa_eval import lost_where
from bot.answer.engine import Answerer
from bot.store.store import Store


def _question(question: str, speakers: list[str], keywords: list[str]) -> dict:
    return {"question": question, "speakers": speakers, "keywords": keywords, "answerable": True}


def test_a_shown_answer_and_one_no_statement_holds_are_told_apart(store: Store) -> None:
    answerer = Answerer(store)
    shown = _question("what are russia's conditions?", ["Sergei Lavrov"], ["neutrality"])
    assert lost_where(answerer, shown) == "shown"
    # The seed has Lavrov, but nothing he said holds these words: the extractor's loss.
    missing = _question("what did lavrov say about grain?", ["Sergei Lavrov"], ["wheat exports"])
    assert lost_where(answerer, missing) == "no stored statement answers it"


def test_a_statement_the_question_never_reaches_is_never_retrieved(store: Store) -> None:
    # Ned Price did call it posturing, but a question about Peskov's side never searches his.
    wrong_side = _question("what did peskov say about washington", ["Ned Price"], ["posturing"])
    assert lost_where(Answerer(store), wrong_side) == "never retrieved"
