"""The AI coach chat (nutrition context): a pure library. A worker gives it the asking user's
facts (`Facts`) and a passage `Retriever`, optionally a LangChain chat model, and gets a grounded
`CoachReply` for a question; no Kafka or database here."""

from workers.nutrition.coach.chain import Coach
from workers.nutrition.coach.facts import (
    MANUAL,
    DayTargets,
    Facts,
    PlannedMeal,
    PlannedSession,
    ProfileFacts,
    RunFact,
    WorkoutFact,
)
from workers.nutrition.coach.replies import OFFLINE, CoachReply, Source, Turn
from workers.nutrition.coach.retrieval import (
    InMemoryRetriever,
    Passage,
    Retriever,
    guide_passages,
)

__all__ = [
    "MANUAL",
    "OFFLINE",
    "Coach",
    "CoachReply",
    "DayTargets",
    "Facts",
    "InMemoryRetriever",
    "Passage",
    "PlannedMeal",
    "PlannedSession",
    "ProfileFacts",
    "Retriever",
    "RunFact",
    "Source",
    "Turn",
    "WorkoutFact",
    "guide_passages",
]
