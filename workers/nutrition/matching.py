"""Finding the food a recipe line names, without guessing.

A name matches a food's id, name or alias exactly, after lower-casing, dropping punctuation
and plural endings. Words that describe preparation ("chopped", "fresh") may be dropped; words
that change the food ("soy" milk, "peanut" oil, "cooked" quinoa) may not. The only fuzziness is
for typos: rapidfuzz's plain ratio against names with the same number of words and the same
state words ("brocoli" finds broccoli; "water" does not find watermelon). Anything else is
reported with the closest names as suggestions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from workers.nutrition.catalog import Food
from workers.nutrition.lines import PIECES, STATES

TYPO_CUTOFF = 88.0
DESCRIPTORS = {
    "chopped", "diced", "minced", "sliced", "grated", "shredded", "crushed", "cubed", "mashed",
    "halved", "quartered", "peeled", "pitted", "rinsed", "drained", "melted", "softened",
    "beaten", "finely", "roughly", "coarsely", "thinly", "freshly", "packed", "heaped",
    "heaping", "level", "ripe", "boneless", "skinless", "fresh", "organic", "shelled",
    "crumbled", "trimmed", "cut", "into", "in", "wedges", "florets", "plain",
}  # fmt: skip


@dataclass(frozen=True)
class NoMatch:
    reason: str


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("oes", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")) or len(word) < 4:
        return word
    return word.removesuffix("s")


def normalise(text: str) -> str:
    words = re.sub(r"[^a-z0-9%]+", " ", text.lower().replace("_", " ")).split()
    return " ".join(singular(word) for word in words)


class FoodIndex:
    """Every name a food goes by, normalised, pointing at the food."""

    def __init__(self, foods: Mapping[str, Food]) -> None:
        self.foods = foods
        self.names: dict[str, set[str]] = {}
        for food in foods.values():
            for name in (food.id, food.name, *food.aliases):
                self.names.setdefault(normalise(name), set()).add(food.id)

    def find(self, words: tuple[str, ...], state: str | None = None) -> Food | NoMatch:
        full = normalise(" ".join(words))
        plain = normalise(" ".join(word for word in words if word not in DESCRIPTORS))
        tries = [full, plain]
        if state and state not in plain.split():
            tries = [f"{state} {plain}", f"{plain} {state}", *tries]
        if plain.split()[-1:] and plain.split()[-1] in {singular(p) for p in PIECES}:
            tries.append(" ".join(plain.split()[:-1]))
        for name in tries:
            found = self._exact(name)
            if found is not None:
                return found
        if not plain:
            return NoMatch("no food named")
        return self._typo(plain) or NoMatch(self._suggest(plain))

    def _exact(self, name: str) -> Food | NoMatch | None:
        ids = self.names.get(name)
        if not ids:
            return None
        if len(ids) > 1:
            return NoMatch(f"{name!r} could be {', '.join(sorted(ids))}; name it more precisely")
        return self.foods[next(iter(ids))]

    def _typo(self, name: str) -> Food | NoMatch | None:
        words, states = name.split(), set(name.split()) & STATES
        candidates = [
            key
            for key in self.names
            if len(key.split()) == len(words) and set(key.split()) & STATES == states
        ]
        found = process.extract(name, candidates, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        if not found:
            return None
        best = found[0][1]
        ids = set().union(*(self.names[key] for key, score, _ in found if score == best))
        if len(ids) > 1:
            return NoMatch(f"{name!r} could be {', '.join(sorted(ids))}; name it more precisely")
        return self.foods[next(iter(ids))]

    def _suggest(self, name: str) -> str:
        close = process.extract(name, list(self.names), scorer=fuzz.WRatio, limit=12)
        nearest = dict.fromkeys(self.foods[min(self.names[key])].name for key, _, _ in close)
        hint = "; ".join(list(nearest)[:3])
        return f"no food like {name!r} in the table (closest: {hint})"
