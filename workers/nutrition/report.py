"""A planned week as a terminal report (used by `pacer plan`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from workers.nutrition.planner import Plan, within_tolerance

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def print_plan(plan: Plan, console: Console) -> None:
    for index, day in enumerate(plan.days):
        table = Table(title=f"{DAY_NAMES[index]}", title_justify="left")
        for column in ("slot", "recipe", "servings", "kcal", "protein g", "carbs g", "fat g"):
            table.add_column(column)
        for meal in day.meals:
            n = meal.nutrition
            table.add_row(meal.slot, meal.recipe.name, f"{meal.servings:.2f}", f"{n.kcal:.0f}",
                          f"{n.protein:.0f}", f"{n.carbohydrate:.0f}", f"{n.fat:.0f}")  # fmt: skip
        totals, target = day.totals, day.targets
        table.add_row("total", "", "", f"{totals.kcal:.0f}", f"{totals.protein:.0f}",
                      f"{totals.carbohydrate:.0f}", f"{totals.fat:.0f}", style="bold")  # fmt: skip
        table.add_row("target", "", "", f"{target.kcal:.0f}", f"{target.protein_g:.0f}",
                      f"{target.carbohydrate_g:.0f}", f"{target.fat_g:.0f}")  # fmt: skip
        console.print(table)
        within = within_tolerance(day)
        console.print("[green]within tolerance[/]" if within else "[red]outside tolerance[/]")
