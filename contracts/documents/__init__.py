"""Documents context contracts: printable exports (a training plan as a PDF) and their events."""
