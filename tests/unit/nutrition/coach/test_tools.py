"""The coach's tools: LangChain tools over the facts, whose text and facts agree, and whose runs
are only those entered by hand, however many the facts hold."""

from __future__ import annotations

from datetime import date, timedelta

from langchain_core.messages import ToolMessage

from tests.unit.nutrition.coach.athlete import STRAVA_RUN, TODAY, AthleteFacts
from workers.nutrition.coach import RunFact
from workers.nutrition.coach.tools import MAX_RUNS, coach_tools


async def call(tool_name: str, **args: object) -> ToolMessage:
    tools = {tool.name: tool for tool in coach_tools(AthleteFacts()).all()}
    message = await tools[tool_name].ainvoke(
        {"name": tool_name, "args": args, "id": "call_0", "type": "tool_call"}
    )
    assert isinstance(message, ToolMessage)
    return message


async def test_a_tool_returns_text_for_a_model_and_the_facts_behind_it() -> None:
    message = await call("day_targets", day="2025-06-15")

    assert message.text == (
        "Targets for Sunday 15 June (long run day: long run scheduled): 3100 kcal, "
        "protein 126 g, carbohydrate 440 g, fat 78 g."
    )
    assert message.artifact.carbohydrate_g == 440


async def test_runs_from_strava_never_leave_the_runs_tool() -> None:
    message = await call("recent_runs", days=14)

    assert STRAVA_RUN not in message.artifact
    assert {run.source for run in message.artifact} == {"manual"}
    assert "21.1" not in message.text


async def test_the_runs_tool_bounds_what_it_returns() -> None:
    many = [
        RunFact(day=TODAY - timedelta(days=n % 7), km=5, minutes=30, source="manual")
        for n in range(MAX_RUNS + 5)
    ]
    tool = coach_tools(AthleteFacts(runs=many)).runs

    message = await tool.ainvoke(
        {"name": tool.name, "args": {"days": 7}, "id": "1", "type": "tool_call"}
    )

    assert len(message.artifact) == MAX_RUNS
    assert message.artifact[0].day <= date(2025, 6, 13)
