"""ATTACHE_EMBEDDER: which model embeds statements and questions, one per process.

    wordllama                 the default: WordLlama l2_supercat, 256 dimensions
    wordllama:64|128          its first 64 or 128 dimensions (a Matryoshka model)
    none                      no dense vectors: answers are lexical only
    sentence-transformers:DIR a sentence-transformers model saved in DIR (needs PyTorch)
    onnx:DIR                  an ONNX sentence model and its tokenizer.json in DIR

A model is loaded once per process and kept: the spec is read on every call, so a test
(or an operator's shell) that changes it gets the new model.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Mapping
from pathlib import Path

from bot.core.errors import ConfigurationError
from bot.embed.base import Embedder

ENV_VAR = "ATTACHE_EMBEDDER"
DEFAULT = "wordllama"
OFF = ("none", "off")
FORMS = (
    "wordllama (the default), wordllama:64 or wordllama:128 (its first dimensions), "
    "none (no dense vectors), sentence-transformers:/path/to/model, or onnx:/path/to/model "
    "(a folder holding model.onnx and tokenizer.json)"
)
_loading = threading.Lock()


def configured_embedder(env: Mapping[str, str] | None = None) -> Embedder | None:
    """The model ATTACHE_EMBEDDER names (WordLlama when unset); None when dense is off."""
    return embedder_for((os.environ if env is None else env).get(ENV_VAR, ""))


def embedder_for(spec: str) -> Embedder | None:
    spec = spec.strip() or DEFAULT
    if spec.lower() in OFF:
        return None
    # Loading takes a fifth of a second and tens of MB: once per process, even when two
    # threads ask first at the same time.
    with _loading:
        return _load(spec)


@functools.lru_cache(maxsize=4)
def _load(spec: str) -> Embedder:
    kind, _, arg = spec.partition(":")
    kind = kind.lower()
    if kind == "wordllama":
        from bot.embed.wordllama import WordLlamaEmbedder

        if not arg:
            return WordLlamaEmbedder()
        if not arg.isdigit():
            raise _bad(spec)
        return WordLlamaEmbedder(int(arg))
    if kind in ("sentence-transformers", "onnx") and arg:
        folder = Path(arg).expanduser()
        if not folder.is_dir():
            raise ConfigurationError(f"{ENV_VAR}={spec}: {folder} is not a folder")
        from bot.embed.local import OnnxEmbedder, SentenceTransformersEmbedder

        if kind == "onnx":
            return OnnxEmbedder(folder)
        return SentenceTransformersEmbedder(folder)
    raise _bad(spec)


def _bad(spec: str) -> ConfigurationError:
    return ConfigurationError(f"{ENV_VAR}={spec!r} is not a model attache knows; use {FORMS}")
