"""The embedding models (bot/embed): the default one offline, the configuration's errors."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from bot.core.errors import ConfigurationError
from bot.embed import configured_embedder, embedder_for, statement_embedding_text
from bot.embed.wordllama import TOKENIZER, WEIGHTS, package_folder
from tests.conftest import REPO_ROOT


@pytest.mark.slow
def test_the_default_model_loads_and_embeds_with_the_network_unreachable() -> None:
    probe = textwrap.dedent(
        """
        import json, logging, socket, sys

        def refuse(*args, **kwargs):
            raise OSError("network access attempted")

        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.getaddrinfo = refuse
        socket.create_connection = refuse

        from bot.embed import configured_embedder

        model = configured_embedder()
        vector = model.embed(["Russia will not negotiate under these conditions."])[0]
        print(json.dumps({
            "name": model.name,
            "dim": model.dim,
            "shape": list(vector.shape),
            "norm": float((vector ** 2).sum() ** 0.5),
            "distinct": len(set(vector.round(6).tolist())),
            "wordllama_imported": "wordllama" in sys.modules,
            "logging_configured": bool(logging.getLogger().handlers),
        }))
        """
    )
    # No offline switch may be what keeps it from the network.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HF_", "TRANSFORMERS_", "ATTACHE_EMBEDDER"))
    }
    env["PYTHONPATH"] = str(REPO_ROOT)
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["name"].startswith("wordllama/l2_supercat/256d/mean/")
    assert found["dim"] == 256 and found["shape"] == [256]
    assert found["norm"] == pytest.approx(1.0, abs=1e-5)
    assert found["distinct"] > 200  # a real vector, not zeros or a constant
    # Its package is never imported: its inference module sets up logging on import.
    assert not found["wordllama_imported"] and not found["logging_configured"]


def test_a_text_is_the_normalised_mean_of_its_tokens_rows() -> None:
    from safetensors import safe_open
    from tokenizers import Tokenizer

    folder = package_folder()
    tokenizer = Tokenizer.from_file(str(folder / TOKENIZER))
    with safe_open(str(folder / WEIGHTS), framework="np") as f:
        table = f.get_tensor("embedding.weight").astype(np.float32)
    texts = ["the the the talks", "Lavrov: no talks without guarantees", "", "ceasefire"] * 80
    model = embedder_for("wordllama")
    got = model.embed(texts)  # several batches, read by a second thread
    assert got.shape == (len(texts), 256) and got.dtype == np.float32
    for text, row in zip(texts[:4], got[:4], strict=True):
        ids = tokenizer.encode(text, add_special_tokens=False).ids
        if not ids:
            assert not row.any()  # nothing known to embed: zeros, not NaN
            continue
        mean = table[ids].mean(axis=0)
        assert np.allclose(row, mean / np.linalg.norm(mean), atol=1e-6)
    assert np.allclose(got[:4], got[4:8])


def test_wordllama_first_dimensions_are_a_smaller_model_of_its_own() -> None:
    full, small = embedder_for("wordllama"), embedder_for("wordllama:64")
    assert small.dim == 64 and small.name != full.name
    text = "Peskov said Washington has a deciding vote"
    # The mean's first 64 dimensions, normalised (a Matryoshka model).
    unnormalised = full._pool(full._encode([text], add_special_tokens=False))[0]
    expected = unnormalised[:64] / np.linalg.norm(unnormalised[:64])
    assert np.allclose(small.embed([text])[0], expected, atol=1e-6)
    assert embedder_for("wordllama") is full  # loaded once per process


def test_none_turns_dense_vectors_off(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("ATTACHE_EMBEDDER", "none")
    assert configured_embedder() is None
    monkeypatch.delenv("ATTACHE_EMBEDDER")
    assert configured_embedder() is embedder_for("wordllama")


@pytest.mark.parametrize("spec", ["bogus", "wordllama:big", "fastText:/tmp", "onnx:"])
def test_an_unknown_model_names_the_accepted_forms(spec: str) -> None:
    with pytest.raises(ConfigurationError) as error:
        embedder_for(spec)
    for form in ("wordllama", "none", "sentence-transformers:", "onnx:"):
        assert form in error.value.message


def test_wordllama_has_no_such_size() -> None:
    with pytest.raises(ConfigurationError, match="64, 128, 256"):
        embedder_for("wordllama:100")


def test_a_model_folder_that_is_not_there_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="is not a folder"):
        embedder_for(f"onnx:{tmp_path / 'nowhere'}")


@pytest.mark.parametrize(
    ("spec", "module", "package"),
    [
        ("sentence-transformers", "sentence_transformers", "sentence-transformers"),
        ("onnx", "onnxruntime", "onnxruntime"),
    ],
)
def test_a_missing_optional_library_names_what_to_install(
    tmp_path: Path, spec: str, module: str, package: str
) -> None:
    if importlib.util.find_spec(module) is not None:
        pytest.skip(f"{module} is installed here")
    with pytest.raises(ConfigurationError) as error:
        embedder_for(f"{spec}:{tmp_path}")
    assert f"pip install {package}" in error.value.message


def test_a_statement_is_embedded_with_who_said_it_and_where() -> None:
    text = statement_embedding_text(
        words="we will not negotiate",
        speaker="Sergei Lavrov",
        role="foreign minister",
        entity="Russia",
        points=["not negotiate", "the West must listen"],
        sentence="He said we will not negotiate now.",
        context="Speaking in Moscow, …",
        title="Lavrov rules out talks",
    )
    assert text == (
        "Sergei Lavrov, foreign minister, Russia: we will not negotiate the West must listen "
        "He said we will not negotiate now. Speaking in Moscow, … Lavrov rules out talks"
    )
    assert statement_embedding_text(words="yes", speaker="Ned Price") == "Ned Price: yes"
