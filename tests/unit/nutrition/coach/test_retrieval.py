"""The in-memory retriever ranks passages by cosine similarity over any LangChain embedder."""

from __future__ import annotations

from infra.embeddings import HashingEmbedder
from tests.unit.nutrition.coach.athlete import PASSAGES
from workers.nutrition.coach import InMemoryRetriever


async def test_the_nearest_passages_come_first_and_at_most_k() -> None:
    retriever = InMemoryRetriever(PASSAGES, HashingEmbedder())

    found = await retriever.search("how much protein per kg of body weight", 2)

    assert len(found) == 2
    assert found[0].id == "guide-protein"


async def test_no_passages_find_nothing() -> None:
    assert await InMemoryRetriever([], HashingEmbedder()).search("protein", 3) == []
