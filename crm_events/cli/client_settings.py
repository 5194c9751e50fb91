"""What the client half reads of its configuration, without Django: the environment, then ``.env``.

The same rules as the server's settings (``config.variables``): a variable set in the
environment wins over the repository's ``.env``; an empty value means the default; a
relative path is taken from the repository root, so the CRM finds the same files
whether it is started from the root or from inside ``crm_events/``.

Start-up cost: ``.env`` is read once, as text, and handed to python-dotenv only when it
names a variable asked for; a command whose settings all come from the environment or
from defaults never imports the parser.
"""

import io
import os
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_FILE = REPO_ROOT / ".env"
DEFAULT_HOME = "~/.epicevents"


@cache
def _file_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # no .env, or not one the server could read either
        return ""


@cache
def _file_values(path: Path) -> dict:
    from dotenv import dotenv_values

    # No ${VAR} expansion: the server's reader (django-environ) does none either.
    return dotenv_values(stream=io.StringIO(_file_text(path)), interpolate=False)


class ClientSettings:
    """The client's settings, each read when first asked for."""

    def __init__(self, environ=None, env_file: Path | None = ENV_FILE):
        self.environ = os.environ if environ is None else environ
        self.env_file = env_file

    def text(self, name: str, *, default: str = "") -> str:
        if name in self.environ:
            value = self.environ[name]
        elif self.env_file is not None and name in _file_text(self.env_file):
            value = _file_values(self.env_file).get(name) or ""
        else:
            value = ""
        return value.strip() or default

    def path(self, name: str, *, default: str) -> Path:
        return REPO_ROOT / Path(self.text(name, default=default)).expanduser()  # an absolute path replaces the root

    @property
    def home(self) -> Path:
        """EPICEVENTS_HOME: where the session file lives (default ~/.epicevents)."""
        return self.path("EPICEVENTS_HOME", default=DEFAULT_HOME)
