"""The terminal program: only what a command needs, so start-up stays close to bare Django.

The admin, sessions, messages and static files belong to the web side and are not
loaded here.
"""

from config.settings.base import *  # noqa: F403
