"""Nutrition engine (nutrition context): energy and macro targets, and (next) the meal planner
and recipe analysis. No Kafka or database here; the nutrition worker wires it to commands."""
