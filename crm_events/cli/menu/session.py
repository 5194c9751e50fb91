"""Who is using the menu: log in, re-read the employee at every step, re-login on expiry."""

from crm_core.errors import NotAuthenticated


class ActorChanged(Exception):
    """Someone else logged in when a session expired mid-action: that action is dropped, never applied."""

    def __init__(self, previous, current):
        self.message = (
            f"You are now logged in as {current.full_name}, so the unfinished action of "
            f"{previous.full_name} was dropped and nothing was changed."
        )
        super().__init__(self.message)


class MenuSession:
    def __init__(self, env, prompter):
        self.env = env
        self.prompter = prompter
        self.employee = None  # the last employee the session was known to belong to

    def actor(self):
        """The employee behind the stored token, re-read from the database (department included)."""
        from epic_auth_app.authentication import authenticate_session_file

        self.employee = authenticate_session_file(self.env.session_file)
        return self.employee

    def login(self):
        """Ask for credentials until they work; Back (Ctrl-C) leaves."""
        from epic_auth_app.authentication import login

        while True:
            email = self.prompter.ask("Email")
            password = self.prompter.secret("Password")
            try:
                result = login(email=email, password=password, session_file=self.env.session_file)
            except NotAuthenticated as error:
                self.prompter.warn(error.message)
                continue
            self.employee = result.employee
            self.prompter.say(f"Welcome, {self.employee.full_name} ({self.employee.department.name}).")
            return self.employee

    def ensure_actor(self):
        had_session = self.env.session_file.load() is not None  # (an exposed file is removed by actor())
        try:
            return self.actor()
        except NotAuthenticated as error:
            if had_session:
                self.prompter.warn(error.message.split(";")[0] + ".")
            self.prompter.say("Please log in.")
            return self.login()

    def call(self, service, **kwargs):
        """Call a service as the current employee; if the session ended meanwhile, log in and carry on.

        Only the same employee carries on: what was chosen and typed so far was theirs, and
        must never be applied under someone else's name (ActorChanged).
        """
        try:
            return service(actor=self.actor(), **kwargs)
        except NotAuthenticated as error:
            previous = self.employee
            self.prompter.warn(error.message.split(";")[0] + "; log in to continue where you were.")
            current = self.login()  # Back (Ctrl-C) leaves the action
            if previous is not None and current.pk != previous.pk:
                raise ActorChanged(previous, current) from None
            return service(actor=self.actor(), **kwargs)
