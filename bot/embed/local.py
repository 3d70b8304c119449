"""Stronger models an operator keeps in a local folder, through optional libraries.

Each imports its library only when configured, and names what to install when it is
missing; none of them is a dependency of attache (sentence-transformers brings PyTorch).
Nothing downloads: the model is read from the folder given.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.errors import ConfigurationError
from bot.embed.base import files_fingerprint, normalise

if TYPE_CHECKING:
    import numpy as np

# Longer texts are cut here: transformer cost grows with length, and a statement's words
# come first in what is embedded.
MAX_TOKENS = 256


def _missing(kind: str, error: ImportError, package: str | None = None) -> ConfigurationError:
    """ATTACHE_EMBEDDER names a backend whose library is not installed: say which."""
    module = (error.name or "").split(".")[0]
    package = package or {"onnxruntime": "onnxruntime", "tokenizers": "tokenizers"}.get(
        module, module or kind
    )
    return ConfigurationError(
        f"ATTACHE_EMBEDDER={kind}:… needs the {package} package, which is not installed: "
        f"pip install {package}"
    )


def _fingerprint(folder: Path) -> str:
    # Names and sizes, not contents: such a folder holds hundreds of MB.
    return files_fingerprint([p for p in folder.rglob("*") if p.is_file()], contents=False)


class SentenceTransformersEmbedder:
    """Any sentence-transformers model saved in a folder (model.save(path))."""

    def __init__(self, folder: Path) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            # It brings PyTorch: never a dependency of attache itself.
            raise _missing("sentence-transformers", error, "sentence-transformers") from None
        self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        self._model.max_seq_length = min(self._model.max_seq_length or MAX_TOKENS, MAX_TOKENS)
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self.name = f"sentence-transformers/{folder.name}/{_fingerprint(folder)}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(
            list(texts),
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return normalise(vectors)


class OnnxEmbedder:
    """A BERT-family sentence model exported to ONNX, run by onnxruntime: the folder holds
    the model (model.onnx, or one *.onnx file, also under onnx/) and its tokenizer.json.
    Mean pooling over the attention mask, then L2 normalisation, as sentence-transformers
    does for its mean-pooling models."""

    def __init__(self, folder: Path) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as error:
            raise _missing("onnx", error) from None
        model = _onnx_file(folder)
        tokenizer = folder / "tokenizer.json"
        if not tokenizer.is_file():
            raise ConfigurationError(f"{folder} holds no tokenizer.json beside {model.name}")
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        options = ort.SessionOptions()
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        # The last hidden state: the first output with one vector per token.
        outputs = self._session.get_outputs()
        self._hidden = next(i for i, o in enumerate(outputs) if len(o.shape) == 3)
        self.dim = int(self._run(["dimension probe"]).shape[1])
        self.name = f"onnx/{folder.name}/{_fingerprint(folder)}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Similar lengths batched together: padding is computed too.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), 32):
            chunk = order[start : start + 32]
            out[chunk] = self._run([texts[i] for i in chunk])
        return normalise(out)

    def _run(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        encodings = self._tokenizer.encode_batch(texts)
        width = max(1, max(len(e.ids) for e in encodings))
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[self._hidden]
        weights = mask[..., None].astype(np.float32)
        return (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)


def _onnx_file(folder: Path) -> Path:
    for candidate in (folder / "model.onnx", folder / "onnx" / "model.onnx"):
        if candidate.is_file():
            return candidate
    found = sorted(folder.glob("*.onnx")) or sorted(folder.glob("onnx/*.onnx"))
    if len(found) != 1:
        raise ConfigurationError(
            f"{folder} should hold model.onnx (or exactly one .onnx file); found "
            f"{', '.join(p.name for p in found) or 'none'}"
        )
    return found[0]
