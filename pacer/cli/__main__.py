"""`python -m pacer.cli`: how the local supervisor starts Pacer's processes."""

from pacer.cli import app

app()
