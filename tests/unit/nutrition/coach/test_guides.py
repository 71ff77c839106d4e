"""The coach's knowledge base: every passage is short, cites public guidance and can be found."""

from __future__ import annotations

import re

from workers.nutrition.coach.guides import Guide, guides

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")  # "1.2 g" does not end a sentence


def test_the_knowledge_base_holds_about_thirty_passages() -> None:
    assert 25 <= len(guides()) <= 40
    assert all(isinstance(guide, Guide) for guide in guides())


def test_ids_are_unique() -> None:
    ids = [guide.id for guide in guides()]
    assert len(ids) == len(set(ids))


def test_every_passage_names_its_source_and_links_it() -> None:
    for guide in guides():
        assert guide.source.strip(), guide.id
        assert guide.urls, guide.id
        assert all(url.startswith("https://") for url in guide.urls), guide.id


def test_every_passage_has_topics() -> None:
    for guide in guides():
        assert guide.topics, guide.id
        assert all(topic.strip() for topic in guide.topics), guide.id


def test_passages_are_two_to_five_sentences() -> None:
    for guide in guides():
        assert 2 <= len(SENTENCE_END.split(guide.text.strip())) <= 5, guide.id
        assert 120 <= len(guide.text) <= 700, guide.id


def test_the_brief_s_subjects_are_covered() -> None:
    topics = {topic.lower() for guide in guides() for topic in guide.topics}
    subjects = ["carbohydrate loading", "protein", "hydration", "sodium", "recovery", "sleep",
                "rest day", "REDs", "caffeine", "iron", "vegan", "vitamin B12", "gut training",
                "weight loss", "strength training", "race day", "heat"]  # fmt: skip
    for subject in subjects:
        assert subject.lower() in topics, subject


def test_the_passages_are_read_once() -> None:
    assert guides() is guides()
