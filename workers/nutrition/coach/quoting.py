"""Which retrieved passage the offline coach quotes, and which of its sentences: the one sharing
most words with the question and its topic, and its sentences most about that topic."""

from __future__ import annotations

import re

from workers.nutrition.coach.evidence import QUERIES, Evidence
from workers.nutrition.coach.questions import Topic
from workers.nutrition.coach.retrieval import Passage

MAX_EXCERPT_CHARS = 320
ADVICE = {Topic.PRE_RUN, Topic.DURING_RUN, Topic.RECOVERY, Topic.HYDRATION, Topic.PROTEIN}
ADVICE |= {Topic.ENERGY}
"""Topics a guide speaks to; the others are answered from the user's data alone."""
_WORD = re.compile(r"[a-z]{4,}")
_STOP = {"should", "what", "much", "many", "with", "that", "your", "from", "this", "have"}
_STOP |= {"does", "when", "about", "will", "which", "there", "they", "their", "into", "more"}
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def quoted(evidence: Evidence) -> Passage | None:
    """The retrieved passage that shares most words with the question and its topic, a title or
    topic word counting twice (and breaking ties); a guide sharing fewer than three counts is
    not about the question."""
    intent = evidence.intent
    if intent.recipe:
        kind, least = "recipe", 0
    elif intent.topic in ADVICE:
        kind, least = "guide", 3
    else:
        return None
    wanted = _words(f"{QUERIES[intent.topic]} {evidence.question}")

    def score(passage: Passage) -> tuple[int, int]:
        named = 2 * len(wanted & _words(" ".join([passage.title, *passage.topics])))
        return named + len(wanted & _words(passage.text)), named

    scored = [(score(p), p) for p in evidence.passages if p.kind == kind]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best and best[0][0] >= least else None


def quote_of(evidence: Evidence, passage: Passage | None) -> str:
    intent = evidence.intent
    if intent.recipe:
        if passage is None:
            return "I don't have a recipe for that in my collection."
        return f"A recipe idea: {passage.title} ({passage.source}). {_excerpt(passage, '')}"
    if intent.topic not in ADVICE:
        return ""
    if passage is None:
        return "My guides have nothing specific on this."
    excerpt = _excerpt(passage, QUERIES[intent.topic])
    return f"From the guide “{passage.title}” ({passage.source}): {excerpt}"


def _excerpt(passage: Passage, about: str) -> str:
    """The passage's sentences most about `about`, in their order, within `MAX_EXCERPT_CHARS`
    (the best one always)."""
    sentences = _SENTENCE.split(passage.text.strip())
    wanted = _words(about)
    ranked = sorted(range(len(sentences)), key=lambda i: -len(wanted & _words(sentences[i])))
    chosen, length = [ranked[0]], len(sentences[ranked[0]])
    for index in ranked[1:]:
        if length + len(sentences[index]) < MAX_EXCERPT_CHARS:
            chosen.append(index)
            length += len(sentences[index]) + 1
    return " ".join(sentences[i] for i in sorted(chosen))


def _words(text: str) -> set[str]:
    """Content words, crudely singular: "calories" meets "calorie"."""
    words = (word.removesuffix("s") for word in _WORD.findall(text.lower()))
    return {word for word in words if word not in _STOP}
