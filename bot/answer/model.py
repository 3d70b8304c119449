"""The fitted answering model: how features rank candidates, and when to answer at all.

Both parts are linear and small, and both are fitted on the development questions by
`benchmarks/fit_answering.py`, which writes `data/answer_model.json`:

- ranking: a candidate's score is the weighted sum of its features (bot.answer.features);
- confidence: the probability that a statement shown is a right answer, a logistic function
  of its score and a few features. The engine answers when the best statement's confidence
  reaches `answer_at`, and shows further statements whose confidence reaches `also_show_at`;
  below, it says it has nothing rather than guess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from bot.resources import data_json

FILE = "answer_model.json"


@dataclass(frozen=True)
class AnswerModel:
    ranking: dict[str, float]
    confidence: dict[str, float]
    bias: float
    answer_at: float
    also_show_at: float

    def score(self, features: dict[str, float]) -> float:
        return sum(w * features[name] for name, w in self.ranking.items() if name in features)

    def confidence_of(self, features: dict[str, float]) -> float:
        z = self.bias + sum(w * features.get(name, 0.0) for name, w in self.confidence.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def from_json(raw: dict) -> AnswerModel:
    conf = raw["confidence"]
    return AnswerModel(
        ranking={k: float(v) for k, v in raw["ranking"]["weights"].items()},
        confidence={k: float(v) for k, v in conf["weights"].items()},
        bias=float(conf["bias"]),
        answer_at=float(conf["answer_at"]),
        also_show_at=float(conf["also_show_at"]),
    )


@cache
def shipped() -> AnswerModel:
    return from_json(data_json(FILE))
