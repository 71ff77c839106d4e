"""Meal planner speed and success on the shipped catalog.

    uv run python -m bench.nutrition [--profiles 100] [--no-write]

Random profiles (both sexes, 18-70 years, 48-95 kg, sedentary to active, lose/maintain/gain,
every diet at 1.6 g/kg protein, up to two of the nine allergens, one long-run day): 7-day plan
time p50/p95, the share of plans within tolerance as served, the largest meal's share of a day,
the profiles refused as unsafe and those reported infeasible, and the same for swapping one meal
(and how often the day's other meals kept their recipes). Writes bench/RESULTS.md between markers
unless `--no-write`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from bench.startup import write
from contracts.nutrition.diets import ALLERGENS, Diet
from contracts.nutrition.targets import DayKind, InfeasibleTargetError, Profile, daily_targets
from workers.nutrition.catalog import default_catalog
from workers.nutrition.planner import (
    InfeasiblePlanError,
    Plan,
    Request,
    plan_week,
    swap_meal,
    within_tolerance,
)

BEGIN, END = "<!-- nutrition:begin -->", "<!-- nutrition:end -->"


def within(plan: Plan) -> bool:
    return all(within_tolerance(day) for day in plan.days)


def largest_meal_share(plan: Plan) -> float:
    return max(meal.nutrition.kcal / day.totals.kcal for day in plan.days for meal in day.meals)


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description="Meal planner benchmark")
    parser.add_argument("--profiles", type=int, default=100)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    catalog = default_catalog()
    rng = random.Random(2026)
    plan_s, swap_s, good, good_swaps, infeasible, swaps_refused = [], [], 0, 0, 0, 0
    kept_others, reasons, refused_s, unsafe, biggest_share = 0, [], [], 0, 0.0
    for index in range(args.profiles):
        diet = rng.choice(list(Diet))
        goal = rng.choice(["maintain", "lose", "gain"])
        profile = Profile(
            goal=goal, rate_kg_per_week=0 if goal == "maintain" else rng.choice([0.25, 0.5, 0.75]),
            sex=rng.choice(["male", "female"]), age=rng.randint(18, 70),
            height_cm=rng.uniform(150, 198), weight_kg=rng.uniform(48, 95),
            activity=rng.choice(["sedentary", "light", "moderate", "active"]),
        )  # fmt: skip
        long_run = rng.randrange(7)
        try:
            targets = [
                daily_targets(profile, DayKind.LONG_RUN if d == long_run else DayKind.NORMAL)
                for d in range(7)
            ]
        except InfeasibleTargetError:
            unsafe += 1  # refused before planning: an unsafe loss (see contracts' targets)
            continue
        allergens = frozenset(rng.sample(sorted(ALLERGENS), rng.randint(0, 2)))
        request = Request(targets=targets, diet=diet, allergens=allergens, seed=index)
        began = time.perf_counter()
        try:
            plan = plan_week(catalog, request)
        except InfeasiblePlanError as error:
            refused_s.append(time.perf_counter() - began)
            infeasible += 1
            restrictions = ", ".join(sorted(allergens)) or "no allergens"
            who = f"{diet.value}, {goal}, {profile.weight_kg:.0f} kg, {restrictions}"
            reasons.append(f"{who}: {error.reason}")
            continue
        plan_s.append(time.perf_counter() - began)
        good += within(plan)
        biggest_share = max(biggest_share, largest_meal_share(plan))
        began = time.perf_counter()
        try:
            day, slot = rng.randrange(7), rng.choice(request.slots)
            swapped = swap_meal(catalog, plan, day=day, slot=slot)
        except InfeasiblePlanError:
            swap_s.append(time.perf_counter() - began)
            swaps_refused += 1
            continue
        swap_s.append(time.perf_counter() - began)
        good_swaps += within(swapped)
        before, after = ([m.recipe.id for m in p.days[day].meals if m.slot != slot]
                         for p in (plan, swapped))  # fmt: skip
        kept_others += before == after
    planned = len(plan_s)
    lines = [
        BEGIN,
        f"## Meal planner (`python -m bench.nutrition --profiles {args.profiles}`)",
        "",
        f"{len(catalog.foods)} foods, {len(catalog.recipes)} recipes; days searched in NumPy, "
        "relaxations by HiGHS via SciPy; 2 cores.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| 7-day plan time p50 / p95 | {percentile(plan_s, 50):.2f} / "
        f"{percentile(plan_s, 95):.2f} s |",
        f"| plans within tolerance, as served (quarter servings) | {good}/{planned} "
        f"({100 * good / planned:.0f} %) |",
        f"| largest share of a day's energy in one meal | {biggest_share:.0%} |",
        f"| refused before planning (unsafe loss) | {unsafe}/{args.profiles} |",
        f"| reported infeasible (with a reason) | {infeasible}/{args.profiles}"
        + (f", in at most {max(refused_s):.2f} s |" if refused_s else " |"),
        f"| swap time p50 / p95 | {percentile(swap_s, 50):.3f} / {percentile(swap_s, 95):.3f} s |",
        f"| swaps within tolerance | {good_swaps}/{planned - swaps_refused} |",
        f"| swaps that kept the day's other recipes (only their portions changed) | "
        f"{kept_others}/{planned - swaps_refused} |",
        f"| swaps refused (no other recipe fits that day and the variety rules) | "
        f"{swaps_refused}/{planned} |",
        "",
        *(f"- infeasible: {reason}" for reason in reasons),
        END,
    ]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        write(section, BEGIN, END)


if __name__ == "__main__":
    main()
