"""Pacer's roof: the one list of bounded contexts (`bootstrap.py`) and everything derived from it,
the composition root of each process (`processes.py`), the `pacer` command line (`cli/`), the
contract documents, the demo seed and the benchmark workload. Nothing below imports from here."""
