"""Schemathesis hooks for the fuzz test (`SCHEMATHESIS_HOOKS=tests.fuzz.hooks`).

A schema-valid request may still be refused for a reason no JSON Schema can state: a password
that is easy to guess, a start time in the future, an end date before its start, an idempotency
key already used with another body, a consistency token or cursor not issued to this caller.
Such a refusal is dropped from `positive_data_acceptance` failures only when the answer names
exactly that reason; any other refusal of schema-valid data still fails the run.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

import schemathesis
from hypothesis import strategies as st
from schemathesis import Case, HookContext, Response
from schemathesis.core.failures import Failure

PROBLEM_TYPES = {
    "idempotency-key-reused",  # the same key came with another body: a rule across requests
    "bad-query",  # a cursor or consistency token that was not issued to this caller
    "rule-violated",  # a rule over stored state: a shoe that is not yours, a day outside a plan
}
FIELD_RULES = {
    "instant_in_future",  # "not after now": the schema can only bound the year
    "password_too_weak",  # judged by zxcvbn
    "password_is_email",
    "email",  # email-validator's judgement of an address is finer than `format: email`
    # Rules across fields, which JSON Schema cannot tie together:
    "plan_dates_order", "plan_too_long", "goal_outside_plan", "custom_distance",
    "race_before_start", "pace_order", "step_measure", "step_target", "rest_with_steps",
    "nutrition_rate", "long_run_day", "weekly_km_per_day",
    "one_attachment",  # a post shares a run or a workout, not both
    "time_zone",  # an IANA name: the schema bounds its length and characters, not the list
}  # fmt: skip


# Moments as Pacer's schemas bound them (written in 1900 to 2199, any whole-minute offset), so that
# generating valid data does not mean discarding thirty-two drawn years in thirty-three.
OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
MOMENTS = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2199, 12, 30), timezones=OFFSETS
).map(lambda moment: moment.isoformat())
schemathesis.openapi.format("date-time", MOMENTS)
# Days as `Day` bounds them (2000 to 2199), mostly in the years plans are made for.
DAYS = st.one_of(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2199, 12, 31)),
).map(date.isoformat)
schemathesis.openapi.format("date", DAYS)


@schemathesis.hook
def filter_failure(
    context: HookContext, failure: Failure, case: Case[Any], response: Response
) -> bool:
    if failure.code != "ST202":
        return True
    if _partly_negative(case) or _header_off_its_schema(case):
        return False
    return not _names_a_rule_no_schema_states(response)


def _partly_negative(case: Case[Any]) -> bool:
    """Coverage cases can be positive overall with one part (a header) drawn invalid: their
    rejection is right, whatever the check concludes."""
    components = case.meta.components if case.meta else {}
    return any(info.mode.is_negative for info in components.values())


def _header_off_its_schema(case: Case[Any]) -> bool:
    """The coverage phase's "all required and optional properties" scenario can send a header
    its own schema refuses (a bare `0` for a patterned token) and call the case positive; such a
    refusal is right. Only a header value that fails its declared pattern counts."""
    raw: dict[str, Any] = getattr(case.operation.definition, "raw", {}) or {}
    for parameter in raw.get("parameters", []):
        if parameter.get("in") != "header" or parameter.get("name") not in (case.headers or {}):
            continue
        pattern = parameter.get("schema", {}).get("pattern")
        value = str((case.headers or {})[parameter["name"]])
        if pattern and re.search(pattern, value) is None:
            return True
    return False


def _names_a_rule_no_schema_states(response: Response) -> bool:
    try:
        problem: dict[str, Any] = json.loads(response.content)
    except ValueError:
        return False
    kind = str(problem.get("type", "")).rsplit("/", 1)[-1]
    if kind in PROBLEM_TYPES:
        return True
    errors = problem.get("errors") or []
    return bool(errors) and all(error.get("type") in FIELD_RULES for error in errors)
