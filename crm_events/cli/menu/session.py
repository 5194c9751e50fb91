"""Who is using the menu: log in, re-read the employee at every step, re-login on expiry."""

from crm_core.errors import NotAuthenticated
from cli.menu.prompts import Back


class MenuSession:
    def __init__(self, env, prompter):
        self.env = env
        self.prompter = prompter

    def actor(self):
        """The employee behind the stored token, re-read from the database (department included)."""
        from epic_auth_app.authentication import authenticate_session_file

        return authenticate_session_file(self.env.session_file)

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
            employee = result.employee
            self.prompter.say(f"Welcome, {employee.full_name} ({employee.department.name}).")
            return employee

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
        """Call a service as the current employee; if the session ended meanwhile, log in and carry on."""
        try:
            return service(actor=self.actor(), **kwargs)
        except NotAuthenticated as error:
            self.prompter.warn(error.message.split(";")[0] + "; log in to continue where you were.")
            try:
                self.login()
            except Back:
                raise
            return service(actor=self.actor(), **kwargs)
