"""Meal slots: how many meals a day becomes which slots, which recipes a slot takes, and the
share of the day's energy each slot may carry.

A profile asks for 2-6 meals a day:

| meals | slots |
|---|---|
| 2 | lunch, dinner |
| 3 | breakfast, lunch, dinner |
| 4 | breakfast, lunch, dinner, snack |
| 5 | breakfast, lunch, dinner, snack, snack_2 |
| 6 | breakfast, lunch, dinner, snack, snack_2, snack_3 |

A numbered slot takes the recipes of its kind: `snack_2` is a snack."""

from __future__ import annotations

from collections.abc import Sequence

MIN_MEALS, MAX_MEALS = 2, 6
KINDS = ("breakfast", "lunch", "dinner", "snack")
SLOTS_FOR = {
    2: ("lunch", "dinner"),
    3: ("breakfast", "lunch", "dinner"),
    4: ("breakfast", "lunch", "dinner", "snack"),
    5: ("breakfast", "lunch", "dinner", "snack", "snack_2"),
    6: ("breakfast", "lunch", "dinner", "snack", "snack_2", "snack_3"),
}
# Share of the day's energy per kind of slot when the day has breakfast, lunch and dinner. A day
# of lunch and dinner only lets each carry more.
SHARES = {
    "breakfast": (0.20, 0.30),
    "lunch": (0.25, 0.40),
    "dinner": (0.25, 0.40),
    "snack": (0.0, 0.15),
}
TWO_MAIN_MEALS = (0.35, 0.65)


class UnknownSlotError(ValueError):
    """A slot name that is neither a kind of meal nor a numbered one (`snack_2`)."""


def slots_for(count: int) -> list[str]:
    """The slot names of a day of `count` meals (2-6), in the order they are eaten."""
    if count not in SLOTS_FOR:
        raise ValueError(f"meals per day must be {MIN_MEALS}-{MAX_MEALS}, not {count}")
    return list(SLOTS_FOR[count])


def kind_of(slot: str) -> str:
    """The kind of recipe a slot takes: `snack_2` → snack."""
    kind, _, number = slot.partition("_")
    if kind not in KINDS or (number and not number.isdecimal()):
        raise UnknownSlotError(
            f"unknown slot {slot!r}; use {', '.join(KINDS)} or a numbered one like snack_2"
        )
    return kind


def energy_shares(slots: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The least and most of the day's energy each slot may carry. Ranges that cannot add up
    to the whole day (a day of snacks only) are widened so that they can."""
    shares = {slot: SHARES[kind_of(slot)] for slot in slots}
    kinds = {kind_of(slot) for slot in slots}
    if "breakfast" not in kinds:
        shares = {
            slot: TWO_MAIN_MEALS if kind_of(slot) in {"lunch", "dinner"} else share
            for slot, share in shares.items()
        }
    if sum(high for _, high in shares.values()) < 1 or sum(low for low, _ in shares.values()) > 1:
        return dict.fromkeys(slots, (0.0, 1.0))
    return shares
