"""The hashing embedder: the deterministic stand-in for a model in unit tests."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from langchain_core.embeddings import Embeddings

from infra.embeddings import HashingEmbedder, embedder
from infra.settings import Settings


def cosine(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b))


def test_it_is_a_langchain_embeddings_with_a_name_and_dimensions() -> None:
    fake = HashingEmbedder(dimensions=64)
    assert isinstance(fake, Embeddings)
    assert fake.name == "hashing"
    assert len(fake.embed_query("oats")) == 64
    assert [len(v) for v in fake.embed_documents(["oats", "rice"])] == [64, 64]


def test_the_same_text_gets_the_same_vector_in_any_process() -> None:
    # Fixed by the hash, not by Python's per-process string hashing.
    vector = HashingEmbedder(dimensions=8).embed_query("salmon")
    assert vector == HashingEmbedder(dimensions=8).embed_query("salmon")


def test_similar_texts_are_closer_than_unrelated_ones() -> None:
    fake = HashingEmbedder()
    query = fake.embed_query("salmon with potatoes")
    near, far = fake.embed_documents(["Baked salmon, potatoes and broccoli", "Chocolate cake"])
    assert cosine(query, near) > cosine(query, far) + 0.2


def test_queries_and_documents_are_embedded_alike() -> None:
    fake = HashingEmbedder()
    assert fake.embed_query("lentil soup") == fake.embed_documents(["lentil soup"])[0]


@given(st.text(max_size=200))
def test_vectors_are_unit_length_or_zero_for_nothing_to_embed(text: str) -> None:
    vector = HashingEmbedder(dimensions=32).embed_query(text)
    length = math.sqrt(sum(x * x for x in vector))
    assert math.isclose(length, 1.0, rel_tol=1e-9) or length == 0.0


def test_the_factory_gives_one_embedder_per_process_for_a_setting() -> None:
    settings = Settings(embedding_model="hashing")
    assert embedder(settings) is embedder(settings)
    assert isinstance(embedder(settings), HashingEmbedder)


async def test_the_async_interface_gives_the_same_vectors() -> None:
    fake = HashingEmbedder()
    assert await fake.aembed_query("rice") == fake.embed_query("rice")
