"""The coach: a question and the conversation so far in, a grounded reply out.

It reads the question's topic and days, calls the tools that topic needs, and retrieves the
nearest passages. Without a chat model it composes the reply from them (`offline`). With one, it
gives the model those facts and passages and nothing else, then checks that every number in the
model's reply is one they state; a reply that invents a number is replaced by the offline one."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

from workers.nutrition.coach.evidence import Evidence, gather
from workers.nutrition.coach.facts import Facts
from workers.nutrition.coach.grounding import unsupported
from workers.nutrition.coach.offline import bounded, compose
from workers.nutrition.coach.questions import understand
from workers.nutrition.coach.replies import OFFLINE, CoachReply, Source, Turn
from workers.nutrition.coach.retrieval import Passage, Retriever
from workers.nutrition.coach.tools import coach_tools, day_name

MAX_QUESTION_CHARS = 1000
MAX_HISTORY_TURNS = 6
MAX_TURN_CHARS = 600
MAX_REPLY_WORDS = 150

SYSTEM = """You are Pacer's nutrition coach for runners. Answer the user's last message in at \
most {max_words} words of plain text.
Use only the facts and passages below. Every number you write (grams, kcal, km, minutes, paces, \
amounts per hour or per kg) must appear in them: never compute, estimate or invent one. If they \
do not answer the question, say so, and say what you can answer. Name a guide when you use it.

Today is {today}.

The user's facts:
{facts}

Passages:
{passages}"""

PROMPT = ChatPromptTemplate.from_messages(
    [("system", SYSTEM), MessagesPlaceholder("history"), ("human", "{question}")]
)


class Coach:
    """Answers one user's questions from their `facts` and the `retriever`'s passages, with
    `model` when given and offline otherwise."""

    def __init__(
        self, facts: Facts, retriever: Retriever, model: BaseChatModel | None = None
    ) -> None:
        self._facts = facts
        self._retriever = retriever
        self._tools = coach_tools(facts)
        self._model = model

    async def answer(self, question: str, history: list[Turn]) -> CoachReply:
        question = bounded(question.strip(), MAX_QUESTION_CHARS)
        today = await self._facts.today()
        evidence = await gather(
            question, understand(question, today), today, self._tools, self._retriever
        )
        text, quoted = compose(evidence)
        offline = CoachReply(text=text, sources=_sources(evidence, quoted), model=OFFLINE)
        if self._model is None:
            return offline
        return await self._ask_model(self._model, question, history, evidence, offline)

    async def _ask_model(
        self,
        model: BaseChatModel,
        question: str,
        history: list[Turn],
        evidence: Evidence,
        offline: CoachReply,
    ) -> CoachReply:
        context = {
            "today": f"{day_name(evidence.today)} {evidence.today.year}",
            "facts": "\n".join(f"- {m.text}" for m in evidence.messages) or "- none",
            "passages": "\n".join(map(_passage, evidence.passages)) or "- none",
        }
        reply = await (PROMPT | model).ainvoke(
            context
            | {"max_words": MAX_REPLY_WORDS, "history": _messages(history), "question": question}
        )
        text = bounded(reply.text.strip())
        missing = unsupported(text, [*context.values(), question])
        if missing or not text:
            return offline.model_copy(
                update={"grounded": False, "fallback": True, "unsupported": missing}
            )
        sources = _sources(evidence, evidence.passages)
        return CoachReply(text=text, sources=sources, model=model_name(model))


def model_name(model: BaseChatModel) -> str:
    for attribute in ("model_name", "model"):
        name = getattr(model, attribute, None)
        if isinstance(name, str) and name:
            return name
    return model._llm_type


def _messages(history: list[Turn]) -> list[BaseMessage]:
    recent = history[-MAX_HISTORY_TURNS:]
    return [
        (HumanMessage if turn.role == "user" else AIMessage)(bounded(turn.text, MAX_TURN_CHARS))
        for turn in recent
    ]


def _passage(passage: Passage) -> str:
    return f"- {passage.kind} “{passage.title}” ({passage.source}): {passage.text}"


def _sources(evidence: Evidence, passages: list[Passage]) -> list[Source]:
    quoted = [Source(kind=p.kind, id=p.id, title=p.title, detail=p.source) for p in passages]
    return evidence.sources + quoted
