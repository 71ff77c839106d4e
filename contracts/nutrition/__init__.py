"""Nutrition context contracts: the profile and its energy and macro targets, meal plans, the
recipe catalog, recipe analysis and the coach's conversation."""
