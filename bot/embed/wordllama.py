"""WordLlama (l2_supercat, 256 dimensions): the default model, read from its PyPI wheel.

WordLlama is a static model: a token's vector is a row of one table, a text's is the mean
of its tokens' rows. The wheel carries the table (`weights/l2_supercat_256.safetensors`)
and the tokenizer (`tokenizers/l2_supercat_tokenizer_config.json`). Its own loader,
`WordLlama.load()`, looks for the tokenizer in a `tokenizer/` folder that the wheel does
not have and then downloads it, and its inference module calls logging.basicConfig(INFO)
on import; so the package is located but never imported, and the two files are read here.
Nothing is downloaded. The same vectors as `WordLlamaInference.embed` (to 1e-6).

It is a Matryoshka model: the first 64 or 128 dimensions are a smaller valid embedding.
"""

from __future__ import annotations

import importlib.util
import itertools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.errors import ConfigurationError
from bot.embed.base import files_fingerprint, normalise

if TYPE_CHECKING:
    import numpy as np

WEIGHTS = Path("weights", "l2_supercat_256.safetensors")
TOKENIZER = Path("tokenizers", "l2_supercat_tokenizer_config.json")
DIMS = (64, 128, 256)
# Texts tokenised and pooled together: large enough that the tokenizer's own threads have
# work, small enough that a batch's token rows stay in the CPU caches.
BATCH = 256


def package_folder() -> Path:
    """Where the wordllama wheel is installed, found without importing it."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or spec.origin is None:
        raise ConfigurationError(
            "the default embedding model needs the wordllama package: pip install wordllama "
            "(or set ATTACHE_EMBEDDER=none to answer without dense vectors)"
        )
    return Path(spec.origin).parent


class WordLlamaEmbedder:
    def __init__(self, dim: int = 256) -> None:
        import numpy as np
        from safetensors import safe_open
        from tokenizers import Tokenizer

        if dim not in DIMS:
            raise ConfigurationError(
                f"WordLlama gives {', '.join(map(str, DIMS))} dimensions, not {dim}"
            )
        folder = package_folder()
        weights, tokenizer = folder / WEIGHTS, folder / TOKENIZER
        missing = [str(p) for p in (weights, tokenizer) if not p.is_file()]
        if missing:
            raise ConfigurationError(
                f"the wordllama package lacks {', '.join(missing)}; reinstall it "
                "(pip install --force-reinstall wordllama)"
            )
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        # encode_batch_fast (tokenizers 0.21+) skips the character offsets, which are not
        # used here: a third more texts a second.
        self._encode = getattr(self._tokenizer, "encode_batch_fast", self._tokenizer.encode_batch)
        with safe_open(str(weights), framework="np") as f:
            table = f.get_tensor("embedding.weight")
        # Kept as float16, as shipped (16 MB where float32 would take 32 MB of a serving
        # process's budget); only the rows a batch gathers are converted.
        self._table = np.ascontiguousarray(table[:, :dim], dtype=np.float16)
        self.dim = dim
        # The files' own digest, not the package version: a release that changes neither
        # keeps every stored vector valid, one that changes either makes them another model's.
        digest = files_fingerprint([weights, tokenizer], contents=True)
        self.name = f"wordllama/l2_supercat/{dim}d/mean/{digest}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        starts = range(0, len(texts), BATCH)
        if len(starts) <= 1:
            out[:] = self._pool(self._encode(texts, add_special_tokens=False))
            return normalise(out)
        # The tokenizer (Rust, without the GIL) reads the next batch while numpy pools this
        # one: 1.4-1.8 times the statements a second on two cores.
        with ThreadPoolExecutor(max_workers=1) as reader:
            batches = (texts[start : start + BATCH] for start in starts)
            pending = reader.submit(self._encode, next(batches), add_special_tokens=False)
            for start in starts:
                encodings = pending.result()
                following = next(batches, None)
                if following is not None:
                    pending = reader.submit(self._encode, following, add_special_tokens=False)
                out[start : start + len(encodings)] = self._pool(encodings)
        return normalise(out)

    def _pool(self, encodings: list) -> np.ndarray:
        """Each text's sum of token rows (its mean, unscaled: rows are normalised after).

        Summed over each text's distinct tokens times their counts: a statement repeats
        its words (the quote, then the sentence carrying it), and gathering a third fewer
        rows is most of the cost."""
        import numpy as np

        n = len(encodings)
        lengths = np.fromiter((len(e) for e in encodings), dtype=np.int64, count=n)
        total = int(lengths.sum())
        out = np.zeros((n, self.dim), dtype=np.float32)
        if not total:
            return out
        vocab = len(self._table)
        ids = np.fromiter(
            itertools.chain.from_iterable(e.ids for e in encodings), dtype=np.int64, count=total
        )
        np.clip(ids, 0, vocab - 1, out=ids)
        keys = np.repeat(np.arange(n, dtype=np.int64), lengths) * vocab + ids
        keys.sort()
        first = np.empty(total, dtype=bool)
        first[0] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        distinct = keys[starts]
        counts = np.diff(np.append(starts, total)).astype(np.float32)
        rows = np.take(self._table, distinct % vocab, axis=0).astype(np.float32)
        rows *= counts[:, None]
        filled = np.flatnonzero(lengths)
        offsets = np.searchsorted(distinct // vocab, filled)
        out[filled] = np.add.reduceat(rows, offsets, axis=0)
        return out
