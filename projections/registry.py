"""Every projection of this codebase, by name."""

from __future__ import annotations

from projections.projection import Projection
from projections.runs import RunsProjection


def all_projections() -> dict[str, Projection]:
    projections: list[Projection] = [RunsProjection()]
    return {projection.name: projection for projection in projections}
