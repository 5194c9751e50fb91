"""Logging and Sentry set-up, and the few calls the rest of the code makes to Sentry.

sentry_sdk is imported only when SENTRY_DSN is set, so a command without a DSN pays
nothing for it. Until ``init_sentry`` has run, the capture functions do nothing.
Nothing personal leaves the machine: see ``crm_core.scrubbing``.

Each entry point starts this once: ``main.py`` for the terminal program,
``config.wsgi`` for Django admin (gunicorn and ``manage.py runserver``).
"""

import datetime as dt
import logging
import logging.handlers
import os
import stat
import sys
from pathlib import Path

from crm_core import scrubbing

AUDIT_LOGGER = "crm.audit"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
LOG_MAX_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 5

_sentry = None  # the sentry_sdk module once initialised


SENTRY_THREAD_PREFIX = "sentry-sdk."


class HiddenFromTerminal(logging.Filter):
    """Keep the terminal to problems the user was not already told about in a sentence.

    Hidden (still in the file): audit records, errors already told in a sentence, and the
    retries of Sentry's background sender when Sentry cannot be reached.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.name.startswith(AUDIT_LOGGER)
            or getattr(record, "user_notified", False)
            or (record.threadName or "").startswith(SENTRY_THREAD_PREFIX)
        )


class MaskingFormatter(logging.Formatter):
    """Masks emails, phone numbers, JWTs and URL queries in the message and traceback, not the time."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached the traceback text unmasked on the record: format our own.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = scrubbing.mask(record.message)
        return super().formatMessage(record)

    def formatTime(self, record: logging.LogRecord, datefmt=None) -> str:
        # ISO 8601 with its offset: read beside Sentry's times or another machine's log, a time
        # without one is ambiguous (and an hour off twice a year). Local time is TIME_ZONE's.
        return dt.datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds")

    def formatException(self, exc_info) -> str:
        return scrubbing.mask(super().formatException(exc_info))

    def formatStack(self, stack_info: str) -> str:
        return scrubbing.mask(super().formatStack(stack_info))


class _OurHandler:
    """Marks the handlers this module installed, so configuring twice does not double lines."""


class _RotatingFileHandler(_OurHandler, logging.handlers.RotatingFileHandler):
    """Opened at the first line written (delay), and always owner-only, rotated files included.

    A log that cannot be written (no space, no permission, LOG_FILE=/dev/full) is said once,
    in one sentence on stderr, and then left alone: the command carries on, without the
    tracebacks logging prints for each line it fails to write.
    """

    failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.failed:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        if self.failed:
            return
        self.failed = True
        error = sys.exc_info()[1]
        reason = getattr(error, "strerror", None) or type(error).__name__
        sys.stderr.write(
            f"The log file {self.baseFilename} cannot be written ({reason}); the CRM carries on without it "
            "(set LOG_FILE to a file you can write).\n"
        )
        try:
            self.close()
        except OSError:
            pass  # what was buffered cannot be written either

    def _open(self):
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if stat.S_ISREG(os.fstat(descriptor).st_mode):  # never a device such as LOG_FILE=/dev/null
            os.fchmod(descriptor, 0o600)
        return open(descriptor, self.mode, encoding=self.encoding, errors=self.errors)


class _StreamHandler(_OurHandler, logging.StreamHandler):
    pass


def configure_logging(settings, *, console: bool = True) -> None:
    """Business events (INFO) and problems (WARNING+) to a rotating file; problems to stderr."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _OurHandler)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(settings.LOG_LEVEL)
    log_file = Path(settings.LOG_FILE)
    try:
        log_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        pass  # the first line written then fails, and says so once (_RotatingFileHandler.handleError)
    file_handler = _RotatingFileHandler(
        log_file, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
    )
    file_handler.setFormatter(MaskingFormatter(LOG_FORMAT))
    root.addHandler(file_handler)
    if console:
        console_handler = _StreamHandler()
        console_handler.setLevel(logging.WARNING)
        console_handler.addFilter(HiddenFromTerminal())
        console_handler.setFormatter(MaskingFormatter("%(levelname)s: %(message)s"))
        root.addHandler(console_handler)
    # SQL with its parameters (emails, phones...) is logged at DEBUG: never write it, whatever LOG_LEVEL says.
    logging.getLogger("django.db.backends").setLevel(logging.INFO)


def _quiet_at_exit(pending: int, timeout: float) -> None:
    """The SDK would print three lines at exit while it waits; the user gets one sentence only."""


def init_sentry(settings, *, transport=None) -> bool:
    """Start Sentry once, when a DSN is configured; returns whether it is running.

    ``transport`` replaces the HTTP transport (tests collect envelopes in memory).
    """
    global _sentry
    if _sentry is not None:
        return True
    if not settings.SENTRY_DSN:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.atexit import AtexitIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration, ignore_logger

    options = dict(
        dsn=settings.SENTRY_DSN,
        environment=settings.SENTRY_ENVIRONMENT,
        release=settings.SENTRY_RELEASE,
        # No user, IP, cookies, headers or bodies: send_default_pii stays at its default, False. Passing it
        # is deprecated in sentry-sdk 2.x, and its successor (data_collection) would switch off the scrubber.
        include_local_variables=False,
        max_request_body_size="never",
        event_scrubber=scrubbing.event_scrubber(),
        before_send=scrubbing.before_send,
        before_breadcrumb=scrubbing.before_breadcrumb,
        # Log records become breadcrumbs only; events are sent explicitly (audit, capture_exception).
        integrations=[LoggingIntegration(level=logging.INFO, event_level=None), AtexitIntegration(_quiet_at_exit)],
        traces_sample_rate=0,
    )
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(**options)
    # Audit records add their own structured breadcrumb (see crm_core.audit); not a second one from the log line.
    ignore_logger(AUDIT_LOGGER)
    _sentry = sentry_sdk
    return True


def stop_sentry(timeout: float = 2.0) -> None:
    """Send what is pending and stop reporting; the process can start Sentry again later."""
    global _sentry
    if _sentry is None:
        return
    sentry, _sentry = _sentry, None
    sentry.get_client().close(timeout=timeout)
    sentry.get_global_scope().set_client(None)
    for scope in (sentry.get_isolation_scope(), sentry.get_current_scope()):
        scope.clear()


def sentry_enabled() -> bool:
    return _sentry is not None


def capture_business_event(name: str, level: int, tags: dict) -> None:
    if _sentry is None:
        return
    with _sentry.new_scope() as scope:
        for key, value in tags.items():
            scope.set_tag(key, str(value))
        scope.set_tag("business_event", name)
        _sentry.capture_message(name, level=_sentry_level(level))


def add_breadcrumb(name: str, level: int, tags: dict) -> None:
    if _sentry is None:
        return
    _sentry.add_breadcrumb(category="crm", message=name, level=_sentry_level(level), data=tags)


def _sentry_level(level: int) -> str:
    return "fatal" if level >= logging.CRITICAL else logging.getLevelName(level).lower()


def capture_exception(error: BaseException) -> str | None:
    """Report an unexpected error; returns the Sentry event id, if it was sent."""
    if _sentry is None:
        return None
    return _sentry.capture_exception(error)


def flush(timeout: float = 2.0) -> None:
    if _sentry is not None:
        _sentry.flush(timeout=timeout)
