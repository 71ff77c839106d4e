"""Rendering a plan export to PDF: the layout's values into the typst template (as JSON, so no
text of the user's is ever read as markup), the weekly distance chart drawn by matplotlib as
SVG, compiled by the typst compiler the `typst` package bundles (fonts included)."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt
import typst
from pypdf import PdfReader

from contracts.documents.events import PlanExportRequested
from workers.documents.errors import RenderError
from workers.documents.layout import layout

TEMPLATE = Path(__file__).with_name("templates") / "plan.typ"


def volume_chart(volumes: list[float], unit: str) -> bytes:
    figure, axes = plt.subplots(figsize=(7.2, 2.4))
    try:
        weeks = range(1, len(volumes) + 1)
        axes.bar(weeks, volumes, color="#3b6ea8", width=0.7)
        axes.set_xlabel("week")
        axes.set_ylabel(unit)
        axes.set_xticks(list(weeks))
        axes.tick_params(labelsize=7)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="svg")
        return out.getvalue()
    finally:
        plt.close(figure)


def render_plan(request: PlanExportRequested) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    values = layout(request)
    with tempfile.TemporaryDirectory(prefix="pacer-pdf-") as folder:
        root = Path(folder)
        (root / "plan.typ").write_text(TEMPLATE.read_text())
        (root / "volume.svg").write_bytes(volume_chart(values.pop("volumes"), values["unit"]))
        try:
            pdf: bytes = typst.compile(str(root / "plan.typ"), root=str(root),
                                       sys_inputs={"data": json.dumps(values)})  # fmt: skip
        except typst.TypstError as error:
            raise RenderError(f"the document could not be typeset: {error}") from None
    return pdf, len(PdfReader(io.BytesIO(pdf)).pages)
