"""Who is using the menu: log in, re-read the employee at every step, re-login on expiry.

Everything goes through the gateway (``session.gateway``), so this works the same
whichever transport carries the calls.
"""

from crm_core.errors import NotAuthenticated
from cli.menu.prompts import KEEP


class ActorChanged(Exception):
    """Someone else logged in when a session expired mid-action: that action is dropped, never applied."""

    def __init__(self, previous, current):
        self.message = (
            f"You are now logged in as {current['full_name']}, so the unfinished action of "
            f"{previous['full_name']} was dropped and nothing was changed."
        )
        super().__init__(self.message)


class MenuSession:
    def __init__(self, env, prompter):
        self.env = env
        self.prompter = prompter
        self.employee = None  # the employee object the session was last known to belong to
        self.last_email = None  # pre-filled after a refused password or an expired session

    @property
    def gateway(self):
        return self.env.gateway

    def actor(self) -> dict:
        """The employee behind the stored token, read again (department included)."""
        self.employee = self.gateway.whoami()
        self.last_email = self.employee["email"]
        return self.employee

    def login(self) -> dict:
        """Ask for credentials until they work; Back (Ctrl-C, Ctrl-D) leaves.

        After a refused password the email typed is offered again (Enter keeps it).
        """
        while True:
            email = self.prompter.ask("Email", current=self.last_email, history="login.email")
            email = self.last_email if email is KEEP else email
            self.last_email = email
            password = self.prompter.secret("Password")
            try:
                session = self.gateway.login(email=email, password=password)
            except NotAuthenticated as error:
                self.prompter.warn(error.message)
                continue
            self.employee = session.employee
            self.last_email = self.employee["email"]
            self.prompter.say(f"Welcome, {self.employee['full_name']} ({self.employee['department_name']}).")
            return self.employee

    def logout(self) -> None:
        """End the session on the server; the next login starts from an empty email."""
        self.gateway.logout()
        self.employee, self.last_email = None, None

    def ensure_actor(self) -> dict:
        had_session = self.env.session_file.load() is not None  # (an exposed file is removed by actor())
        try:
            return self.actor()
        except NotAuthenticated as error:
            if had_session:
                self.prompter.warn(error.message.split(";")[0] + ".")
            if self.last_email is None:  # yesterday's session expired: offer who logged in, as after a refusal
                self.last_email = self.env.session_file.load_email()
            self.prompter.say("Please log in.")
            return self.login()

    def call(self, operation, *args, **kwargs):
        """Run a gateway operation; if the session ended meanwhile, log in and carry on.

        Only the same employee carries on: what was chosen and typed so far was theirs, and
        must never be applied under someone else's name (ActorChanged).
        """
        try:
            return operation(*args, **kwargs)
        except NotAuthenticated as error:
            previous = self.employee
            self.prompter.warn(error.message.split(";")[0] + "; log in to continue where you were.")
            current = self.login()  # Back (Ctrl-C) leaves the action
            if previous is not None and current["id"] != previous["id"]:
                raise ActorChanged(previous, current) from None
            return operation(*args, **kwargs)
