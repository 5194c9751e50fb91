"""Logging and Sentry set-up, and the few calls the rest of the code makes to Sentry.

sentry_sdk is imported only when SENTRY_DSN is set, so a command without a DSN pays
nothing for it. Until ``init_sentry`` has run, the capture functions do nothing.
Nothing personal leaves the machine: see ``crm_core.scrubbing``.
"""

import logging
import logging.handlers
from pathlib import Path

_sentry = None  # the sentry_sdk module once initialised


class HiddenFromTerminal(logging.Filter):
    """Keep the terminal to problems the user was not already told about in a sentence."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name.startswith("crm.audit") or getattr(record, "user_notified", False))


def configure_logging(settings, *, console: bool = True) -> None:
    """Business events (INFO) and problems (WARNING+) to a rotating file; problems to stderr."""
    root = logging.getLogger()
    root.setLevel(settings.LOG_LEVEL)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    log_file = Path(settings.LOG_FILE)
    try:
        log_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8"
        )
        file_handler.setFormatter(formatter)
        root.addHandler(file_handler)
        log_file.chmod(0o600)
    except OSError:
        pass  # an unwritable log must never stop staff from working; the terminal still shows problems
    if console:
        console_handler = logging.StreamHandler()
        console_handler.setLevel(logging.WARNING)
        console_handler.addFilter(HiddenFromTerminal())
        console_handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        root.addHandler(console_handler)
    logging.getLogger("django.db.backends").setLevel(logging.INFO)


def init_sentry(settings) -> bool:
    """Start Sentry when a DSN is configured; returns whether it was started."""
    global _sentry
    if not settings.SENTRY_DSN:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.logging import LoggingIntegration

    from crm_core import scrubbing

    sentry_sdk.init(
        dsn=settings.SENTRY_DSN,
        environment=settings.SENTRY_ENVIRONMENT,
        release=settings.SENTRY_RELEASE,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        event_scrubber=scrubbing.event_scrubber(),
        before_send=scrubbing.before_send,
        before_breadcrumb=scrubbing.before_breadcrumb,
        integrations=[LoggingIntegration(level=logging.INFO, event_level=None)],
        traces_sample_rate=0,
    )
    _sentry = sentry_sdk
    return True


def sentry_enabled() -> bool:
    return _sentry is not None


def capture_business_event(name: str, level: int, tags: dict) -> None:
    if _sentry is None:
        return
    with _sentry.new_scope() as scope:
        for key, value in tags.items():
            scope.set_tag(key, str(value))
        scope.set_tag("business_event", name)
        _sentry.capture_message(name, level=logging.getLevelName(level).lower())


def add_breadcrumb(name: str, level: int, tags: dict) -> None:
    if _sentry is None:
        return
    _sentry.add_breadcrumb(category="crm", message=name, level=logging.getLevelName(level).lower(), data=tags)


def capture_exception(error: BaseException) -> str | None:
    """Report an unexpected error; returns the Sentry event id, if it was sent."""
    if _sentry is None:
        return None
    return _sentry.capture_exception(error)


def flush(timeout: float = 2.0) -> None:
    if _sentry is not None:
        _sentry.flush(timeout=timeout)
