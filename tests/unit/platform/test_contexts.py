"""Every registry is derived from the one list of contexts, and a test fails when something is
defined but not reachable from it: an event, a command, a projection."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from typing import Any

import pytest

from commands.bus import command_type
from contracts.commands import Command
from contracts.events import DomainEvent, EventDefinitionError, EventTypes
from pacer.bootstrap import CONTEXTS, contexts
from projections.projection import Projection, ProjectionDefinitionError, forgets, on
from tests.services import PROJECT_ROOT


def every_module(package: str) -> list[str]:
    root = importlib.import_module(package)
    return [info.name for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}.")]


def defined_subclasses(package: str, base: type[Any]) -> set[type[Any]]:
    found: set[type[Any]] = set()
    for name in every_module(package):
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, base)
                and value is not base
                and value.__module__ == name
            ):
                found.add(value)
    return found


def test_every_event_defined_in_contracts_is_registered() -> None:
    registered = set(contexts().event_types())
    defined = defined_subclasses("contracts", DomainEvent)
    assert defined - registered == set(), "define events in contracts/<listed context>/events.py"
    assert {event.context for event in registered} <= set(CONTEXTS)


def test_two_events_cannot_share_a_type_name() -> None:
    class First(DomainEvent):
        context = "testing"
        name = "Twice"

    class Second(DomainEvent):
        context = "testing"
        name = "Twice"

    with pytest.raises(EventDefinitionError, match=r"both publish pacer\.testing\.Twice\.v1"):
        EventTypes([First, Second])


def test_an_event_outside_a_context_s_events_module_must_name_its_context() -> None:
    with pytest.raises(EventDefinitionError, match=r"contracts/<context>/events\.py"):

        class Homeless(DomainEvent):
            pass


def test_every_command_defined_in_contracts_has_a_handler() -> None:
    handled = {command_type(handler) for handler in contexts().handlers()}
    defined = {cls for cls in defined_subclasses("contracts", Command) if "[" not in cls.__name__}
    assert defined - handled == set()


def test_every_projection_is_registered_and_handles_only_registered_events() -> None:
    registered = contexts().projections()
    defined = defined_subclasses("projections", Projection)
    assert {type(p) for p in registered.values()} == defined
    event_types = contexts().event_types()
    for projection in registered.values():
        assert all(cls in event_types for cls in projection.event_classes.values())
        handled = projection.event_classes.values()
        assert projection.topics == tuple(sorted({cls.topic() for cls in handled}))


def test_a_reactor_waits_only_for_read_models_that_apply_the_event() -> None:
    projections = contexts().projections()
    waits = [(r, e, m) for r in contexts().reactors() for e, m in r.read_models.items()]
    assert waits, "the completion reactor waits for the runs and plans read models"
    for reactor, event_class, read_model in waits:
        assert read_model in projections, f"{reactor.name} waits for unknown {read_model}"
        assert projections[read_model].handles(event_class.event_type()), (
            f"{reactor.name} waits for {read_model} to apply {event_class.__name__}: it never does"
        )


def test_a_projection_declares_each_event_type_once_and_at_least_one() -> None:
    from contracts.training.events import RunDeleted, RunRecorded

    with pytest.raises(ProjectionDefinitionError, match="twice"):

        class Twice(Projection):
            name = "twice"
            tables = ()

            @on(RunDeleted)
            async def one(self, *_: object) -> None: ...

            @on(RunDeleted)
            async def other(self, *_: object) -> None: ...

    with pytest.raises(ProjectionDefinitionError, match="no @on handlers"):

        class Idle(Projection):
            name = "idle"
            tables = ()

    with pytest.raises(ProjectionDefinitionError, match=r"forgets .* without handling"):

        class Forgetful(Projection):
            name = "forgetful"
            tables = ()

            @on(RunRecorded)
            async def one(self, *_: object) -> None: ...

            @forgets(RunDeleted)
            async def other(self, *_: object) -> None: ...


def test_each_context_is_one_line_of_the_bootstrap_and_none_is_forgotten() -> None:
    tree = ast.parse((PROJECT_ROOT / "pacer" / "bootstrap.py").read_text())
    [listing] = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "CONTEXTS"
    ]
    assert isinstance(listing, ast.Tuple)
    assert len({element.lineno for element in listing.elts}) == len(listing.elts)
    # Every context sub-package of the sliced layers is listed (workers also hold engines).
    for layer in ("contracts", "commands", "queries", "projections"):
        packages = {
            p.name for p in (PROJECT_ROOT / layer).iterdir() if (p / "__init__.py").exists()
        }
        assert packages <= set(CONTEXTS), f"{layer}/{packages - set(CONTEXTS)} is not in CONTEXTS"
