"""How every Pacer process logs: one JSON object per line on stderr, whoever logs (Pacer,
uvicorn, aiokafka, Dramatiq), with the current trace and the request's correlation id.

Two limits keep an outage readable: a line repeated from the same place is let through with
exponential back-off (an unreachable broker is reported every 100 ms otherwise), and a traceback
is written in full once per error class a minute (later lines carry the class and message)."""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from opentelemetry import trace
from pythonjsonlogger.core import merge_record_extra
from pythonjsonlogger.json import JsonFormatter
from starlette.types import ASGIApp, Receive, Scope, Send

from infra.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

Clock = Callable[[], float]
MAX_CORRELATION_ID = 200


def configure_logging(settings: Settings, process: str) -> None:
    """Send every logger's records, as JSON lines, to stderr (the local supervisor's log file);
    replaces whatever handlers the root logger had."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines(process))
    handler.addFilter(RepeatBackoff())
    handler.addFilter(ReportedOnce())
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread


def _log_uncaught(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    if isinstance(error, KeyboardInterrupt):
        sys.__excepthook__(kind, error, traceback)
        return
    logging.getLogger("pacer").critical("uncaught exception", exc_info=(kind, error, traceback))


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    error = args.exc_value
    if error is not None and not isinstance(error, SystemExit):  # as the default hook does
        _log_uncaught(args.exc_type, error, args.exc_traceback)


# --- the request a line is written for ---------------------------------------------------------


@dataclass(frozen=True)
class RequestScope:
    correlation_id: str | None


_request: ContextVar[RequestScope | None] = ContextVar("pacer_request", default=None)
_REQUEST_OF_ERROR = "_pacer_request"


def current_request() -> RequestScope | None:
    return _request.get()


def _request_of(record: logging.LogRecord) -> RequestScope | None:
    """The request a line is written for: the one an exception escaped from (the app's
    outermost error handler logs it once the request's scope has ended), or the current one."""
    return getattr(_error_of(record), _REQUEST_OF_ERROR, None) or _request.get()


def _error_of(record: logging.LogRecord) -> BaseException | None:
    if record.exc_info:
        return record.exc_info[1]
    error: BaseException | None = record.__dict__.get("_error")  # see JsonLines.format
    return error


class CorrelationIds:
    """Pure ASGI middleware: the lines logged while a request is handled carry its
    `X-Correlation-Id`, and are never backed off (each one is about another request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        correlation_id = None
        for name, value in scope["headers"]:
            if name == b"x-correlation-id":
                correlation_id = value[:MAX_CORRELATION_ID].decode("latin-1")
                break
        request = RequestScope(correlation_id)
        token = _request.set(request)
        try:
            await self.app(scope, receive, send)
        except Exception as error:
            with contextlib.suppress(AttributeError, TypeError):
                setattr(error, _REQUEST_OF_ERROR, request)
            raise
        finally:
            _request.reset(token)


def install_correlation(app: FastAPI) -> None:
    app.add_middleware(CorrelationIds)


@contextmanager
def correlated(correlation_id: str | None) -> Iterator[None]:
    """Log as work done for one request or event: its lines carry `correlation_id` and are not
    backed off."""
    token = _request.set(RequestScope(correlation_id))
    try:
        yield
    finally:
        _request.reset(token)


# --- the line ----------------------------------------------------------------------------------


class JsonLines(JsonFormatter):
    """`timestamp`, `level`, `logger`, `message`, `process` (Pacer's name for it), `pid`,
    `trace_id` and `span_id` (null outside a span), `correlation_id` (in a request that has one),
    `error` (class and message) and `exc_info` (the traceback) when an exception is logged, then
    any `extra=` fields. One line per record: the traceback is a string inside it."""

    def __init__(
        self, process: str, *, clock: Clock = time.monotonic, traceback_every_s: float = 60.0
    ) -> None:
        super().__init__(json_ensure_ascii=False)
        self.process = process
        self.clock = clock
        self.traceback_every_s = traceback_every_s
        self._last_traceback: dict[type[BaseException], float] = {}

    def format(self, record: logging.LogRecord) -> str:
        error = _error_of(record)
        if error is not None:
            changes: dict[str, Any] = {"error": f"{type(error).__qualname__}: {error}"}
            if not self._traceback_due(type(error)):
                # Without the traceback; the copy still knows the exception, so the line still
                # knows its request (a leading underscore keeps `_error` out of the line).
                changes |= {"exc_info": None, "exc_text": None, "_error": error}
            record = logging.makeLogRecord({**record.__dict__, **changes})
        return super().format(record)

    def _traceback_due(self, kind: type[BaseException]) -> bool:
        # Called under the handler's lock, like the whole of `format`.
        now = self.clock()
        last = self._last_traceback.get(kind)
        if last is not None and now - last < self.traceback_every_s:
            return False
        self._last_traceback[kind] = now
        return True

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        span = trace.get_current_span().get_span_context()
        log_data.update(
            timestamp=datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            level=record.levelname,
            logger=record.name,
            message=record.message,
            process=self.process,
            pid=record.process,
            trace_id=f"{span.trace_id:032x}" if span.is_valid else None,
            span_id=f"{span.span_id:016x}" if span.is_valid else None,
        )
        request = _request_of(record)
        if request is not None and request.correlation_id is not None:
            log_data["correlation_id"] = request.correlation_id
        merge_record_extra(record, log_data, reserved=self._skip_fields)
        log_data.update(message_dict)  # exc_info, stack_info, or the fields of a dict message


# --- what is let through -----------------------------------------------------------------------


@dataclass
class _Repeats:
    next_s: float  # when the next one may be let through
    delay_s: float  # the gap after that one
    last_s: float
    suppressed: int = 0


class RepeatBackoff(logging.Filter):
    """Lets a WARNING or an ERROR from the same logger and message template through at 1 s,
    2 s, 4 s … apart (at most `max_delay_s`), and starts again at 1 s after `max_delay_s`
    without one. The line let through carries `suppressed`: how many were held back since the
    last. Lines written for a request, and CRITICAL ones (a crash), are never held back."""

    def __init__(
        self, first_delay_s: float = 1.0, max_delay_s: float = 60.0, clock: Clock = time.monotonic
    ) -> None:
        super().__init__()
        self.first_delay_s = first_delay_s
        self.max_delay_s = max_delay_s
        self.clock = clock
        self._seen: dict[tuple[str, str], _Repeats] = {}
        self._lock = threading.Lock()  # filters run outside the handler's lock

    def filter(self, record: logging.LogRecord) -> bool:
        if not logging.WARNING <= record.levelno < logging.CRITICAL or _request_of(record):
            return True
        key = (record.name, str(record.msg))
        with self._lock:
            now = self.clock()
            seen = self._seen.get(key)
            if seen is None:
                self._forget_quiet(now)
                seen = self._seen[key] = _Repeats(now, self.first_delay_s, now)
            elif now - seen.last_s >= self.max_delay_s:  # quiet for long enough: start over
                seen.next_s, seen.delay_s = now, self.first_delay_s
            seen.last_s = now
            if now < seen.next_s:
                seen.suppressed += 1
                return False
            if seen.suppressed:
                record.suppressed = seen.suppressed
                seen.suppressed = 0
            seen.next_s = now + seen.delay_s
            seen.delay_s = min(seen.delay_s * 2, self.max_delay_s)
            return True

    def _forget_quiet(self, now: float) -> None:
        # A message formatted before logging (an f-string) is a new template every time.
        if len(self._seen) >= 1000:
            self._seen = {
                key: seen
                for key, seen in self._seen.items()
                if now - seen.last_s < self.max_delay_s or seen.suppressed
            }


class ReportedOnce(logging.Filter):
    """Drops a server's report of an exception that was already logged: uvicorn logs what
    escapes the app after the app's own error handler has logged it (`infra/problems.py`)."""

    SERVER_LOGGERS = frozenset({"uvicorn.error"})
    MARK = "_pacer_logged"

    def filter(self, record: logging.LogRecord) -> bool:
        error = _error_of(record)
        if error is None:
            return True
        if record.name in self.SERVER_LOGGERS and getattr(error, self.MARK, False):
            return False
        with contextlib.suppress(AttributeError, TypeError):
            setattr(error, self.MARK, True)
        return True
