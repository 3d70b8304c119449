"""Fit the answering model (bot/answer/model.py) on the development questions.

Asks every development question of an already ingested store (`python
benchmarks/qa_eval.py --db FILE` builds one from ../shared/corpus), keeps every candidate
the engine ranks with its features, marks the right ones (a listed speaker and a listed
keyword, as qa_eval.py scores), then fits:

- the ranking weights: a listwise softmax loss (the right statements' share of the
  question's probability mass) with an L2 penalty, by gradient descent on the features;
- the confidence model: a logistic regression of "the statement shown is right" on the
  best statement's score and features, for every question, answerable or not;
- `answer_at`: the confidence threshold; `also_show_at`: the one for the second and third.

It prints accuracy@3 and abstention for both question sets, fitted on all questions and
under k-fold cross-validation (each fold fitted without its questions: what to expect of
questions the model never saw), and the accuracy/abstention trade-off at a few thresholds.
`--write` stores the model fitted on all questions in data/answer_model.json.

    python benchmarks/fit_answering.py --db FILE [--folds 5] [--weight NAME=VALUE ...] [--write]

`--weight` varies one of the engine's hand-set numbers (bot/answer/weights.py) for the
whole run, e.g. `--weight synonym_credit=0.7`: the model is then fitted on the features
those weights give.

Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.answer.abstain import confidence_features, only_a_side  # noqa: E402
from bot.answer.diversify import diversify  # noqa: E402
from bot.answer.engine import Answerer  # noqa: E402
from bot.answer.features import FIXED_WEIGHTS, NAMES, NON_NEGATIVE, NON_POSITIVE  # noqa: E402
from bot.answer.model import FILE  # noqa: E402
from bot.answer.question import Question, parse  # noqa: E402
from bot.answer.score import Ranked  # noqa: E402
from bot.answer.weights import DEFAULT, Weights, varied  # noqa: E402
from bot.resources import data_dir  # noqa: E402
from bot.store.store import Store  # noqa: E402

PARAPHRASED = REPO.parent / "shared" / "corpus" / "questions" / "paraphrased" / "paraphrased.jsonl"
OWN = REPO / "benchmarks" / "qa_questions.jsonl"
CONFIDENCE_NAMES = (
    "score",
    "dense",
    "coverage",
    "own_words",
    "lexical",
    "names_someone",
    "time",
    "has_when",
    "unseen_terms",
    "doc_coverage",
    "rare_missing",
    "unnamed_own_words",
)
L2_RANKING = 0.05
L2_CONFIDENCE = 0.1
SHOWN = 3
# Beyond the best statement, others are shown while their confidence reaches this share of
# the answering threshold: a weaker second or third answer is still worth reading.
ALSO_SHOW_SHARE = 0.5


@dataclass
class Asked:
    qset: str
    question: dict
    ranked: list[Ranked]  # every candidate the engine kept, any order
    right: np.ndarray  # bool per candidate
    x: np.ndarray  # features per candidate (NAMES order)
    refused: bool  # the engine refused before ranking (unknown speaker, too thin)
    parsed: Question
    weights: Weights  # the engine's hand-set numbers it was asked with


def load(path: Path, qset: str) -> list[tuple[str, dict]]:
    return [(qset, json.loads(line)) for line in path.read_text().splitlines() if line.strip()]


def is_right(ranked: Ranked, statement: tuple[str, str], q: dict) -> bool:
    name, words = statement
    speakers = {s.casefold() for s in q["speakers"]}
    return name.casefold() in speakers and any(k.casefold() in words for k in q["keywords"])


def ask_all(
    store: Store, questions: list[tuple[str, dict]], weights: Weights = DEFAULT
) -> list[Asked]:
    from sqlalchemy import text as sql

    answerer = Answerer(store, weights=weights)
    out = []
    with store.reading() as session:
        answerer.prepare(session)
        resolver = answerer.resolver(session)
        for qset, q in questions:
            parsed = parse(q["question"], resolver)
            refused = bool(answerer.abstain_early(session, parsed))
            ranked = [] if refused else answerer.rank(session, parsed)
            ids = [r.candidate.id for r in ranked]
            texts: dict[int, tuple[str, str]] = {}
            if ids and q["answerable"]:
                rows = session.execute(
                    sql(
                        "SELECT s.id, sp.name, s.text || ' ' || coalesce((SELECT group_concat("
                        "p.text, ' ') FROM statement_point p WHERE p.statement_id = s.id), '') "
                        "FROM statement s JOIN speaker sp ON sp.id = s.speaker_id "
                        "WHERE s.id IN (SELECT value FROM json_each(:ids))"
                    ),
                    {"ids": json.dumps(ids)},
                )
                texts = {r[0]: (r[1], r[2].casefold()) for r in rows}
            right = np.array(
                [r.candidate.id in texts and is_right(r, texts[r.candidate.id], q) for r in ranked],
                dtype=bool,
            )
            x = np.array([[r.features[n] for n in NAMES] for r in ranked], dtype=np.float64)
            out.append(
                Asked(
                    qset,
                    q,
                    ranked,
                    right,
                    x.reshape(len(ranked), len(NAMES)),
                    refused,
                    parsed,
                    weights,
                )
            )
    return out


# --- ranking ------------------------------------------------------------------------------


def fit_ranking(asked: list[Asked], start: np.ndarray) -> np.ndarray:
    """Weights minimising the listwise softmax loss of the right candidates, plus L2."""
    usable = [a for a in asked if a.right.any() and (~a.right).any()]
    w = start.copy()
    scale = (
        np.maximum(np.concatenate([a.x for a in usable]).std(axis=0), 1e-3)
        if usable
        else np.ones_like(w)
    )
    # Gradient descent on standardised features (Adam), then back to raw feature units.
    v = w * scale
    m1, m2 = np.zeros_like(v), np.zeros_like(v)
    for step in range(1, 801):
        grad = L2_RANKING * v
        for a in usable:
            z = (a.x / scale) @ v
            z -= z.max()
            p = np.exp(z)
            p /= p.sum()
            pr = p * a.right
            share = pr.sum()
            # d/dv of -log(sum_right p) = E_p[x] - E_{p|right}[x]
            grad += ((p - pr / share) @ (a.x / scale)) / len(usable)
        m1 = 0.9 * m1 + 0.1 * grad
        m2 = 0.999 * m2 + 0.001 * grad**2
        v -= 0.05 * (m1 / (1 - 0.9**step)) / (np.sqrt(m2 / (1 - 0.999**step)) + 1e-8)
        v = _principled(v / scale) * scale
    return v / scale


def _principled(w: np.ndarray) -> np.ndarray:
    """The weights with the principles bot.answer.features states put back: fixed weights
    fixed, and signs that may not turn clipped at zero."""
    w = w.copy()
    for i, name in enumerate(NAMES):
        if name in FIXED_WEIGHTS:
            w[i] = FIXED_WEIGHTS[name]
        elif name in NON_NEGATIVE:
            w[i] = max(w[i], 0.0)
        elif name in NON_POSITIVE:
            w[i] = min(w[i], 0.0)
    return w


def shown(a: Asked, w: np.ndarray) -> list[int]:
    """Indexes of the candidates the engine would show (before abstention), best first."""
    scores = a.x @ w if len(a.ranked) else np.zeros(0)
    order = sorted(range(len(a.ranked)), key=lambda i: (-scores[i], a.ranked[i].candidate.id))
    for i in order:
        a.ranked[i].score = float(scores[i])
    picked = diversify([a.ranked[i] for i in order], a.parsed, SHOWN, a.weights)
    index = {id(r): i for i, r in enumerate(a.ranked)}
    return [index[id(r)] for r in picked]


# --- confidence -----------------------------------------------------------------------------


def confidence_x(a: Asked, i: int, w: np.ndarray) -> np.ndarray:
    f = confidence_features(dict(zip(NAMES, a.x[i], strict=True)), float(a.x[i] @ w), a.parsed)
    return np.array([f[n] for n in CONFIDENCE_NAMES])


def fit_logistic(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    mean, scale = x.mean(axis=0), np.maximum(x.std(axis=0), 1e-6)
    z = (x - mean) / scale
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(3000):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= 0.1 * (z.T @ (p - y) / len(y) + L2_CONFIDENCE * w / len(y))
        b -= 0.1 * float((p - y).mean())
    raw = w / scale
    return raw, b - float(raw @ mean)


@dataclass
class Model:
    w: np.ndarray
    cw: np.ndarray
    cb: float
    answer_at: float
    also_at: float

    def confidence(self, a: Asked, i: int) -> float:
        z = self.cb + float(confidence_x(a, i, self.w) @ self.cw)
        return 1 / (1 + np.exp(-z))


def fit(asked: list[Asked], start: np.ndarray, abstain_target: float) -> Model:
    w = fit_ranking(asked, start)
    rows, labels = [], []
    for a in asked:
        if a.refused or not a.ranked or only_a_side(a.parsed):
            continue
        picked = shown(a, w)
        # Answering shows the best statements; what matters is whether one of them is right.
        rows.append(confidence_x(a, picked[0], w))
        labels.append(bool(a.right[picked].any()))
    cw, cb = fit_logistic(np.array(rows), np.array(labels, dtype=float))
    model = Model(w, cw, cb, 0.5, 0.0)
    model.answer_at = choose_threshold(asked, model, abstain_target)
    model.also_at = model.answer_at * ALSO_SHOW_SHARE
    return model


def choose_threshold(asked: list[Asked], model: Model, abstain_target: float) -> float:
    """The lowest threshold at which the paraphrased set's unanswerable questions abstained
    on (refused by the parser, or below the threshold) reach `abstain_target` of them: the
    questions written the way users ask are the ones to calibrate on (the project's own
    set's are reported, not fitted; see the README for why two of them now have answers)."""
    unanswerable = [a for a in asked if not a.question["answerable"] and a.qset == "para"]
    if not unanswerable:
        return 0.5
    refused = sum(1 for a in unanswerable if a.refused or not a.ranked)
    confidences = np.sort(
        [
            1.0 if only_a_side(a.parsed) else model.confidence(a, shown(a, model.w)[0])
            for a in unanswerable
            if not (a.refused or not a.ranked)
        ]
    )
    needed = int(np.ceil(abstain_target * len(unanswerable))) - refused
    if needed <= 0 or not len(confidences):
        return 0.0
    k = min(len(confidences), needed) - 1
    return float(np.nextafter(confidences[k], np.inf))


def evaluate(asked: list[Asked], model: Model, answer_at: float | None = None) -> dict:
    """Accuracy@3 and abstention per question set; every statement shown must reach the
    threshold (`answer_at`, the model's own unless given)."""
    t = model.answer_at if answer_at is None else answer_at
    out: dict[str, list[bool]] = {}
    for a in asked:
        ok = False
        answered = False
        if not a.refused and a.ranked:
            picked = shown(a, model.w)
            confs = [model.confidence(a, i) for i in picked]
            if only_a_side(a.parsed):
                confs = [1.0] * len(picked)
            if confs[0] >= t:
                answered = True
                also = model.also_at if answer_at is None else t
                visible = [picked[0]] + [
                    i for i, c in zip(picked[1:], confs[1:], strict=True) if c >= also
                ]
                ok = bool(a.right[visible].any())
        key = a.qset
        if a.question["answerable"]:
            out.setdefault(f"{key}:acc", []).append(ok)
        else:
            out.setdefault(f"{key}:abst", []).append(not answered)
    return {k: (float(np.mean(v)), sum(v), len(v)) for k, v in out.items()}


def cross_validate(
    asked: list[Asked], start: np.ndarray, folds: int, abstain_target: float
) -> dict:
    order = list(range(len(asked)))
    random.Random(14).shuffle(order)
    tallies: dict[str, list[int]] = {}
    for f in range(folds):
        test = [asked[i] for i in order[f::folds]]
        train = [asked[i] for i in order if i not in set(order[f::folds])]
        model = fit(train, start, abstain_target)
        for key, (_, hits, n) in evaluate(test, model).items():
            got = tallies.setdefault(key, [0, 0])
            got[0] += hits
            got[1] += n
    return {k: (h / n, h, n) for k, (h, n) in tallies.items()}


def _line(label: str, figures: dict) -> str:
    cells = []
    for key in ("para:acc", "para:abst", "qa:acc", "qa:abst"):
        if key in figures:
            v, h, n = figures[key]
            cells.append(f"{key} {v:.3f} ({h}/{n})")
    return f"  {label:<34} " + "   ".join(cells)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="an SQLite store built by qa_eval.py --db")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--abstain", type=float, default=0.9, help="abstention to reach")
    parser.add_argument("--write", action="store_true", help="write data/" + FILE)
    parser.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="vary a hand-set number of bot/answer/weights.py (repeatable)",
    )
    args = parser.parse_args()
    try:
        weights = varied(DEFAULT, args.weight)
    except ValueError as e:
        parser.error(str(e))

    store = Store.open(f"sqlite:///{args.db}", prepare=False)
    questions = load(PARAPHRASED, "para") + load(OWN, "qa")
    asked = ask_all(store, questions, weights)
    store.close()
    current = json.loads((data_dir() / FILE).read_text(encoding="utf-8"))
    start = _principled(np.array([float(current["ranking"]["weights"].get(n, 0.0)) for n in NAMES]))

    def found(qset: str) -> float:
        return float(
            np.mean([a.right.any() for a in asked if a.qset == qset and a.question["answerable"]])
        )

    print(
        f"{len(asked)} questions; candidates per question: "
        f"{np.mean([len(a.ranked) for a in asked]):.0f} on average; a right one among them: "
        f"para {found('para'):.3f}, qa {found('qa'):.3f}"
    )
    shipped_model = Model(start, np.zeros(len(CONFIDENCE_NAMES)), 0.0, 0.0, 0.0)
    print(_line("current weights, never abstaining", evaluate(asked, shipped_model)))
    model = fit(asked, start, args.abstain)
    print(_line("fitted on all", evaluate(asked, model)))
    print(
        _line(
            f"{args.folds}-fold cross-validated",
            cross_validate(asked, start, args.folds, args.abstain),
        )
    )
    print("\naccuracy/abstention trade-off (fitted on all), by confidence threshold:")
    for t in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, model.answer_at):
        mark = "  <- shipped" if t == model.answer_at else ""
        print(_line(f"answer_at {t:.3f}", evaluate(asked, model, t)) + mark)
    print("\nranking weights:")
    for n, v in zip(NAMES, model.w, strict=True):
        print(f"  {n:<14} {v:+.3f}")
    print(
        "confidence weights:",
        {n: round(float(v), 3) for n, v in zip(CONFIDENCE_NAMES, model.cw, strict=True)},
        f"bias {model.cb:.3f}, answer_at {model.answer_at:.3f}",
    )
    if args.write:
        current["ranking"]["weights"] = {
            n: round(float(v), 4) for n, v in zip(NAMES, model.w, strict=True)
        }
        current["confidence"] = {
            "weights": {
                n: round(float(v), 4) for n, v in zip(CONFIDENCE_NAMES, model.cw, strict=True)
            },
            "bias": round(model.cb, 4),
            "answer_at": round(model.answer_at, 4),
            "also_show_at": round(model.also_at, 4),
        }
        current["fitted"] = {"on": date.today().isoformat(), "questions": len(asked)}
        (data_dir() / FILE).write_text(json.dumps(current, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {data_dir() / FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
