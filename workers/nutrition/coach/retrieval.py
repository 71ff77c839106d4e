"""Passages the coach may quote: coaching guides and recipes, found by meaning. Production searches
pgvector; `InMemoryRetriever` ranks a small list by cosine similarity over any embedder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict

from workers.nutrition.coach.guides import guides

PassageKind = Literal["guide", "recipe"]


class Passage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: PassageKind
    id: str
    title: str
    text: str
    source: str
    topics: tuple[str, ...] = ()


class Retriever(Protocol):
    async def search(self, query: str, k: int) -> list[Passage]:
        """The `k` passages nearest in meaning to `query`, nearest first."""
        ...


class InMemoryRetriever:
    """Cosine similarity over a fixed list of passages, embedded on the first search."""

    def __init__(self, passages: Sequence[Passage], embeddings: Embeddings) -> None:
        self._passages = list(passages)
        self._embeddings = embeddings
        self._matrix: NDArray[np.float64] | None = None

    async def search(self, query: str, k: int) -> list[Passage]:
        if not self._passages or k <= 0:
            return []
        matrix = await self._document_matrix()
        scores = matrix @ _unit(await self._embeddings.aembed_query(query))
        best = np.argsort(-scores, kind="stable")[:k]
        return [self._passages[index] for index in best]

    async def _document_matrix(self) -> NDArray[np.float64]:
        if self._matrix is None:
            texts = [_searched(passage) for passage in self._passages]
            vectors = await self._embeddings.aembed_documents(texts)
            self._matrix = np.vstack([_unit(vector) for vector in vectors])
        return self._matrix


def guide_passages() -> list[Passage]:
    """The shipped knowledge base as passages (for `InMemoryRetriever` in small deployments)."""
    return [
        Passage(kind="guide", id=g.id, title=g.title, text=g.text, source=g.source, topics=g.topics)
        for g in guides()
    ]


def _searched(passage: Passage) -> str:
    return "\n".join([passage.title, ", ".join(passage.topics), passage.text])


def _unit(vector: Sequence[float]) -> NDArray[np.float64]:
    array = np.asarray(vector, dtype=np.float64)
    norm = float(np.linalg.norm(array))
    return array / norm if norm else array
