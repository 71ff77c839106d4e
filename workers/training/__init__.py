"""Training context, workers: the completion reactor."""

from workers.training.reactors import completion

REACTORS = (completion,)

__all__ = ["REACTORS"]
