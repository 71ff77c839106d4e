"""Nutrition context, write side: the profile and its targets, the weight log and adaptive
energy, training-aware days, meal plans and swaps, recipes and analyses, the coach's
conversation."""

from __future__ import annotations

from commands.nutrition import handlers as h
from commands.nutrition.intake import PlannedIntake, PostgresPlannedIntake
from commands.nutrition.recipes import OwnRecipes, PostgresOwnRecipes
from commands.nutrition.routes import router

HANDLERS = (
    h.set_nutrition_profile, h.log_weight, h.accept_target_update,
    h.mark_training_day, h.unmark_training_day, h.unmark_plan_days, h.set_day_kind,
    h.request_meal_plan, h.start_meal_planning, h.complete_meal_plan, h.fail_meal_plan,
    h.swap_meal, h.complete_meal_swap, h.fail_meal_swap,
    h.analyse_recipe, h.save_recipe, h.complete_recipe_analysis, h.fail_recipe_analysis,
    h.delete_recipe, h.publish_catalog_recipe,
    h.send_coach_message, h.answer_coach_message, h.fail_coach_reply, h.publish_coach_guide,
)  # fmt: skip
STORES = {PlannedIntake: PostgresPlannedIntake, OwnRecipes: PostgresOwnRecipes}

__all__ = ["HANDLERS", "STORES", "router"]
