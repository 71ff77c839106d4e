"""Finding the food a recipe line names, without guessing.

A name matches a food's id, name or alias exactly, after lower-casing, dropping punctuation
and plural endings. Words that describe preparation ("chopped", "fresh") may be dropped; words
that change the food ("soy" milk, "peanut" oil) may not. Form words ("crushed", "frozen",
"baby") are first tried as part of the name, so a food of that form wins ("crushed tomatoes"
are not diced ones), and dropped only when the table has no such form ("1 frozen banana" is a
banana). A state ("cooked", "dried", "canned", in the name or after the comma, or implied by
a can) must agree with the food's, and the food named with the written state wins: "1 cup
quinoa, cooked" is never weighed as dry quinoa, "canned chickpeas" not as boiled ones.
The only fuzziness is for typos: rapidfuzz's plain ratio against names with the same number
of words, each starting with the same letter ("brocoli" finds broccoli; "acorn" does not
find corn, nor "coconut water" coconut milk). Anything else is reported with the closest names
as suggestions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from workers.nutrition.catalog import Food
from workers.nutrition.lines import PIECES
from workers.nutrition.lines import STATES as STATE_OF

TYPO_CUTOFF = 88.0
WORD_CUTOFF = 75.0
DESCRIPTORS = {
    "chopped", "diced", "minced", "sliced", "grated", "shredded", "crushed", "cubed", "mashed",
    "halved", "quartered", "peeled", "pitted", "rinsed", "drained", "melted", "softened",
    "beaten", "finely", "roughly", "coarsely", "thinly", "freshly", "packed", "heaped",
    "heaping", "level", "ripe", "boneless", "skinless", "fresh", "organic", "shelled",
    "crumbled", "trimmed", "cut", "into", "in", "wedges", "florets", "plain", "whole",
    "frozen", "baby",
}  # fmt: skip
FORMS = {"crushed", "frozen", "shredded", "grated", "baby"}
"""Descriptors that may name a form of their own in the table, so they are tried before they
are dropped."""


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


def state_of(words: list[str]) -> str | None:
    states = {STATE_OF[word] for word in words if word in STATE_OF}
    return states.pop() if len(states) == 1 else None


class FoodIndex:
    """Every name a food goes by, normalised, pointing at the food."""

    def __init__(self, foods: Mapping[str, Food]) -> None:
        self.foods = foods
        self.names: dict[str, set[str]] = {}
        self.states: dict[str, str | None] = {}
        for food in foods.values():
            spelled = [normalise(name) for name in (food.id, food.name, *food.aliases)]
            for name in spelled:
                self.names.setdefault(name, set()).add(food.id)
            self.states[food.id] = state_of(normalise(f"{food.id} {food.name}").split())

    def find(
        self, words: tuple[str, ...], state: str | None = None, qualifiers: tuple[str, ...] = ()
    ) -> Food | NoMatch:
        full = normalise(" ".join(words))
        plain = normalise(" ".join(word for word in words if word not in DESCRIPTORS))
        formed = normalise(" ".join(w for w in words if w not in DESCRIPTORS - FORMS))
        if not plain:
            return NoMatch("no food named")
        wanted = STATE_OF.get(state or "") or state_of(plain.split())
        stateless = _stateless(plain)
        extra = normalise(" ".join(q for q in qualifiers if q not in DESCRIPTORS))
        written = [state] if state else [w for w in plain.split() if w in STATE_OF]
        tries = [f"{extra} {plain}"] if extra else []
        if formed != plain:
            tries += self._named(formed, wanted, written)
        tries += self._named(plain, wanted, written)
        tries.insert(len(tries) - 2, full)  # after the state's names, before the bare name
        if plain.split()[-1] in {singular(piece) for piece in PIECES}:
            tries.append(" ".join(plain.split()[:-1]))
        for name in dict.fromkeys(tries):
            found = self._exact(name)
            if isinstance(found, NoMatch):
                return found
            if found is not None and self._agrees(found, wanted):
                return found
        found = self._typo(plain)
        if isinstance(found, Food) and not self._agrees(found, wanted):
            found = None
        if found is not None:
            return found
        if wanted and isinstance(bare := self._exact(stateless), Food):
            return NoMatch(f"no {state or wanted} form of it in the table, only {bare.name}")
        return NoMatch(self._suggest(plain))

    @staticmethod
    def _named(name: str, wanted: str | None, written: list[str]) -> list[str]:
        """The names to try for `name`: with the state's own words first ("cooked oats" before
        "oats", the written "canned" before "cooked"), then as written, then without a state."""
        stateless = _stateless(name)
        if not wanted:
            return [name, stateless]
        synonyms = written + [w for w, group in STATE_OF.items() if group == wanted]
        stated = [n for w in synonyms for n in (f"{w} {stateless}", f"{stateless} {w}")]
        return [*stated, name, stateless]

    def _agrees(self, food: Food, wanted: str | None) -> bool:
        have = self.states[food.id]
        return wanted is None or have is None or have == wanted

    def _exact(self, name: str) -> Food | NoMatch | None:
        ids = self.names.get(name)
        return self._one(name, ids) if ids else None

    def _one(self, name: str, ids: set[str]) -> Food | NoMatch:
        if len(ids) > 1:
            return NoMatch(f"it could be {', '.join(sorted(ids))}; name it more precisely")
        return self.foods[next(iter(ids))]

    def _typo(self, name: str) -> Food | NoMatch | None:
        words = name.split()

        def alike(key: str) -> bool:
            other = key.split()
            return len(other) == len(words) and all(
                a[0] == b[0] and fuzz.ratio(a, b) >= WORD_CUTOFF
                for a, b in zip(words, other, strict=True)
            )

        candidates = [key for key in self.names if alike(key)]
        found = process.extract(name, candidates, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        if not found:
            return None
        best = found[0][1]
        tied = set().union(*(self.names[key] for key, score, _ in found if score == best))
        return self._one(name, tied)

    def _suggest(self, name: str) -> str:
        close = process.extract(name, list(self.names), scorer=fuzz.WRatio, limit=12)
        nearest = dict.fromkeys(self.foods[min(self.names[key])].name for key, _, _ in close)
        hint = "; ".join(list(nearest)[:3])
        return f"no food like it in the table (closest: {hint})"


def _stateless(name: str) -> str:
    return " ".join(w for w in name.split() if w not in STATE_OF) or name
