"""The real offline models: they load from the installed wheels with the network cut off, give
unit vectors of their stated size, and rank a recipe by meaning. Slow: each loads a model."""

from __future__ import annotations

import socket
import threading

import numpy as np
import pytest

from infra.embeddings import E5Embedder, Embedder, WordLlamaEmbedder

pytestmark = pytest.mark.slow

DOCUMENTS = [
    "Baked salmon with potatoes and broccoli. Dinner, high-protein.",
    "Overnight oats with chia and berries. Breakfast, vegan.",
    "Dark chocolate and almonds. Snack.",
]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an embedder tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(params=["e5", "wordllama"])
def model(request: pytest.FixtureRequest, no_network: None) -> Embedder:
    return E5Embedder() if request.param == "e5" else WordLlamaEmbedder()


def test_it_loads_offline_and_gives_unit_vectors_of_its_size(model: Embedder) -> None:
    vectors = model.embed_documents(DOCUMENTS)
    assert [len(vector) for vector in vectors] == [model.dimensions] * 3
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert model.embed_documents([]) == []


def test_it_ranks_the_recipe_the_query_means_first(model: Embedder) -> None:
    vectors = np.asarray(model.embed_documents(DOCUMENTS))
    for query, expected in [("fish for dinner", 0), ("oatmeal", 1), ("something sweet", 2)]:
        assert int(np.argmax(vectors @ np.asarray(model.embed_query(query)))) == expected, query


def test_threads_share_one_model_safely(model: Embedder) -> None:
    expected = model.embed_query("oats")
    results: list[list[float]] = []
    threads = [
        threading.Thread(target=lambda: results.append(model.embed_query("oats"))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert all(np.allclose(result, expected, atol=1e-6) for result in results)
