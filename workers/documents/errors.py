"""The PDF job's bad-input error, apart from the renderer so that declaring the job does not load
matplotlib and typst (the reactors' process declares every job and runs none)."""


class RenderError(ValueError):
    """The document could not be laid out or compiled."""
