"""The coach with a chat model: the model reads the user's facts and the passages, its reply
passes only when every number in it is one they state, and Strava data never reaches it."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from tests.unit.nutrition.coach.athlete import STRAVA_RUN, AthleteFacts, retriever
from workers.nutrition.coach import OFFLINE, Coach, Turn
from workers.nutrition.coach.chain import MAX_HISTORY_TURNS
from workers.nutrition.coach.offline import MAX_REPLY_CHARS

LONG_RUN = "What should I eat before my long run on Sunday?"
GROUNDED = (
    "Your 24 km long run is on Sunday: aim for 440 g carbohydrate and 3,100 kcal that day, "
    "starting with Overnight oats with banana 3 to 4 hours before you run."
)


class Recorder(BaseCallbackHandler):
    """Keeps every list of messages a chat model is called with."""

    def __init__(self) -> None:
        self.calls: list[list[BaseMessage]] = []

    def on_chat_model_start(
        self, serialized: dict[str, Any], messages: list[list[BaseMessage]], **kwargs: Any
    ) -> None:
        self.calls.extend(messages)


def chat_model(*replies: str) -> tuple[GenericFakeChatModel, Recorder]:
    recorder = Recorder()
    return GenericFakeChatModel(messages=iter(replies), callbacks=[recorder]), recorder


async def test_a_grounded_reply_passes_through_with_the_facts_and_passages_given() -> None:
    model, recorder = chat_model(GROUNDED)

    reply = await Coach(AthleteFacts(), retriever(), model).answer(LONG_RUN, [])

    assert reply.text == GROUNDED
    assert (reply.grounded, reply.fallback, reply.model) == (True, False, "generic-fake-chat-model")
    tools = [source.id for source in reply.sources if source.kind == "tool"]
    assert tools == ["training_sessions", "day_targets", "planned_meals"]
    assert "guide-before-long-run" in [source.id for source in reply.sources]
    [messages] = recorder.calls
    assert isinstance(messages[0], SystemMessage)
    assert "440" in messages[0].text
    assert "Fuelling before a long run" in messages[0].text
    assert messages[-1] == HumanMessage(LONG_RUN)


async def test_a_number_nothing_states_replaces_the_reply_with_the_offline_one() -> None:
    model, _ = chat_model("Take 95 g of carbohydrate per hour during your 24 km long run.")
    offline = await Coach(AthleteFacts(), retriever()).answer(LONG_RUN, [])

    reply = await Coach(AthleteFacts(), retriever(), model).answer(LONG_RUN, [])

    assert reply.text == offline.text
    assert (reply.grounded, reply.fallback, reply.model) == (False, True, OFFLINE)
    assert reply.unsupported == ["95"]
    assert reply.sources == offline.sources


async def test_an_empty_reply_falls_back_and_a_long_one_is_cut_to_the_bound() -> None:
    empty, _ = chat_model("  ")
    long, _ = chat_model(" ".join([GROUNDED] * 20))

    fell_back = await Coach(AthleteFacts(), retriever(), empty).answer(LONG_RUN, [])
    cut = await Coach(AthleteFacts(), retriever(), long).answer(LONG_RUN, [])

    assert (fell_back.fallback, fell_back.model) == (True, OFFLINE)
    assert len(cut.text) <= MAX_REPLY_CHARS
    assert cut.text.startswith(GROUNDED)
    assert cut.grounded


async def test_the_same_quantity_in_other_words_is_grounded() -> None:
    model, _ = chat_model("Drink 0.4 to 0.8 l per hour on your long run of 24.0 km (2.5 h).")

    question = "How much should I drink during my long run on Sunday?"
    reply = await Coach(AthleteFacts(), retriever(), model).answer(question, [])

    assert (reply.grounded, reply.fallback, reply.unsupported) == (True, False, [])


async def test_the_conversation_so_far_is_passed_bounded_to_the_last_turns() -> None:
    model, recorder = chat_model(GROUNDED)
    history = [
        Turn(role="user" if n % 2 == 0 else "coach", text=f"turn {n}")
        for n in range(MAX_HISTORY_TURNS + 4)
    ]

    await Coach(AthleteFacts(), retriever(), model).answer(LONG_RUN, history)

    [messages] = recorder.calls
    passed = messages[1:-1]
    assert [message.text for message in passed] == [turn.text for turn in history[-6:]]
    assert [type(m) for m in passed[:2]] == [HumanMessage, AIMessage]


async def test_strava_data_never_reaches_the_chat_model() -> None:
    model, recorder = chat_model("You ran 3 runs, 23.5 km in total.")

    reply = await Coach(AthleteFacts(), retriever(), model).answer("How did my running go?", [])

    [messages] = recorder.calls
    seen = "\n".join(message.text for message in messages)
    assert "23.5 km" in seen  # the three runs entered by hand
    for strava in ("21.1", "118", "163", "9 June", "strava", "Strava"):
        assert strava not in seen
    assert reply.grounded


async def test_a_user_with_only_strava_runs_gives_the_model_no_runs() -> None:
    model, recorder = chat_model("I don't see any runs you entered.")
    facts = AthleteFacts(runs=[STRAVA_RUN])

    await Coach(facts, retriever(), model).answer("How did my running go this week?", [])

    [messages] = recorder.calls
    assert "No runs entered in the last 7 days" in messages[0].text
    assert "21.1" not in messages[0].text
