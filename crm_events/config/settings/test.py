"""pytest: the web settings with a cheaper bcrypt cost so fixtures stay fast.

The hash is still real bcrypt (same algorithm, fewer rounds); the CLI processes the
tests start use the production cost.
"""

from config.settings.default import *  # noqa: F403
from config.settings.default import DATABASES, DATA_DIR
from config.variables import is_sqlite

PASSWORD_HASHERS = [
    "tests.fast_hasher.FastBCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
]

if is_sqlite(DATABASES["default"]):
    # A file, not memory, so the CLI processes started by the tests see the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-epicevents.sqlite3")}
