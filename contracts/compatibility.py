"""Backward compatibility of a published event schema: what a new schema of the same event
version may change. Consumers ignore unknown fields, so adding optional fields is allowed; any
other change to an existing field, a removed field or a new required field is breaking."""

from __future__ import annotations

from typing import Any

IGNORED_KEYWORDS = {"title", "description", "examples", "default"}


def _shape(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key not in IGNORED_KEYWORDS}


def breaking_changes(published: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """Reasons why `current` would break consumers of `published`; empty when compatible."""
    problems = []
    old_fields = published.get("properties", {})
    new_fields = current.get("properties", {})
    for name, old in old_fields.items():
        if name not in new_fields:
            problems.append(f"field `{name}` was removed")
        elif _shape(old) != _shape(new_fields[name]):
            problems.append(
                f"field `{name}` changed from {_shape(old)} to {_shape(new_fields[name])}"
            )
    added_required = set(current.get("required", [])) - set(published.get("required", []))
    for name in sorted(added_required):
        problems.append(f"field `{name}` became required")
    if published.get("$defs") != current.get("$defs"):
        problems.append("nested definitions changed")
    return problems
